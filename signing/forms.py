from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import SigningSetup


class SetupForm(forms.Form):
    method = forms.ChoiceField(label=_("Cách ký"), choices=SigningSetup.Method.choices, widget=forms.RadioSelect)
    key_file = forms.CharField(
        label=_("Tệp PKCS#12"),
        required=False,
        max_length=255,
        help_text=_("Đường dẫn trong thư mục khóa ký số của máy chủ, ví dụ: keys/ubnd-tinh.p12"),
    )
    password_file = forms.CharField(
        label=_("Tệp mật khẩu"),
        required=False,
        max_length=255,
        help_text=_("Đường dẫn trong thư mục khóa ký số; hoặc dùng biến môi trường bên dưới"),
    )
    password_env = forms.CharField(
        label=_("Biến môi trường chứa mật khẩu"),
        required=False,
        max_length=100,
        help_text=_("Tên bắt đầu bằng SIGNING_"),
    )
    module_path = forms.ChoiceField(label=_("Thư viện PKCS#11"), required=False, choices=())
    token_label = forms.CharField(label=_("Nhãn thẻ ký số"), required=False, max_length=100)
    key_label = forms.CharField(label=_("Nhãn khóa và chứng thư số trên thẻ"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module_path"].choices = [(path, path) for path in settings.SIGNING_PKCS11_MODULES]


class TrySigningForm(forms.Form):
    pin = forms.CharField(
        label=_("Mã PIN của thẻ ký số"),
        required=False,
        max_length=64,
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
