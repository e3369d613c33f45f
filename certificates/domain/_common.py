"""Helpers shared by the certificate rules: numbering and the people to tell."""

from accounts.models import Role, User
from core.codes import random_code

from ..models import Certificate


def new_number(*, province_code: str, year: int) -> str:
    """An opaque, unique, readable certificate number: OCOP-<province code>-<year>-<6 Crockford base32>.
    The random part makes it unguessable, so it can be the certificate's public identifier."""
    while True:
        number = f"OCOP-{province_code}-{year}-{random_code(6)}"
        if not Certificate.objects.filter(number=number).exists():
            return number


def producer_users(producer) -> list[User]:
    return list(producer.users.filter(is_active=True))


def commune_officers(producer) -> list[User]:
    if producer.current_commune_id is None:
        return []
    return list(User.objects.filter(role=Role.COMMUNE_OFFICER, area_id=producer.current_commune_id, is_active=True))
