from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import people
from accounts.models import User
from certificates.models import WithdrawalGround
from core.forms import DateInput
from products.models import Product

from . import checklist
from .models import Finding, InspectionPlan, Kind, Outcome, OutcomeKind, Result, Trigger


def years() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year + 1, 2018, -1)]


class PlanForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, choices=years)
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=300)
    note = forms.CharField(label=_("Nội dung, phạm vi"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class UserChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class ProductChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.producer.name}"


class InspectionForm(forms.Form):
    """An inspection's products (their producers come with them), team, dates and scope. The choices are what
    the user sees; the domain checks the rest (one province, the team's, the plan's)."""

    kind = forms.ChoiceField(label=_("Hình thức"), choices=Kind.choices, widget=forms.RadioSelect)
    plan = forms.ModelChoiceField(
        label=_("Kế hoạch (kiểm tra định kỳ)"),
        queryset=InspectionPlan.objects.none(),
        to_field_name="code",
        required=False,
    )
    trigger = forms.ChoiceField(label=_("Căn cứ kiểm tra"), choices=Trigger.choices)
    trigger_note = forms.CharField(label=_("Chi tiết căn cứ"), max_length=500, required=False)
    products = ProductChoices(label=_("Sản phẩm được kiểm tra"), queryset=Product.objects.none(), to_field_name="code")
    team = UserChoices(label=_("Đoàn kiểm tra"), queryset=User.objects.none(), to_field_name="username")
    starts_on = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    ends_on = forms.DateField(label=_("Đến ngày"), widget=DateInput())
    scope_note = forms.CharField(
        label=_("Phạm vi, nội dung kiểm tra"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = InspectionPlan.objects.visible_to(user)
        self.fields["products"].queryset = (
            Product.objects.visible_to(user).select_related("producer").order_by("producer__name", "name")
        )
        self.fields["team"].queryset = people.inspector_accounts(user.area_id).order_by("first_name", "username")

    def clean(self):
        data = super().clean()
        if data.get("kind") == Kind.PERIODIC:
            data["trigger"] = Trigger.PLAN
        else:
            data["plan"] = None
        products = data.get("products") or []
        data["producers"] = list({product.producer_id: product.producer for product in products}.values())
        return data


class TransitionForm(forms.Form):
    note = forms.CharField(label=_("Lý do"), required=False, max_length=500)
    conclusion = forms.CharField(label=_("Kết luận"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    concluded_on = forms.DateField(label=_("Ngày kết luận"), required=False, widget=DateInput())


class OutcomeForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Sản phẩm"), queryset=Product.objects.none(), to_field_name="code")
    kind = forms.ChoiceField(label=_("Kết quả"), choices=OutcomeKind.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Nội dung kết luận, hướng dẫn hoặc yêu cầu"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    concluded_on = forms.DateField(label=_("Ngày kết luận"), widget=DateInput())
    deadline = forms.DateField(label=_("Hạn khắc phục"), required=False, widget=DateInput())
    ground = forms.ChoiceField(
        label=_("Căn cứ đề xuất thu hồi (Điều 8, QĐ 26/2026)"),
        required=False,
        choices=[("", "—"), *WithdrawalGround.choices],
    )

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        undone = Outcome.objects.open_remediations().filter(inspection=inspection).values("product_id")
        products = inspection.products.all()
        if inspection.is_open:
            products = products.exclude(inspection_outcomes__inspection=inspection) | products.filter(pk__in=undone)
        else:
            products = products.filter(pk__in=undone)
        self.fields["product"].queryset = products.distinct()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


RESULT_CHOICES = [("", _("Chưa kiểm tra")), *Result.choices]


class VisitForm(forms.Form):
    """A visit: the product, the day and place, one result and note per checklist item (`checklist.ITEMS`;
    an item left "not checked" records nothing), and photos or PDFs."""

    product = forms.ModelChoiceField(label=_("Sản phẩm"), queryset=Product.objects.none(), to_field_name="code")
    visited_on = forms.DateField(label=_("Ngày kiểm tra"), widget=DateInput())
    place = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    note = forms.CharField(label=_("Ghi chú chung"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    files = MultipleFileField(label=_("Ảnh, tài liệu (JPEG, PNG, PDF)"), required=False)
    resolved = forms.BooleanField(label=_("Đã khắc phục xong: đóng yêu cầu khắc phục"), required=False)

    def __init__(self, *args, inspection, follows=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.follows = follows
        products = inspection.products.order_by("name")
        self.fields["product"].queryset = products
        if follows is not None:
            self.fields["product"].initial = follows.product.code
        else:
            only = list(products[:2])
            if len(only) == 1:
                self.fields["product"].initial = only[0].code
            del self.fields["resolved"]
        for item in checklist.ITEMS:
            self.fields[f"result_{item.key}"] = forms.ChoiceField(
                label=item.label, help_text=item.hint, choices=RESULT_CHOICES, required=False, widget=forms.RadioSelect
            )
            self.fields[f"note_{item.key}"] = forms.CharField(
                label=_("Ghi chú: %(item)s") % {"item": item.label}, max_length=1000, required=False
            )

    def sections(self):
        """The checklist's sections, each with its items and their two fields, for the template."""
        grouped: dict = {}
        for item in checklist.ITEMS:
            grouped.setdefault(item.section, []).append((item, self[f"result_{item.key}"], self[f"note_{item.key}"]))
        return list(grouped.items())

    @property
    def findings(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            item.key: (data[f"result_{item.key}"], data[f"note_{item.key}"])
            for item in checklist.ITEMS
            if data.get(f"result_{item.key}")
        }


class EvidenceForm(forms.Form):
    finding = forms.ModelChoiceField(label=_("Nội dung kiểm tra"), queryset=Finding.objects.none(), required=False)
    file = forms.FileField(
        label=_("Ảnh hoặc tệp PDF"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )
    title = forms.CharField(label=_("Mô tả"), max_length=200, required=False)

    def __init__(self, *args, visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = visit.findings.all()


class OverdueFilterForm(forms.Form):
    area = forms.CharField(label=_("Địa bàn"), required=False)
