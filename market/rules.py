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
    """The officers of its area keep a sales point: every detail of it, its operator's accounts, and the list of
    products it carries."""
    return is_officer_for(user, sales_point)


# What a sales point's own operator changes of it. Its name, operator, address, area, position and the decision
# that recognised it stay with the officers of its area.
OPERATOR_FIELDS = ("opening_hours", "phone", "email", "is_open")


def is_operator_of(user, sales_point) -> bool:
    """One of the sales point's own accounts (the sales point role, linked to it)."""
    return scope.operates(user, sales_point)


def can_keep_shelf(user, sales_point) -> bool:
    """Who changes the list of products a sales point carries: the officers of its area and its operator."""
    return can_edit_sales_point(user, sales_point) or is_operator_of(user, sales_point)


def sales_point_fields_for(user, sales_point, fields) -> list[str]:
    """The fields among `fields` that `user` may change on `sales_point`: all of them for the officers of its area,
    the operator's (`OPERATOR_FIELDS`) for its own accounts, none for anyone else."""
    if can_edit_sales_point(user, sales_point):
        return list(fields)
    if is_operator_of(user, sales_point):
        return [name for name in fields if name in OPERATOR_FIELDS]
    return []


def can_edit_listing(user, listing) -> bool:
    """Whoever may edit the product: its producer's users and the officers of its area."""
    return can_edit_product(user, listing.product)


def can_record_agreement_for(user, producer) -> bool:
    """The producer itself, or the officers of its area."""
    return scope.owns(user, producer) or is_officer_for(user, producer)


def can_edit_agreement(user, agreement) -> bool:
    return scope.owns(user, agreement) or is_officer_for(user, agreement)


# Buyers, demands and conversations ---------------------------------------------------------------------------


def buyer_of(user):
    """The buyer whose account `user` is, or None."""
    if not user.is_authenticated or user.role != Role.BUYER:
        return None
    return getattr(user, "buyer", None)


def producer_of(user):
    """The producer whose user `user` is (`scope.owns` it), or None."""
    producer = getattr(user, "producer", None) if user.is_authenticated else None
    return producer if producer is not None and scope.owns(user, producer) else None


def can_verify_buyer(user, buyer) -> bool:
    """The OCOP officers of the buyer's province (and administrators) verify it."""
    return is_officer_for(user, buyer)


def can_list_buyers(user) -> bool:
    return user.is_authenticated and user.role in {Role.PROVINCE_OFFICER, Role.MINISTRY_OFFICER, Role.SYSADMIN}


def can_post_demand(user) -> bool:
    """Only a verified buyer posts demands."""
    buyer = buyer_of(user)
    return buyer is not None and buyer.is_verified


def can_edit_demand(user, demand) -> bool:
    """Its buyer edits, closes or withdraws a demand while it is open."""
    buyer = buyer_of(user)
    return buyer is not None and buyer.pk == demand.buyer_id and demand.status == demand.Status.OPEN


def can_talk(user, conversation) -> bool:
    """The demand's buyer and the producer's users write in their conversation."""
    buyer = buyer_of(user)
    if buyer is not None:
        return buyer.pk == conversation.demand.buyer_id
    return scope.owns(user, conversation)


def can_answer_for(user, producer) -> bool:
    """A producer's own users answer demands in its name."""
    return scope.owns(user, producer)


def can_see_demands(user) -> bool:
    """The demands pages: buyers (their own) and producers (those that fit their products)."""
    return user.is_authenticated and user.role in {Role.BUYER, Role.PRODUCER}
