"""Personal API tokens: creating and revoking them (audited), the write rights a token may carry, and checking
the secret a client presents.

A token reads `ocop_<prefix>_<secret>`: the prefix (public, 8 characters) finds the row, the secret (256 random
bits) is never stored; the row keeps an HMAC-SHA-256 of the whole token under a key derived from SECRET_KEY (or
API_TOKEN_KEY), compared in constant time. A leaked database gives neither the secrets nor a way to test guesses
without the key."""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import scope
from accounts.models import Role, User
from accounts.rules import can_manage_users
from areas.models import Area
from audit import domain as audit

from .models import ApiToken, ServiceAccount

PREFIX = "ocop_"
PREFIX_LENGTH = 8
AUDITED_FIELDS = ["name", "prefix", "scopes", "expires_at", "revoked_at"]
USE_RECORDED_EVERY = datetime.timedelta(minutes=1)  # a busy integration writes its "last used" once a minute


class WriteScope(models.TextChoices):
    """The named write rights a token may carry; a token without any is read-only. A write view names the one it
    needs in its `token_scope` (`api.permissions.TokenScopes`)."""

    PRODUCERS = "write:producers", gettext_lazy("Ghi chủ thể")
    PRODUCTS = "write:products", gettext_lazy("Ghi sản phẩm")
    DOSSIERS = "write:dossiers", gettext_lazy("Ghi hồ sơ")
    SCORING = "write:scoring", gettext_lazy("Chấm điểm")
    CERTIFICATES = "write:certificates", gettext_lazy("Ghi giấy chứng nhận")
    STAMPS = "write:stamps", gettext_lazy("Đặt và quản lý tem")
    INSPECTIONS = "write:inspections", gettext_lazy("Ghi kiểm tra")
    MARKET = "write:market", gettext_lazy("Ghi sự kiện, điểm bán")
    PROGRAMME = "write:programme", gettext_lazy("Ghi kế hoạch, hỗ trợ, sự kiện")


def max_days() -> int:
    return settings.API_TOKEN_MAX_DAYS


def _key() -> bytes:
    key = settings.API_TOKEN_KEY
    if key:
        return key.encode()
    # Derived, not the key itself: the digests must not help anyone learn SECRET_KEY.
    return hashlib.sha256(b"ocop.api.token:" + settings.SECRET_KEY.encode()).digest()


def digest(token: str) -> str:
    return hmac.new(_key(), token.encode(), hashlib.sha256).hexdigest()


def split(raw: str) -> str | None:
    """The prefix of a well-formed token, or None."""
    if not raw.startswith(PREFIX):
        return None
    prefix, _sep, secret = raw[len(PREFIX) :].partition("_")
    if len(prefix) != PREFIX_LENGTH or not prefix.isalnum() or len(secret) < 32:
        return None
    return prefix


def matches(token: ApiToken, raw: str) -> bool:
    return hmac.compare_digest(token.digest, digest(raw))


# --- who manages whose tokens -------------------------------------------------------------------------------


def is_service_account(user) -> bool:
    return ServiceAccount.objects.filter(user_id=user.pk).exists()


def can_manage_service_account(by, account: ServiceAccount) -> bool:
    """A province's OCOP officers (and administrators) run the service accounts of their province."""
    return can_manage_users(by) and by.role in (Role.PROVINCE_OFFICER, Role.SYSADMIN) and scope.covers(by, account)


def can_create_service_account(by) -> bool:
    return by.is_authenticated and by.role in (Role.PROVINCE_OFFICER, Role.SYSADMIN)


def can_manage_tokens_of(by, user) -> bool:
    """Everyone signed in with a password runs their own tokens; a service account's are its managers'."""
    if not by.is_authenticated:
        return False
    account = ServiceAccount.objects.select_related("user").filter(user_id=user.pk).first()
    if account is not None:
        return can_manage_service_account(by, account)
    return by.pk == user.pk


# --- creating and revoking ------------------------------------------------------------------------------------


@transaction.atomic
def create_token(
    *, user: User, name: str, expires_on: datetime.date, scopes: list[str], by: User
) -> tuple[ApiToken, str]:
    """A new token for `user`, valid until the end of `expires_on` (at most API_TOKEN_MAX_DAYS ahead), with
    `scopes` (empty: read-only). Returns the token and its secret, which is shown once and kept nowhere.
    Side effects: audit entry."""
    if not can_manage_tokens_of(by, user):
        raise PermissionDenied
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Hãy đặt tên cho mã truy cập (ví dụ: tên ứng dụng dùng nó).")
    today = timezone.localdate()
    if expires_on is None:
        errors["expires_on"] = _("Hãy chọn ngày hết hạn.")
    elif expires_on <= today:
        errors["expires_on"] = _("Ngày hết hạn phải sau hôm nay.")
    elif expires_on > today + datetime.timedelta(days=max_days()):
        errors["expires_on"] = _("Mã truy cập có hạn tối đa %(days)s ngày.") % {"days": max_days()}
    unknown = sorted(set(scopes) - set(WriteScope.values))
    if unknown:
        errors["scopes"] = _("Quyền không có: %(names)s.") % {"names": ", ".join(unknown)}
    elif scopes and is_service_account(user):
        errors["scopes"] = _("Mã truy cập của tài khoản tích hợp chỉ được đọc.")
    if errors:
        raise ValidationError(errors)
    tz = timezone.get_current_timezone()
    expires_at = datetime.datetime.combine(expires_on + datetime.timedelta(days=1), datetime.time(), tzinfo=tz)
    while True:
        prefix = secrets.token_hex(PREFIX_LENGTH // 2)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    raw = f"{PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        digest=digest(raw),
        scopes=sorted(set(scopes)),
        expires_at=expires_at,
        created_by=by,
    )
    audit.record(actor=by, action="create", obj=token, after=audit.snapshot(token, AUDITED_FIELDS))
    return token, raw


@transaction.atomic
def revoke_token(*, token: ApiToken, by: User) -> ApiToken:
    """Revoke a token at once; a token already revoked stays as it was. Side effects: audit entry."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if not can_manage_tokens_of(by, token.user):
        raise PermissionDenied
    if token.revoked_at is not None:
        return token
    before = audit.snapshot(token, AUDITED_FIELDS)
    token.revoked_at = timezone.now()
    token.revoked_by = by
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit.record(actor=by, action="revoke", obj=token, before=before, after=audit.snapshot(token, AUDITED_FIELDS))
    return token


def record_use(token: ApiToken, *, address: str | None) -> None:
    """Note when and from where the token was used, at most once a minute (one conditional UPDATE, which a
    concurrent request of the same minute finds already done)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < USE_RECORDED_EVERY:
        return
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - USE_RECORDED_EVERY)
    ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now, last_used_from=address or None)
    token.last_used_at, token.last_used_from = now, address or None


@transaction.atomic
def create_service_account(*, by: User, username: str, purpose: str, province: Area | None = None) -> ServiceAccount:
    """An account for an integration of one province: the officer's own (an administrator names it). Its user
    holds the inspector's role with the province as its area, and has no usable password: it works through its
    tokens only. Side effects: audit entries for the account and its user."""
    if not can_create_service_account(by):
        raise PermissionDenied
    if by.role == Role.PROVINCE_OFFICER:
        province = by.area
    if province is None or province.level != Area.Level.PROVINCE or not province.is_current:
        raise ValidationError({"province": _("Hãy chọn một tỉnh/thành phố hiện nay.")})
    purpose = (purpose or "").strip()
    if not purpose:
        raise ValidationError({"purpose": _("Hãy ghi tích hợp này dùng để làm gì.")})
    user = User(username=(username or "").strip(), role=Role.INSPECTOR, area=province, first_name=purpose[:150])
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    account = ServiceAccount.objects.create(user=user, purpose=purpose, created_by=by)
    audit.record(actor=by, action="create", obj=user, after=audit.snapshot(user, ["username", "role", "area"]))
    audit.record(actor=by, action="create", obj=account, after=audit.snapshot(account, ["user", "purpose"]))
    return account
