"""Who may act on the inbox. Seeing is `Signal.objects.visible_to` (accounts.scope)."""

from accounts import scope
from accounts.people import REPORT_HANDLERS
from accounts.roles import NATIONAL


def is_handler(user) -> bool:
    return user.is_authenticated and user.role in REPORT_HANDLERS


def can_open_inbox(user) -> bool:
    """The inbox's pages: the province's handlers, and the national roles, which read every province's."""
    return is_handler(user) or (user.is_authenticated and user.role in NATIONAL)


def can_triage(user, signal) -> bool:
    """The inspectors and OCOP officers of the item's province triage it; national roles read it."""
    return is_handler(user) and scope.covers(user, signal)


def can_answer(user, signal) -> bool:
    """The producer's users answer a request sent to it."""
    return scope.owns(user, signal)


def sees_report(user, signal) -> bool:
    """The consumer's own words, photo and contact are for the inbox's keepers and national roles, never for the
    producer they are about."""
    return user.is_authenticated and not scope.owns(user, signal)
