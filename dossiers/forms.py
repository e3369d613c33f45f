from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput

from .domain.applications import FORM_FIELDS
from .domain.documents import METADATA_FIELDS
from .files import max_document_bytes
from .models import Application, ApplicationKind, ApplicationStatus, CommuneReview, Document, DocumentKind

ACCEPT = "application/pdf,image/jpeg,image/png"


class NewApplicationForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Sản phẩm"), queryset=None)
    kind = forms.ChoiceField(
        label=_("Loại đăng ký"),
        choices=ApplicationKind.choices,
        widget=forms.RadioSelect,
        initial=ApplicationKind.FIRST,
    )

    def __init__(self, *args, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products


class ApplicationForm(forms.ModelForm):
    """Mẫu 01 (samples, commitment) and the written parts of Mẫu 02."""

    class Meta:
        model = Application
        fields = list(FORM_FIELDS)
        help_texts = {
            "sample_count": _("Mẫu sản phẩm nộp kèm hồ sơ (ít nhất 5, trừ sản phẩm dịch vụ du lịch)."),
            "commitment": _("Chủ thể cam kết thông tin trong hồ sơ là trung thực và chịu trách nhiệm trước pháp luật."),
            "history": _("Mẫu 02, phần I: quá trình hình thành, phát triển của chủ thể và sản phẩm."),
            "business_results": _("Mẫu 02, phần II: vùng nguyên liệu, công nghệ, thị trường, doanh thu, lợi nhuận."),
            "business_plan": _("Mẫu 02, phần IV: kế hoạch sản xuất, kinh doanh."),
            "changes_since_recognition": _(
                "Với hồ sơ nâng hạng hoặc đánh giá lại: những thay đổi so với sản phẩm đã được công nhận."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.kind == ApplicationKind.FIRST:
            del self.fields["changes_since_recognition"]

    def _post_clean(self):
        # The dossier is written by the domain function, which runs its own checks.
        pass

    def domain_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class DocumentFieldsMixin(forms.Form):
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Tên tài liệu"), max_length=255)
    valid_until = forms.DateField(
        label=_("Hiệu lực đến"),
        required=False,
        widget=DateInput(),
        help_text=_("Với giấy tờ có thời hạn (giấy chứng nhận, phiếu kiểm nghiệm…)."),
    )


class DocumentUploadForm(DocumentFieldsMixin):
    file = forms.FileField(
        label=_("Tệp"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    field_order = ["file", "kind", "title", "valid_until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = max_document_bytes() / 1048576
        self.fields["file"].help_text = _("PDF, JPEG hoặc PNG, tối đa %(limit)s MB.") % {"limit": f"{limit:g}"}

    def domain_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "upload": data["file"],
            "kind": data["kind"],
            "title": data["title"],
            "valid_until": data["valid_until"],
        }


class EvidenceUploadForm(DocumentUploadForm):
    criterion_code = forms.CharField(required=False, max_length=10, widget=forms.HiddenInput)


class DocumentEditForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = list(METADATA_FIELDS)
        widgets = {"valid_until": DateInput()}


class AttachForm(forms.Form):
    document = forms.ModelChoiceField(label=_("Tài liệu trong thư viện"), queryset=Document.objects.none())
    criterion_code = forms.CharField(required=False, max_length=10, widget=forms.HiddenInput)

    def __init__(self, *args, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents


class CommuneReviewForm(forms.Form):
    """Mẫu 03: the commune's report."""

    complete = forms.BooleanField(label=_("Hồ sơ đầy đủ thành phần theo quy định"), required=False)
    local_raw_materials = forms.CharField(
        label=_("(1) Về sử dụng nguyên liệu địa phương"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    local_labour = forms.CharField(
        label=_("(2) Về sử dụng lao động địa phương"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    idea_origin = forms.CharField(
        label=_("(3) Về nguồn gốc ý tưởng sản phẩm"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    local_identity = forms.CharField(
        label=_("(4) Về tính đặc trưng, bản sắc, trí tuệ địa phương"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    report = forms.CharField(
        label=_("Ý kiến, kiến nghị của UBND xã"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    decision = forms.ChoiceField(label=_("Đề xuất"), choices=CommuneReview.Decision.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Lý do trả lại (khi trả lại chủ thể)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 3}))


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")), *ApplicationStatus.choices]
    )


def parse_self_score(data, codes) -> tuple[dict[str, object], dict[str, str]]:
    """The self-score posted by the sheet form: radio `c-<code>` → option position, text `n-<code>` → note.
    Values are left as posted; the domain function checks them."""
    choices, notes = {}, {}
    for code in codes:
        value = data.get(f"c-{code}")
        if value not in (None, ""):
            choices[code] = value
        note = data.get(f"n-{code}", "")
        if note.strip():
            notes[code] = note
    return choices, notes
