"""What a token may do: every request signed with a token passes here (a default permission class, so no view
can forget it). A token reads what its user reads; it writes only through a view that names the write right it
needs (`token_scope`, one of `api.tokens.WriteScope`) and only if it carries that right. A write view that names
none takes no token at all. A view whose POST only reads (the validity look-up) says so with `token_scope =
READ`. What the user may do is still decided by the view's own rules: a token only ever narrows them."""

from django.utils.translation import gettext as _
from rest_framework import permissions

from .models import ApiToken

READ = "read"


class TokenScopes(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken) or request.method in permissions.SAFE_METHODS:
            return True
        needed = getattr(view, "token_scope", None)
        if needed == READ:
            return True
        if needed is None or needed not in token.scopes:
            self.message = (
                _("Mã truy cập này chỉ được đọc.")
                if token.is_read_only
                else _("Mã truy cập này không có quyền ghi này (%(scope)s).") % {"scope": needed or "—"}
            )
            return False
        return True
