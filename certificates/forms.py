from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput

from .models import CertificateStatus, WithdrawalGround

STAR_CHOICES = [("", _("Mọi hạng sao")), ("3", _("3 sao")), ("4", _("4 sao")), ("5", _("5 sao"))]


class CertificateFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Mọi trạng thái")), *CertificateStatus.choices]
    )
    stars = forms.ChoiceField(label=_("Hạng sao"), required=False, choices=STAR_CHOICES)


class WithdrawalForm(forms.Form):
    ground = forms.ChoiceField(
        label=_("Căn cứ thu hồi (Điều 8, QĐ 26/2026)"), choices=WithdrawalGround.choices, widget=forms.RadioSelect
    )
    conclusion = forms.CharField(
        label=_("Kết luận làm căn cứ"),
        widget=forms.Textarea,
        help_text=_("Kết luận kiểm tra, của cơ quan có thẩm quyền, hoặc xác nhận của xã về việc ngừng sản xuất."),
    )
    concluded_on = forms.DateField(label=_("Ngày có kết luận"), widget=DateInput())
    decision_number = forms.CharField(label=_("Số quyết định thu hồi"), max_length=50)
    decision_date = forms.DateField(
        label=_("Ngày quyết định"),
        widget=DateInput(),
        help_text=_("Chậm nhất 15 ngày kể từ ngày có kết luận."),
    )
    signer = forms.CharField(label=_("Người ký"), max_length=150)
    late_reason = forms.CharField(
        label=_("Lý do quyết định muộn"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Chỉ khi quyết định ban hành sau thời hạn 15 ngày: quyết định vẫn được ghi nhận, đánh dấu muộn."),
    )


class SignDecisionForm(forms.Form):
    """The official's signing step: the PIN of their token, when the province's key for the decision is one."""

    pin = forms.CharField(
        label=_("Mã PIN của thiết bị ký số"),
        required=False,
        max_length=64,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, pin_needed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not pin_needed:
            del self.fields["pin"]
