"""HTTP Basic sign-in for API clients, refusing a user name that no account can have before it reaches the
authentication backends and the lockout table (django-axes)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.authentication import BasicScheme
from rest_framework import authentication, exceptions

from core.text import has_control_characters


class BasicAuthentication(authentication.BasicAuthentication):
    def authenticate_credentials(self, userid, password, request=None):
        limit = get_user_model()._meta.get_field("username").max_length
        if len(userid) > limit or has_control_characters(userid):
            raise exceptions.AuthenticationFailed(_("Tên đăng nhập hoặc mật khẩu không đúng."))
        return super().authenticate_credentials(userid, password, request)


class BasicAuthenticationScheme(BasicScheme):
    """Documents our subclass in the OpenAPI schema as plain HTTP Basic."""

    target_class = "api.authentication.BasicAuthentication"
