from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from producers.forms import ProducerForm

from .domain import EDITABLE_FIELDS
from .models import Role, User


class UsernameLengthMixin:
    """Django sets a sign-in form's user-name max_length after the field is built, so only the browser enforced
    it; a longer name reached the authentication backends and overflowed the lockout table (django-axes)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(
            MaxLengthValidator(username.max_length, _("Tên đăng nhập dài tối đa %(limit_value)s ký tự."))
        )


class LoginForm(UsernameLengthMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý chữ hoa, chữ thường."),
        "inactive": _("Tài khoản này đã bị khoá."),
    }


class AdminLoginForm(UsernameLengthMixin, AdminAuthenticationForm):
    pass


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


class UserForm(forms.ModelForm):
    class Meta:
        model = User
        fields = list(EDITABLE_FIELDS)

    def __init__(self, *args, by: User, **kwargs):
        super().__init__(*args, **kwargs)
        areas = Area.objects.current().select_related("parent")
        if by.role == Role.PROVINCE_OFFICER:
            areas = areas.filter(current_province_id=by.area_id)
            self.fields["role"].choices = [
                (r.value, r.label) for r in Role if r not in (Role.SYSADMIN, Role.MINISTRY_OFFICER)
            ]
        self.fields["area"].queryset = areas.order_by("level", "name")
        self.fields["area"].required = False
        self.fields["area"].help_text = _("Xã với cán bộ cấp xã; tỉnh với cán bộ tỉnh, hội đồng, tổ tư vấn, thanh tra.")


class NewUserForm(UserForm):
    password = forms.CharField(
        label=_("Mật khẩu ban đầu"), widget=forms.PasswordInput, help_text=_("Ít nhất 10 ký tự, có cả chữ và số.")
    )
