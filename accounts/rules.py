"""Who may change what. Seeing is decided by each model's `visible_to`; these predicates decide changing,
and are used alike by views, templates and the API. Their area part is the scope rule's (`accounts.scope`)."""

from . import scope
from .models import NATIONAL, Role

# The roles that change a record because it lies in their area.
AREA_ACTORS = {Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.SYSADMIN}


def is_officer_for(user, record) -> bool:
    """An officer whose area covers `record` (`scope.covers`): its commune's officer, its province's OCOP officer,
    or a system administrator."""
    return user.is_authenticated and user.role in AREA_ACTORS and scope.covers(user, record)


def can_manage_users(user) -> bool:
    return user.is_authenticated and user.role in {Role.SYSADMIN, Role.PROVINCE_OFFICER}


def is_national(user) -> bool:
    return user.is_authenticated and user.role in NATIONAL
