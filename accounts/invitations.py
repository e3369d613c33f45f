"""Accounts opened for someone by the officer who keeps what the account is for (a sales point's operator): the
account has no password until its holder sets one from the link e-mailed to them. The link carries Django's
password-reset token, so it works for `PASSWORD_RESET_TIMEOUT` and no more once a password is set."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from core.site import site_url

from .models import User


def set_password_path(user: User) -> str:
    """The page where `user` sets their password, with the token that lets them."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("accounts:set_password", args=[uidb64, default_token_generator.make_token(user)])


def send_invitation(user: User, *, what: str) -> None:
    """E-mail `user` the link to set their password, once the transaction that opened the account commits. `what`
    says, in the e-mail, what the account is for."""
    link = site_url(set_password_path(user))
    body = _(
        "Bạn được cấp tài khoản trên hệ thống OCOP cho %(what)s. Tên đăng nhập: %(username)s.\n\n"
        "Đặt mật khẩu tại đường dẫn sau (dùng được một lần, trong %(days)s ngày):\n%(link)s"
    ) % {
        "what": what,
        "username": user.username,
        "link": link,
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    subject = _("OCOP: tài khoản của bạn")
    transaction.on_commit(lambda: send_mail(subject, body, None, [user.email], fail_silently=True))
