"""Write the demo plan through the domain functions (`create_producer`, `verify_producer`, `create_product`,
`add_ip_title`, `add_product_image`), so every record is validated and audited like real data."""

import datetime
import time
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.domain import AUDITED_FIELDS
from accounts.models import Role, User
from api import tokens as api_tokens
from areas.domain import current_units
from areas.models import Area
from audit import domain as audit
from criteria.models import CriteriaSet
from producers import domain as producers
from producers.models import Producer
from products import domain as products

from .data import DEMO_PASSWORD, PLACES, STAFF, sector_of
from .plan import DemoPlan, ProducerPlan, plan_demo
from .tiles import product_tile

CRITERIA_VERSION = "QD26_2026"
REJECTION_NOTE = "Không tìm thấy cơ sở sản xuất tại địa chỉ kê khai; đề nghị bổ sung giấy tờ về địa điểm."


class DemoError(Exception):
    """The demo cannot be built: reference data missing, or the demo is already there."""


@dataclass
class DemoSummary:
    accounts: list[User] = field(default_factory=list)
    producers_by_kind: Counter = field(default_factory=Counter)
    producers_by_status: Counter = field(default_factory=Counter)
    legacy_producers: int = 0
    products_by_sector: Counter = field(default_factory=Counter)
    gtins: int = 0
    food_safety_certificates: int = 0
    ip_titles: int = 0
    images: int = 0
    seconds: float = 0.0


def create_account(
    *, username: str, role: str, full_name: str, password_hash: str, by: User | None, area=None, producer=None
) -> User:
    """An account with the shared demo password (`password_hash` is its hash, made once: hashing is slow on
    purpose), checked by the password validators like any other. Side effects: audit entry by `by` (the
    administrator; None, the system, for the administrator itself)."""
    user = User(
        username=username,
        role=role,
        area=area,
        producer=producer,
        first_name=full_name,
        email=f"{username}@example.com",
        is_staff=role == Role.SYSADMIN,
        is_superuser=role == Role.SYSADMIN,
    )
    validate_password(DEMO_PASSWORD, user)
    user.password = password_hash
    user.full_clean()
    user.save()
    audit.record(actor=by, action="create", obj=user, after=audit.snapshot(user, AUDITED_FIELDS))
    return user


def demo_usernames(plan: DemoPlan) -> list[str]:
    from .market import BUYERS, SALES_POINT_LOGIN

    return (
        [account.username for account in STAFF]
        + [p.login for p in plan.producers if p.login]
        + [username for username, *_rest in BUYERS]
        + [SALES_POINT_LOGIN]
    )


def existing_demo_user(plan: DemoPlan) -> str | None:
    """The first demo account already in the database, if any: its presence means the demo is loaded."""
    names = User.objects.filter(username__in=demo_usernames(plan)).order_by("username")
    return names.values_list("username", flat=True).first()


@transaction.atomic
def build_demo(plan: DemoPlan | None = None) -> DemoSummary:
    """Create the demo's accounts, producers and products, all or nothing. Side effects: audit entries for
    every record, image files in the media storage."""
    started = time.monotonic()
    plan = plan or plan_demo()
    if username := existing_demo_user(plan):
        raise DemoError(f"the demo is already loaded (user {username} exists)")
    builder = _Builder()
    builder.create_staff()
    builder.create_integration()
    for producer_plan in plan.producers:
        builder.create_producer(producer_plan)
    builder.summary.seconds = time.monotonic() - started
    return builder.summary


def _places() -> dict[str, Area]:
    """The demo's communes, by key, checked against the reference data by code and name."""
    wanted = Q()
    for place in PLACES.values():
        wanted |= Q(era=place.era, code=place.code)
    areas = Area.objects.filter(wanted, level=Area.Level.COMMUNE).select_related(
        "parent", "current_province", "successor__parent"
    )
    found = {(area.era, area.code): area for area in areas}
    places = {}
    for key, place in PLACES.items():
        area = found.get((place.era, place.code))
        if area is None or area.short_name != place.short_name:
            raise DemoError(
                f"commune {place.short_name} ({place.era}, {place.code}) is not in the reference data: "
                "run `manage.py load_reference_data` first"
            )
        places[key] = area
    return places


def _criteria_sets() -> dict[int, CriteriaSet]:
    sets = CriteriaSet.objects.filter(legal_version__code=CRITERIA_VERSION).select_related("group__sector")
    by_number = {criteria_set.number: criteria_set for criteria_set in sets}
    if len(by_number) != 26:
        raise DemoError(f"the 26 criteria sets of {CRITERIA_VERSION} are missing: run `manage.py load_reference_data`")
    return by_number


class _Builder:
    def __init__(self):
        self.places = _places()
        self.criteria_sets = _criteria_sets()
        self.provinces = {
            area.code: area for area in Area.objects.current().filter(level=Area.Level.PROVINCE, code__in=["01", "37"])
        }
        # One hash for every account: hashing is deliberately slow, and the demo password is shared.
        self.password_hash = make_password(DEMO_PASSWORD)
        self.summary = DemoSummary()
        self.admin: User | None = None
        self.province_officers: dict[int, User] = {}
        self.commune_officers: dict[int, User] = {}

    def _account(self, *, username: str, role: str, full_name: str, area=None, producer=None) -> User:
        user = create_account(
            username=username,
            role=role,
            full_name=full_name,
            area=area,
            producer=producer,
            password_hash=self.password_hash,
            by=self.admin,
        )
        self.summary.accounts.append(user)
        return user

    def create_staff(self) -> None:
        for account in STAFF:
            area = None
            if account.area is not None:
                level, key = account.area
                area = self.provinces[key] if level == "province" else self.places[key]
            user = self._account(username=account.username, role=account.role, full_name=account.full_name, area=area)
            if account.role == Role.SYSADMIN:
                self.admin = user
            elif account.role == Role.PROVINCE_OFFICER:
                self.province_officers[area.pk] = user
            elif account.role == Role.COMMUNE_OFFICER:
                self.commune_officers[area.pk] = user

    def create_integration(self) -> None:
        """A service account of the first province with an OCOP officer, for its portal, with a read-only token
        (its secret is kept nowhere: the demo shows the account page, not the secret)."""
        officer = next(iter(self.province_officers.values()), None)
        if officer is None:
            return
        account = api_tokens.create_service_account(
            by=officer, username=f"tich-hop.{officer.area.code}", purpose="Đồng bộ dữ liệu OCOP lên cổng thông tin tỉnh"
        )
        api_tokens.create_token(
            user=account.user,
            name="Cổng thông tin tỉnh",
            expires_on=timezone.localdate() + datetime.timedelta(days=180),
            scopes=[],
            by=officer,
        )

    def create_producer(self, plan: ProducerPlan) -> Producer:
        """Registered by the province's OCOP officer, checked by the commune's officer where the demo has
        one (else by the province), then its account and products."""
        area = self.places[plan.place]
        commune, province = current_units(area)
        registrar = self.province_officers[province.pk]
        verifier = self.commune_officers.get(commune.pk, registrar)
        producer = producers.create_producer(by=registrar, area=area, **plan.fields)
        if plan.status == Producer.Status.VERIFIED:
            producers.verify_producer(producer=producer, by=verifier, approve=True)
        elif plan.status == Producer.Status.REJECTED:
            producers.verify_producer(producer=producer, by=verifier, approve=False, note=REJECTION_NOTE)
        actor = verifier
        if plan.login:
            actor = self._account(
                username=plan.login, role=Role.PRODUCER, full_name=producer.representative_name, producer=producer
            )
        for product_plan in plan.products:
            criteria_set = self.criteria_sets[product_plan.criteria_set]
            product = products.create_product(
                by=actor, producer=producer, criteria_set=criteria_set, **product_plan.fields
            )
            for title in product_plan.ip_titles:
                products.add_ip_title(product=product, by=actor, **title)
            if product_plan.image:
                sector = sector_of(criteria_set.number)
                products.add_product_image(
                    product=product, by=actor, upload=product_tile(product.name, sector), caption=product.name
                )
            self._count_product(product, product_plan)
        self.summary.producers_by_kind[producer.get_kind_display()] += 1
        self.summary.producers_by_status[producer.status] += 1
        self.summary.legacy_producers += not area.is_current
        return producer

    def _count_product(self, product, plan) -> None:
        summary = self.summary
        summary.products_by_sector[str(product.criteria_set.sector)] += 1
        summary.gtins += bool(product.gtin)
        summary.food_safety_certificates += bool(product.food_safety_certificate)
        summary.ip_titles += len(plan.ip_titles)
        summary.images += plan.image
