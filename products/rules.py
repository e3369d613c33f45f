from accounts.models import Role
from accounts.rules import is_officer_for


def can_edit_product(user, product) -> bool:
    """The producer's own users, and the officers whose area covers the producer."""
    if user.is_authenticated and user.role == Role.PRODUCER:
        return user.producer_id == product.producer_id
    producer = product.producer
    return is_officer_for(user, commune_id=producer.current_commune_id, province_id=producer.current_province_id)


def can_register_product_for(user, producer) -> bool:
    if user.is_authenticated and user.role == Role.PRODUCER:
        return user.producer_id == producer.pk
    return is_officer_for(user, commune_id=producer.current_commune_id, province_id=producer.current_province_id)
