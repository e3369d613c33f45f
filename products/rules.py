from accounts import scope
from accounts.models import Role
from accounts.rules import is_officer_for


def can_edit_product(user, product) -> bool:
    """The producer's own users, and the officers whose area covers the producer."""
    if user.is_authenticated and user.role == Role.PRODUCER:
        return scope.owns(user, product)
    return is_officer_for(user, product)


def can_register_product_for(user, producer) -> bool:
    if user.is_authenticated and user.role == Role.PRODUCER:
        return scope.owns(user, producer)
    return is_officer_for(user, producer)
