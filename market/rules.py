"""Who may change the market's records. Seeing is each model's `visible_to` (accounts.scope)."""

from accounts import scope
from accounts.models import Role
from accounts.rules import is_officer_for
from products.rules import can_edit_product
from programme.rules import can_edit_event, can_hold_events


def can_open_market(user) -> bool:
    """The market pages behind the login: officers, inspectors, national roles and producers."""
    return user.is_authenticated and user.role in {
        Role.PRODUCER,
        Role.COMMUNE_OFFICER,
        Role.PROVINCE_OFFICER,
        Role.INSPECTOR,
        Role.MINISTRY_OFFICER,
        Role.SYSADMIN,
    }


def can_organise(user, event) -> bool:
    """The organisers of an event, who invite producers and accept or decline them: the officers of its area."""
    return can_edit_event(user, event)


def can_apply(user, producer) -> bool:
    """A producer's own users apply for it (and answer its invitations)."""
    return scope.owns(user, producer)


def can_answer(user, participation) -> bool:
    return scope.owns(user, participation)


def can_decide(user, participation) -> bool:
    return can_organise(user, participation.event)


def can_keep_sales_points(user) -> bool:
    return can_hold_events(user)


def can_edit_sales_point(user, sales_point) -> bool:
    """The officers of its area keep a sales point and the list of products it carries."""
    return is_officer_for(user, sales_point)


def can_edit_listing(user, listing) -> bool:
    """Whoever may edit the product: its producer's users and the officers of its area."""
    return can_edit_product(user, listing.product)


def can_record_agreement_for(user, producer) -> bool:
    """The producer itself, or the officers of its area."""
    return scope.owns(user, producer) or is_officer_for(user, producer)


def can_edit_agreement(user, agreement) -> bool:
    return scope.owns(user, agreement) or is_officer_for(user, agreement)
