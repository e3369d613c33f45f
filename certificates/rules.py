"""Who may decide what about certificates. Seeing is `Certificate.objects.visible_to`; these predicates decide
the decisions, for views, templates and domain functions alike.

The competent authority (QĐ 26/2026 Điều 4.1, 8) is the provincial Chairman for 3★/4★ and the Minister for
5★; on the platform their decisions are recorded by the province's OCOP officers and by ministry officers."""

from accounts import scope
from accounts.models import Role

from .models import Recognition

MINISTRY_STARS = 5


def is_authority_for(user, *, stars: int, province_id: int | None) -> bool:
    """The officer who records the competent authority's decisions for a certificate of `stars` in
    `province_id`: a ministry officer for 5★, an OCOP officer of that province for 3★/4★."""
    if not user.is_authenticated:
        return False
    if stars >= MINISTRY_STARS:
        return user.role == Role.MINISTRY_OFFICER
    return user.role == Role.PROVINCE_OFFICER and scope.works_in(user, province_id)


def can_record_recognition(user, *, authority: str, province_id: int | None) -> bool:
    """Recording a recognition decision: the authority's officers, or an administrator entering it."""
    if user.is_authenticated and user.role == Role.SYSADMIN:
        return True
    stars = MINISTRY_STARS if authority == Recognition.Authority.MINISTRY else 3
    return is_authority_for(user, stars=stars, province_id=province_id)


def can_withdraw(user, certificate) -> bool:
    """Withdrawal (Điều 8) is decided by the authority that recognised: province for 3★/4★, ministry for 5★."""
    return is_authority_for(user, stars=certificate.stars, province_id=certificate.province_id)


def can_extend(user, certificate) -> bool:
    """Recording a late filer's extension: the certificate's authority, or an administrator."""
    if user.is_authenticated and user.role == Role.SYSADMIN:
        return True
    return is_authority_for(user, stars=certificate.stars, province_id=certificate.province_id)


def can_import(user) -> bool:
    """Importing a province's pre-platform certificates: its OCOP officers, or an administrator."""
    if not user.is_authenticated:
        return False
    return user.role == Role.SYSADMIN or (user.role == Role.PROVINCE_OFFICER and user.area_id is not None)
