"""Who may order, print and revoke stamps. Seeing a batch is `StampBatch.objects.visible_to`; these predicates
decide acting on it, for views, templates, commands and domain functions alike."""

from accounts import scope
from accounts.models import Role
from accounts.rules import is_officer_for

ORDERING_ROLES = {Role.PRODUCER, Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.SYSADMIN}


def can_order_stamps(user, product) -> bool:
    """The producer's own users, the officers of the producer's commune or province, or an administrator."""
    if not user.is_authenticated:
        return False
    if user.role == Role.PRODUCER:
        return scope.owns(user, product)
    return is_officer_for(user, product)


def can_manage_batch(user, batch) -> bool:
    """Printing, exporting and revoking a batch's stamps: whoever may order stamps for its product."""
    return can_order_stamps(user, batch.product)


def may_order_at_all(user) -> bool:
    """The roles that order stamps for someone (inspectors, councils and the ministry only look)."""
    return user.is_authenticated and user.role in ORDERING_ROLES
