from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from products.models import Product

from .domain import batch_max
from .links import LOT_MAX_LENGTH
from .models import RevokeReason, StampSize
from .pdf import Layout


class ProductChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Product) -> str:
        return f"{obj.name} ({obj.official_code}) — {obj.producer.name}"


class OrderForm(forms.Form):
    product = ProductChoiceField(label=_("Sản phẩm"), queryset=Product.objects.none())
    quantity = forms.IntegerField(label=_("Số lượng tem"), min_value=1)
    lot = forms.CharField(
        label=_("Số lô"),
        max_length=LOT_MAX_LENGTH,
        help_text=_("Tối đa 20 ký tự: chữ cái không dấu, chữ số, dấu - . / _ … (chuẩn GS1)."),
    )
    production_date = forms.DateField(label=_("Ngày sản xuất"), widget=DateInput())
    expiry_date = forms.DateField(label=_("Hạn sử dụng"), widget=DateInput())

    def __init__(self, *args, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products
        self.fields["quantity"].max_value = batch_max()
        self.fields["quantity"].widget.attrs["max"] = batch_max()


class SheetForm(forms.Form):
    """What to print: a range of the batch's stamps, in one stamp size (the grid follows from it)."""

    first = forms.IntegerField(label=_("Từ tem thứ"), min_value=1, initial=1)
    count = forms.IntegerField(label=_("Số tem"), min_value=1)
    stamp_size = forms.ChoiceField(label=_("Cỡ tem"), choices=StampSize.choices, initial=Layout.size)
    margin_mm = forms.DecimalField(
        label=_("Lề trang (mm)"), initial=Layout.margin_mm, max_digits=4, decimal_places=1, min_value=0
    )

    def layout(self) -> Layout:
        return Layout(size=self.cleaned_data["stamp_size"], margin_mm=Decimal(self.cleaned_data["margin_mm"]))


def _reason_field() -> forms.ChoiceField:
    # No reason is preselected: revoking says why, and the person revoking must choose it.
    return forms.ChoiceField(
        label=_("Lý do thu hồi"),
        choices=[("", _("— Chọn lý do —")), *RevokeReason.choices],
        error_messages={"required": _("Chọn lý do thu hồi: bị mất, bị đánh cắp hoặc in hỏng.")},
    )


class RevokeBatchForm(forms.Form):
    reason = _reason_field()


class RevokeStampsForm(forms.Form):
    serials = forms.CharField(
        label=_("Mã tem cần thu hồi"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mỗi dòng một mã, hoặc cách nhau bởi dấu phẩy; có thể gõ cả dấu gạch ngang."),
        error_messages={"required": _("Nhập ít nhất một mã tem.")},
    )
    reason = _reason_field()

    def serial_list(self) -> list[str]:
        text = self.cleaned_data["serials"].replace(",", "\n").replace(";", "\n")
        return [line.strip() for line in text.splitlines() if line.strip()]
