"""Who is told: the groups of people every notification goes to, each decided here once.

- A producer's users are the ACTIVE accounts with the PRODUCER role linked to it. The role is what makes the
  link count: `scoped` lets only producer accounts see a producer's records, and an account that kept the link
  after an administrator gave it another role (`update_user` leaves `producer` as it was) would be sent a
  link to a 404.
- A service account (`api.ServiceAccount`: an integration's user, holding the inspector's role so that it reads
  what the province's inspectors read) is nobody to tell and nobody to put on a team: every group below leaves it
  out. It is found by the reverse relation's name, so this module imports nothing of `api`.
- The commune that counts is the one whose officers see the record (`scoped`'s commune): for a dossier, the
  commune that received it (`Application.commune`), which keeps it even if the producer moves later; for
  anything else of a producer (the producer itself, its certificates), the producer's commune of today.

`accounts` sits low in the import layers, so these functions take ids or duck-typed records (a dossier with
`commune_id` and `product.producer_id`, a producer with `pk` and `current_commune_id`, a round with
`memberships`), never the models of the apps above."""

from collections.abc import Iterable

from .models import Role, User

# The fake-report inbox of a province is kept by its inspectors and its OCOP officers.
REPORT_HANDLERS = frozenset({Role.INSPECTOR, Role.PROVINCE_OFFICER})


def _active(**filters):
    """Active people: a service account is a machine, never told anything (see the module docstring)."""
    return User.objects.filter(is_active=True, service_account__isnull=True, **filters)


def _by(users, key: str) -> dict[int, list[User]]:
    grouped: dict[int, list[User]] = {}
    for user in users:
        grouped.setdefault(getattr(user, key), []).append(user)
    return grouped


def users_of_producers(producer_ids: Iterable[int]) -> dict[int, list[User]]:
    """Each producer's users (see the module docstring), by producer id, in one query."""
    return _by(_active(role=Role.PRODUCER, producer_id__in=set(producer_ids)), "producer_id")


def officers_of_communes(commune_ids: Iterable[int | None]) -> dict[int, list[User]]:
    """Each commune's active officers, by commune id, in one query."""
    return _by(_active(role=Role.COMMUNE_OFFICER, area_id__in=set(commune_ids) - {None}), "area_id")


def producer_users(producer_id: int) -> list[User]:
    return users_of_producers([producer_id]).get(producer_id, [])


def commune_of(*, dossier=None, producer=None) -> int | None:
    """The commune that counts (see the module docstring): a dossier's own, otherwise the producer's of today."""
    if (dossier is None) == (producer is None):
        raise TypeError("give a dossier or a producer")
    return dossier.commune_id if dossier is not None else producer.current_commune_id


def commune_officers(*, dossier=None, producer=None) -> list[User]:
    """The officers of the commune that counts for a dossier, or for a producer."""
    commune_id = commune_of(dossier=dossier, producer=producer)
    return officers_of_communes([commune_id]).get(commune_id, [])


def producer_and_commune(*, dossier=None, producer=None) -> list[User]:
    """The producer's users, then the officers of the commune that counts, for a dossier or for a producer."""
    producer_id = dossier.product.producer_id if dossier is not None else producer.pk
    return [*producer_users(producer_id), *commune_officers(dossier=dossier, producer=producer)]


def province_officers(province_id: int | None) -> list[User]:
    """The province's OCOP officers."""
    return list(_active(role=Role.PROVINCE_OFFICER, area_id=province_id)) if province_id else []


def inspector_accounts(province_id: int | None):
    """The province's inspectors, as a query: who may be told as an inspector and who may sit on an inspection
    team (the team forms choose from it, `inspections.open_inspection` checks against it)."""
    return _active(role=Role.INSPECTOR, area_id=province_id) if province_id else User.objects.none()


def inspectors(province_id: int | None) -> list[User]:
    """The province's inspectors."""
    return list(inspector_accounts(province_id))


def ministry_officers() -> list[User]:
    return list(_active(role=Role.MINISTRY_OFFICER))


def organisers(round_) -> list[User]:
    """The officers who run an evaluation round: its province's OCOP officers; for a round without a province
    (the central council's), the ministry's officers."""
    return province_officers(round_.province_id) if round_.province_id else ministry_officers()


def report_handlers(province_id: int) -> list[User]:
    """Who keeps the province's inbox of fake reports: its inspectors and OCOP officers."""
    return list(_active(role__in=REPORT_HANDLERS, area_id=province_id))


def _seats(round_) -> list:
    return list(round_.memberships.select_related("user").order_by("pk"))


def scoring_members(round_) -> list[User]:
    """The round's chair and council members, inactive accounts included: a session waits for every seat's
    sheet (`notify` itself skips inactive accounts)."""
    return [seat.user for seat in _seats(round_) if seat.scores]


def chair_of(round_) -> User | None:
    return next((seat.user for seat in _seats(round_) if seat.is_chair), None)


def advisors(round_) -> list[User]:
    """The round's advisory team."""
    return [seat.user for seat in _seats(round_) if seat.is_advisor]


def area_officers(*, commune_id: int | None, province_id: int | None) -> list[User]:
    """The officers who keep a record of an area (a trade event, a sales point): its commune's officers, when it
    has a commune, and its province's OCOP officers."""
    commune = list(_active(role=Role.COMMUNE_OFFICER, area_id=commune_id)) if commune_id else []
    return [*commune, *province_officers(province_id)]


def buyer_users(account_id: int | None) -> list[User]:
    """A buyer's account (a buyer has one), while it is active and still holds the buyer role."""
    return list(_active(pk=account_id, role=Role.BUYER)) if account_id else []


def sales_point_users(sales_point_id: int | None) -> list[User]:
    """A sales point's operator accounts: active, linked to it and still holding the sales point role (an account
    given another role keeps no say over the shelf, as with a producer's users)."""
    return list(_active(role=Role.SALES_POINT, sales_point_id=sales_point_id)) if sales_point_id else []
