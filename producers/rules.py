from accounts import scope
from accounts.models import Role
from accounts.rules import is_officer_for


def can_edit_producer(user, producer) -> bool:
    """The producer's own users, and the officers whose area covers it."""
    if user.is_authenticated and user.role == Role.PRODUCER:
        return scope.owns(user, producer)
    return is_officer_for(user, producer)


def can_verify_producer(user, producer) -> bool:
    """Verification is the commune's job; the province and administrators may step in."""
    return is_officer_for(user, producer)


def can_delete_producer(user, producer) -> bool:
    return can_verify_producer(user, producer) and user.role != Role.COMMUNE_OFFICER


def can_create_producer(user) -> bool:
    return user.is_authenticated and user.role in {Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.SYSADMIN}
