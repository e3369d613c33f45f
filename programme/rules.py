"""Who may change the programme's records. Seeing is each model's `visible_to` (accounts.scope)."""

from accounts import scope
from accounts.models import Role
from accounts.roles import OFFICE_READERS
from accounts.rules import is_officer_for


def can_open_programme(user) -> bool:
    """The programme's pages: the roles its records reach (see the models' scopes)."""
    return user.is_authenticated and user.role in OFFICE_READERS


def can_plan(user) -> bool:
    """Plans are set by the province's OCOP office (it approves the annual plan and allots it to its communes,
    QĐ 919/QĐ-TTg and the provinces' OCOP programmes); commune officers read their commune's share."""
    return user.is_authenticated and user.role in {Role.PROVINCE_OFFICER, Role.SYSADMIN}


def can_edit_plan(user, plan) -> bool:
    return can_plan(user) and scope.covers(user, plan)


def can_record_support(user) -> bool:
    return user.is_authenticated and user.role in {Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.SYSADMIN}


def can_edit_funding(user, funding) -> bool:
    """The officers whose area holds the producer: its commune's and its province's."""
    return is_officer_for(user, funding)


def can_manage_consultants(user) -> bool:
    """The province keeps the list of consultants it works with, and assigns them."""
    return can_plan(user)


def can_edit_consultant(user, consultant) -> bool:
    return can_manage_consultants(user) and scope.covers(user, consultant)


def can_edit_assignment(user, assignment) -> bool:
    return can_manage_consultants(user) and scope.covers(user, assignment)


def can_hold_events(user) -> bool:
    return can_record_support(user)


def can_edit_event(user, event) -> bool:
    """The officers of the area it was held in: a commune's own course is its commune officers' as well."""
    return is_officer_for(user, event)
