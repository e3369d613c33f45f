from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from products.models import Product

from .domain import batch_max
from .links import LOT_MAX_LENGTH
from .models import RevokeReason
from .pdf import LIMITS, Layout


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


def _millimetres(label, initial) -> forms.DecimalField:
    return forms.DecimalField(label=label, initial=initial, max_digits=4, decimal_places=1, min_value=0)


class SheetForm(forms.Form):
    """The grid of the printable sheets; the defaults fit 40 stamps of 24 mm on an A4 page."""

    first = forms.IntegerField(label=_("Từ tem thứ"), min_value=1, initial=1)
    count = forms.IntegerField(label=_("Số tem"), min_value=1)
    columns = forms.IntegerField(
        label=_("Số cột"), initial=Layout.columns, min_value=LIMITS["columns"][0], max_value=LIMITS["columns"][1]
    )
    rows = forms.IntegerField(
        label=_("Số hàng"), initial=Layout.rows, min_value=LIMITS["rows"][0], max_value=LIMITS["rows"][1]
    )
    margin_mm = _millimetres(_("Lề trang (mm)"), Layout.margin_mm)
    qr_size_mm = _millimetres(_("Cỡ mã QR, kể cả viền trắng (mm)"), Layout.qr_size_mm)

    def layout(self) -> Layout:
        data = self.cleaned_data
        return Layout(
            columns=data["columns"],
            rows=data["rows"],
            margin_mm=Decimal(data["margin_mm"]),
            qr_size_mm=Decimal(data["qr_size_mm"]),
        )


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
