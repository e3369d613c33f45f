from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from areas.models import Area

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
