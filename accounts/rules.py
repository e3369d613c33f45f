"""Who may change what. Seeing is decided by each model's `visible_to`; these predicates decide changing,
and are used alike by views, templates and the API."""

from .models import NATIONAL, Role


def is_officer_for(user, *, commune_id: int | None, province_id: int | None) -> bool:
    """An officer whose area covers a record in (commune, province): its commune's officer, its province's
    OCOP officer, or a system administrator."""
    if not user.is_authenticated:
        return False
    if user.role == Role.SYSADMIN:
        return True
    if user.role == Role.COMMUNE_OFFICER:
        return commune_id is not None and user.area_id == commune_id
    if user.role == Role.PROVINCE_OFFICER:
        return user.area_id == province_id
    return False


def can_manage_users(user) -> bool:
    return user.is_authenticated and user.role in {Role.SYSADMIN, Role.PROVINCE_OFFICER}


def is_national(user) -> bool:
    return user.is_authenticated and user.role in NATIONAL
