import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from criteria.models import ProductGroup
from producers.models import ProducerKind
from stamps import serials
from stamps.models import FakeReport

# A whole stamp URL pasted into the form: take the serial after "/21/" (GS1 Digital Link) or "/s/".
_SERIAL_IN_URL = re.compile(r"/(?:21|s)/([^/?#]+)")
TYPO_MESSAGE = _(
    "Mã nhập sai, kiểm tra lại. Mã gồm 17 chữ và số in dưới mã QR, dạng XXXX-XXXX-XXXX-XXXX-X. "
    "Nếu đã nhập đúng từng ký tự mà vẫn báo sai, tem có thể là tem giả: hãy báo cáo cho chúng tôi."
)


def serial_from_text(text: str) -> str:
    """What a person typed or pasted, as a serial: the part after /21/ or /s/ of a link, normalised."""
    text = (text or "").strip()
    match = _SERIAL_IN_URL.findall(text)
    return serials.normalise(match[-1] if match else text)


class CheckForm(forms.Form):
    """Manual entry of the code printed under the QR code, for people without a camera."""

    ma = forms.CharField(
        label=_("Mã trên tem"),
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "placeholder": "XXXX-XXXX-XXXX-XXXX-X",
            }
        ),
        help_text=_("17 chữ và số in dưới mã QR; không phân biệt chữ hoa, chữ thường, dấu gạch ngang."),
    )

    def clean_ma(self) -> str:
        serial = serial_from_text(self.cleaned_data["ma"])
        if not serials.is_valid(serial):
            # The check character decides, offline: a mistyped code never reaches the database.
            raise ValidationError(TYPO_MESSAGE, code="typo")
        return serial


def provinces():
    return Area.objects.current().filter(level=Area.Level.PROVINCE).order_by("name")


class ReportForm(forms.Form):
    """A consumer's report of a suspected fake. The province is asked only when no stamp of ours is known: a
    stamp's code names its province (see `public.reports`), so the form drops the field for a known stamp."""

    ma = forms.CharField(label=_("Mã trên tem (nếu có)"), max_length=200, required=False)
    province = forms.ModelChoiceField(
        label=_("Tỉnh/thành phố nơi mua hoặc phát hiện"),
        queryset=Area.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("— Chọn tỉnh/thành phố —"),
        help_text=_("Cần khi không có mã tem hoặc mã không tra được; có mã tem thì phản ánh tới tỉnh cấp tem."),
    )
    what = forms.CharField(
        label=FakeReport._meta.get_field("what").verbose_name.capitalize(),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Điều gì khiến bạn nghi ngờ: tem, bao bì, chất lượng, giá bán…"),
    )
    where = forms.CharField(
        label=FakeReport._meta.get_field("where").verbose_name.capitalize(),
        max_length=300,
        help_text=_("Tên cửa hàng, chợ, trang bán hàng trực tuyến, địa chỉ."),
    )
    photo = forms.FileField(
        label=_("Ảnh chụp (không bắt buộc)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("Ảnh JPEG, PNG hoặc WebP."),
    )
    keep_photo = forms.BooleanField(label=_("Giữ ảnh đã đính kèm"), required=False, initial=True)
    contact = forms.CharField(
        label=FakeReport._meta.get_field("contact").verbose_name.capitalize(),
        max_length=150,
        required=False,
        help_text=_("Điện thoại hoặc thư điện tử, nếu bạn muốn thanh tra liên hệ lại."),
    )

    def __init__(self, *args, stamp=None, pending_photo: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.stamp = stamp
        if stamp is not None:
            del self.fields["province"]
        else:
            self.fields["province"].queryset = provinces()
        if not pending_photo:
            del self.fields["keep_photo"]
        else:
            self.fields["photo"].label = _("Thay bằng ảnh khác (không bắt buộc)")

    def clean_ma(self) -> str:
        return serial_from_text(self.cleaned_data["ma"])[:40]


class FollowForm(forms.Form):
    """The consumer follows their report by the reference number they were given."""

    ma = forms.CharField(
        label=_("Số tham chiếu của phản ánh"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
        help_text=_("Số gồm 10 chữ và số, nhận được khi gửi phản ánh."),
    )

    def clean_ma(self) -> str:
        return self.cleaned_data["ma"].strip().upper()


STAR_CHOICES = [("", _("Mọi hạng sao")), ("3", _("3 sao")), ("4", _("4 sao")), ("5", _("5 sao"))]


class CatalogueFilterForm(forms.Form):
    """The public catalogue's search and filters; the choices are codes, never database ids."""

    q = forms.CharField(label=_("Tìm sản phẩm"), required=False, max_length=100)
    sao = forms.ChoiceField(label=_("Hạng sao"), choices=STAR_CHOICES, required=False)
    nganh = forms.ChoiceField(label=_("Ngành"), required=False)
    nhom = forms.ChoiceField(label=_("Nhóm"), required=False)
    tinh = forms.ChoiceField(label=_("Tỉnh/thành phố"), required=False)
    xa = forms.ChoiceField(label=_("Xã/phường"), required=False)
    loai = forms.ChoiceField(
        label=_("Loại hình chủ thể"), choices=[("", _("Mọi loại hình")), *ProducerKind.choices], required=False
    )
    tat_ca = forms.BooleanField(
        label=_("Cả sản phẩm đã hết hạn/bị thu hồi chứng nhận"),
        required=False,
        help_text=_("Những sản phẩm này không còn được dùng sao OCOP."),
    )

    def __init__(self, *args, groups: list[ProductGroup], provinces: list[Area], communes: list[Area], **kwargs):
        super().__init__(*args, **kwargs)
        sectors = {group.sector.numeral: group.sector for group in groups}
        self.fields["nganh"].choices = [("", _("Mọi ngành")), *((n, str(s)) for n, s in sectors.items())]
        self.fields["nhom"].choices = [("", _("Mọi nhóm")), *((g.code, str(g)) for g in groups)]
        self.fields["tinh"].choices = [("", _("Cả nước")), *((p.code, p.name) for p in provinces)]
        self.fields["xa"].choices = [("", _("Mọi xã/phường")), *((c.code, c.name) for c in communes)]


class ShopWindowForm(forms.Form):
    """The home page's province picker: a province of today, by code (none: the whole country)."""

    tinh = forms.ChoiceField(label=_("Tỉnh/thành phố"), required=False)

    def __init__(self, *args, provinces: list[Area], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tinh"].choices = [("", _("Cả nước")), *((p.code, p.name) for p in provinces)]

    def province_code(self) -> str:
        return self.cleaned_data["tinh"] if self.is_valid() else ""


PDF_TYPES = {"application/pdf", "application/x-pdf"}


class SignedFileForm(forms.Form):
    """A signed PDF to check (the public "check a signed file" page). It is read in memory, never stored."""

    tep = forms.FileField(
        label=_("Tệp PDF đã ký số"), widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})
    )

    def __init__(self, *args, max_bytes: int, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes, self.too_large = max_bytes, too_large

    def too_large_message(self) -> str:
        return _("Tệp quá lớn: tối đa %(mb)s MB.") % {"mb": self.max_bytes // (1024 * 1024)}

    def clean(self):
        if self.too_large:
            raise ValidationError(self.too_large_message())
        return super().clean()

    def clean_tep(self) -> bytes:
        upload = self.cleaned_data["tep"]
        if upload.size > self.max_bytes:
            raise ValidationError(self.too_large_message())
        if (upload.content_type or "").split(";")[0].strip().lower() not in PDF_TYPES:
            raise ValidationError(_("Chỉ nhận tệp PDF."))
        data = upload.read(self.max_bytes + 1)
        if b"%PDF-" not in data[:1024]:
            raise ValidationError(_("Tệp không phải là tệp PDF."))
        return data
