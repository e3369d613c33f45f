from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from areas.forms import CommuneChoiceField
from core.forms import DateInput

from .domain import EDITABLE_FIELDS
from .models import Producer
from .validators import normalise_tax_code, validate_tax_code


class ProducerForm(forms.ModelForm):
    """The producer's declared data (Mẫu 01/02 part I). The domain function does the final checks."""

    area = CommuneChoiceField(label=_("Xã/phường nơi đặt trụ sở"))

    class Meta:
        model = Producer
        fields = list(EDITABLE_FIELDS)
        widgets = {"founded_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only imported households go without one; whoever registers here gives it.
        self.fields["tax_code"].required = True

    def clean_tax_code(self):
        value = normalise_tax_code(self.cleaned_data["tax_code"])
        validate_tax_code(value)
        duplicates = Producer.objects.filter(tax_code=value).exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise forms.ValidationError(Producer._meta.get_field("tax_code").error_messages["unique"])
        return value

    def _post_clean(self):
        # Model-level checks run in the domain function (with the computed current commune and province).
        pass

    def domain_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class VerifyForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Kết quả"),
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        choices=[("yes", _("Xác minh: thông tin đúng")), ("no", _("Không xác minh được"))],
    )
    note = forms.CharField(label=_("Ghi chú / lý do"), required=False, max_length=500, widget=forms.Textarea)


class ProducerFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False)
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")), *list(Producer.Status.choices)]
    )
    kind = forms.ChoiceField(
        label=_("Loại hình"),
        required=False,
        choices=[("", _("Tất cả")), *list(Producer._meta.get_field("kind").choices)],
    )


class AccountFields(forms.Form):
    username = forms.RegexField(
        label=_("Tên đăng nhập"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("Chữ, số và các ký tự . @ + - _"),
        error_messages={"invalid": _("Tên đăng nhập chỉ gồm chữ, số và các ký tự . @ + - _")},
    )
    email = forms.EmailField(label=_("Thư điện tử"))
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Ít nhất 10 ký tự, có cả chữ và số."),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Tên đăng nhập này đã có người dùng."))
        return username

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("Hai mật khẩu không khớp."))
        return cleaned


class RegistrationForm(AccountFields, ProducerForm):
    """A producer's sign-up: the account and the producer profile on one page."""

    field_order = ["username", "email", "password1", "password2"]
