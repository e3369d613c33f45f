"""The people to tell about a producer: its own users and the officers of its commune of today."""

from accounts.models import Role, User


def producer_users(producer) -> list[User]:
    return list(producer.users.filter(is_active=True))


def commune_officers(producer) -> list[User]:
    if producer.current_commune_id is None:
        return []
    return list(User.objects.filter(role=Role.COMMUNE_OFFICER, area_id=producer.current_commune_id, is_active=True))
