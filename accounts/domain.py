"""Account rules: the administration of accounts, the account someone opens for themself on a sign-up page
(`register_own_account`, which `producers.domain` and `market.domain.buyers` complete with their profile), and the
account an officer opens for someone else, who sets its password from an e-mailed link (`invite_account`, which
`market.domain.sales_points` uses for a sales point's operator)."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from areas.models import Area
from audit import domain as audit

from .invitations import send_invitation
from .models import NATIONAL, PROVINCE_SCOPED, Role, User
from .rules import can_manage_users

# What an administrator gives and may change of an account (`create_user`, `update_user`).
EDITABLE_FIELDS = ["username", "first_name", "last_name", "email", "phone", "role", "area", "is_active"]
AUDITED_FIELDS = [
    "username",
    "first_name",
    "last_name",
    "email",
    "phone",
    "role",
    "area",
    "producer",
    "sales_point",
    "is_active",
]


def _check_scope(*, role: str, area: Area | None) -> None:
    """Each role needs an area of the right level: a commune for commune officers, a province for
    province-scoped roles, none for national roles."""
    if role == Role.COMMUNE_OFFICER and (area is None or area.level != Area.Level.COMMUNE or not area.is_current):
        raise ValidationError({"area": _("Cán bộ cấp xã phải gắn với một xã/phường hiện nay.")})
    # Council and advisory members without an area sit on the central council.
    central_allowed = role in (Role.COUNCIL_MEMBER, Role.ADVISORY_MEMBER)
    if role in PROVINCE_SCOPED and area is None and not central_allowed:
        raise ValidationError({"area": _("Vai trò này phải gắn với một tỉnh/thành phố hiện nay.")})
    if role in PROVINCE_SCOPED and area is not None and (area.level != Area.Level.PROVINCE or not area.is_current):
        raise ValidationError({"area": _("Vai trò này phải gắn với một tỉnh/thành phố hiện nay.")})
    if role in NATIONAL and area is not None:
        raise ValidationError({"area": _("Vai trò cấp trung ương không gắn với địa bàn.")})


@transaction.atomic
def create_user(*, by: User, password: str, **fields: Any) -> User:
    """An administrator (or a province officer, inside their province) opens an account with a role.
    Side effects: audit entry."""
    if not can_manage_users(by):
        raise PermissionDenied
    user = User(**fields)
    _check_scope(role=user.role, area=user.area)
    _check_may_assign(by=by, role=user.role, area=user.area)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(actor=by, action="create", obj=user, after=audit.snapshot(user, AUDITED_FIELDS))
    return user


@transaction.atomic
def update_user(*, user: User, by: User, **fields: Any) -> User:
    """Change an account's details, role or area. Side effects: audit entry with before/after."""
    if not can_manage_users(by) or not User.objects.visible_to(by).filter(pk=user.pk).exists():
        raise PermissionDenied
    before = audit.snapshot(user, AUDITED_FIELDS)
    for name, value in fields.items():
        setattr(user, name, value)
    _check_scope(role=user.role, area=user.area)
    _check_may_assign(by=by, role=user.role, area=user.area)
    if user.pk == by.pk and (user.role != by.role or not user.is_active):
        raise ValidationError(_("Không thể tự thay đổi vai trò hoặc khoá tài khoản của chính mình."))
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(actor=by, action="update", obj=user, before=before, after=audit.snapshot(user, AUDITED_FIELDS))
    return user


def _check_may_assign(*, by: User, role: str, area: Area | None) -> None:
    """A province officer manages the accounts of their own province only, and cannot make national ones."""
    if by.role == Role.SYSADMIN:
        return
    if role in NATIONAL:
        raise PermissionDenied
    province_id = None if area is None else (area.pk if area.level == Area.Level.PROVINCE else area.parent_id)
    if role != Role.PRODUCER and province_id != by.area_id:
        raise PermissionDenied


@transaction.atomic
def register_own_account(*, username: str, password: str, email: str, role: str, attach: Callable[[User], Any]) -> User:
    """Someone signs up on a public page: an account of `role`, and what it is the account of, created by
    `attach(user)` (a producer, a buyer), both or neither. Side effects: an audit entry for the account, recorded
    after `attach` so that it holds the link (those of the attached record are `attach`'s)."""
    user = User(username=username, email=email, role=role)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    attach(user)
    audit.record(actor=user, action="create", obj=user, after=audit.snapshot(user, AUDITED_FIELDS))
    return user


@transaction.atomic
def invite_account(*, by: User, email: str, role: str, what: str, **links: Any) -> User:
    """Open an account of `role` for `email` (its user name too), linked by `links` (e.g. `sales_point=`), with no
    password: its holder sets one from the link e-mailed to them (`invitations.send_invitation`; `what` says in
    the e-mail what the account is for). An account closed earlier (inactive, of the same role) for that address
    is opened again with the new links. Whether `by` may is the caller's rule: it keeps what the account is for.
    Side effects: audit entry (create, or update of the reopened account); the e-mail after commit."""
    email = User.objects.normalize_email(email.strip())
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": error.messages}) from None
    existing = User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).first()
    if existing is not None and (existing.is_active or existing.role != role):
        raise ValidationError(
            {"email": ValidationError(_("Thư điện tử này đã có tài khoản trên hệ thống."), code="account_exists")}
        )
    user = existing or User(username=email.lower(), email=email, role=role)
    before = audit.snapshot(user, AUDITED_FIELDS) if existing is not None else None
    for name, value in links.items():
        setattr(user, name, value)
    user.is_active = True
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(
        actor=by,
        action="update" if existing is not None else "create",
        obj=user,
        before=before,
        after=audit.snapshot(user, AUDITED_FIELDS),
    )
    send_invitation(user, what=what)
    return user


@transaction.atomic
def close_account(*, user: User, by: User, **links: Any) -> User:
    """Close an invited account: it can no longer sign in, and `links` (e.g. `sales_point=None`) are cut. Whether
    `by` may is the caller's rule. Side effects: audit entry with before/after."""
    before = audit.snapshot(user, AUDITED_FIELDS)
    for name, value in links.items():
        setattr(user, name, value)
    user.is_active = False
    user.save()
    audit.record(actor=by, action="update", obj=user, before=before, after=audit.snapshot(user, AUDITED_FIELDS))
    return user
