from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MixedCharacterValidator:
    """A strong password mixes letters and digits (and is long, checked by MinimumLengthValidator)."""

    def validate(self, password, user=None):
        if not (any(c.isalpha() for c in password) and any(c.isdigit() for c in password)):
            raise ValidationError(_("Mật khẩu phải có cả chữ và số."), code="password_not_mixed")

    def get_help_text(self):
        return _("Mật khẩu phải có cả chữ và số.")
