from accounts.models import Role
from accounts.rules import is_officer_for


def can_edit_producer(user, producer) -> bool:
    """The producer's own users, and the officers whose area covers it."""
    if user.is_authenticated and user.role == Role.PRODUCER:
        return user.producer_id == producer.pk
    return is_officer_for(user, commune_id=producer.current_commune_id, province_id=producer.current_province_id)


def can_verify_producer(user, producer) -> bool:
    """Verification is the commune's job; the province and administrators may step in."""
    return is_officer_for(user, commune_id=producer.current_commune_id, province_id=producer.current_province_id)


def can_delete_producer(user, producer) -> bool:
    return can_verify_producer(user, producer) and user.role != Role.COMMUNE_OFFICER


def can_create_producer(user) -> bool:
    return user.is_authenticated and user.role in {Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.SYSADMIN}
