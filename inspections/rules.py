"""Who may act on inspections. Seeing is each model's `visible_to` (accounts.scope): the province's inspectors and
OCOP officers (the `office` relation), the ministry reading all; these predicates decide the acting."""

from accounts import scope
from accounts.models import Role

# The province's inspection work is done by its inspectors and its OCOP office; the ministry reads it.
ACTORS = frozenset({Role.INSPECTOR, Role.PROVINCE_OFFICER})


def can_open_inspections(user) -> bool:
    """The inspection pages: the roles the inspections reach (see the models' scopes)."""
    return user.is_authenticated and (user.role in ACTORS or user.role in {Role.MINISTRY_OFFICER, Role.SYSADMIN})


def can_plan_in(user, province_id: int | None) -> bool:
    """Planning or opening an inspection of `province_id`'s producers: its inspectors and OCOP officers."""
    return user.is_authenticated and user.role in ACTORS and scope.works_in(user, province_id)


def can_act(user, record) -> bool:
    """Recording visits, findings and outcomes, and moving an inspection (or a plan) along: the inspectors and
    OCOP officers of the province it belongs to."""
    return user.is_authenticated and user.role in ACTORS and scope.covers(user, record)
