"""The people a dossier is handed over to, for notifications."""

from accounts.models import Role, User

from ..models import Application


def producer_users(application: Application) -> list[User]:
    return list(User.objects.filter(role=Role.PRODUCER, producer_id=application.product.producer_id, is_active=True))


def commune_officers(application: Application) -> list[User]:
    return list(User.objects.filter(role=Role.COMMUNE_OFFICER, area_id=application.commune_id, is_active=True))


def province_officers(application: Application) -> list[User]:
    return list(User.objects.filter(role=Role.PROVINCE_OFFICER, area_id=application.province_id, is_active=True))
