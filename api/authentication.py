"""Signing in to the API: with a token (`Authorization: Bearer`, `api.tokens`), or HTTP Basic, which refuses a
user name that no account can have before it reaches the authentication backends and the lockout table
(django-axes)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.authentication import BasicScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.throttling import BaseThrottle

from core.text import has_control_characters

from . import tokens
from .models import ApiToken


class BasicAuthentication(authentication.BasicAuthentication):
    def authenticate_credentials(self, userid, password, request=None):
        limit = get_user_model()._meta.get_field("username").max_length
        if len(userid) > limit or has_control_characters(userid):
            raise exceptions.AuthenticationFailed(_("Tên đăng nhập hoặc mật khẩu không đúng."))
        return super().authenticate_credentials(userid, password, request)


class BasicAuthenticationScheme(BasicScheme):
    """Documents our subclass in the OpenAPI schema as plain HTTP Basic."""

    target_class = "api.authentication.BasicAuthentication"


class TokenRefused(exceptions.APIException):
    """A token that cannot be used: always 401 with a Bearer challenge. (DRF turns its own AuthenticationFailed
    into a 403 when the first authentication class, the session's, has no challenge to give; that answer is
    kept for anonymous and HTTP Basic clients.)"""

    status_code = 401
    default_code = "authentication_failed"
    auth_header = 'Bearer realm="api"'


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer ocop_…`: a personal or service account token (`api.tokens`). A token that is
    unknown, revoked, expired, or whose user is locked answers 401 saying which; each use is noted (when, and
    the client's address behind the trusted proxies, as the throttles see it) at most once a minute."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise TokenRefused(_("Tiêu đề Authorization phải là “Bearer <mã truy cập>”."))
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise TokenRefused(_("Mã truy cập không hợp lệ.")) from None
        prefix = tokens.split(raw)
        token = ApiToken.objects.select_related("user").filter(prefix=prefix).first() if prefix else None
        if token is None or not tokens.matches(token, raw):
            raise TokenRefused(_("Mã truy cập không hợp lệ."))
        if token.revoked_at is not None:
            raise TokenRefused(_("Mã truy cập này đã bị thu hồi."))
        if not token.is_live():
            raise TokenRefused(_("Mã truy cập này đã hết hạn."))
        if not token.user.is_active:
            raise TokenRefused(_("Tài khoản của mã truy cập này đã bị khoá."))
        tokens.record_use(token, address=BaseThrottle().get_ident(request))
        return token.user, token

    def authenticate_header(self, request):
        return TokenRefused.auth_header


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal or service account token, created on the account page "
            "(`/tai-khoan/api/`): `Authorization: Bearer ocop_…`. Read-only unless it carries the write right "
            "an operation names.",
        }
