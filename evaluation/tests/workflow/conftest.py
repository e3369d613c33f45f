"""Fixtures for the evaluation workflow: a Hà Nội round with a council of five (a chair and four members),
received dossiers, national council accounts for the central round, and sheets that score what a test needs.

Dossiers are put straight into the RECEIVED state (the commune's check and the province's reception are the
dossiers app's, tested there)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Role
from conftest import make_user
from criteria.sheets import sheet_for
from dossiers.models import Application, ApplicationStatus
from evaluation import domain
from evaluation.models import CouncilMembership, Level

MEMBERS = ["chu_tich", "tv1", "tv2", "tv3", "tv4"]


def received_application(product, *, status=ApplicationStatus.RECEIVED) -> Application:
    producer = product.producer
    return Application.objects.create(
        product=product,
        legal_version=product.criteria_set.legal_version,
        criteria_set=product.criteria_set,
        status=status,
        commune=producer.current_commune,
        province=producer.current_province,
        commitment=True,
        submitted_at=timezone.now(),
        received_at=timezone.now(),
    )


def choices_for(criteria_set, *, below: Decimal = Decimal(101), keep_star: int = 5) -> dict[str, int]:
    """A complete sheet: the best option everywhere, then options lowered (in print order, never under the
    minimums of `keep_star` and below) until the total is below `below`."""
    sheet = sheet_for(criteria_set)
    choices, points = {}, {}
    for leaf in sheet.leaves:
        if leaf.options:
            best = max(range(len(leaf.options)), key=lambda i: leaf.options[i].points)
            choices[leaf.code], points[leaf.code] = best + 1, leaf.options[best].points
        else:
            choices[leaf.code], points[leaf.code] = 1, leaf.max_points
    total = sum(points.values())
    for leaf in sheet.leaves:
        if total < below:
            break
        if leaf.options:
            required = max((o.points for o in leaf.options if o.min_star and o.min_star <= keep_star), default=None)
            allowed = [
                (o.points, i + 1) for i, o in enumerate(leaf.options) if required is None or o.points >= required
            ]
            lowest, position = min(allowed)
        else:
            lowest, position = Decimal(0), 0
        total -= points[leaf.code] - lowest
        choices[leaf.code], points[leaf.code] = position, lowest
    return choices


def total_of(criteria_set, choices) -> Decimal:
    sheet = sheet_for(criteria_set)
    result = 0
    for leaf in sheet.leaves:
        position = choices[leaf.code]
        result += leaf.options[position - 1].points if leaf.options else leaf.max_points * position
    return result


def five_star(criteria_set) -> dict[str, int]:
    return choices_for(criteria_set)


def four_star(criteria_set) -> dict[str, int]:
    return choices_for(criteria_set, below=Decimal(90), keep_star=4)


def three_star(criteria_set) -> dict[str, int]:
    return choices_for(criteria_set, below=Decimal(70), keep_star=3)


def two_star(criteria_set) -> dict[str, int]:
    return choices_for(criteria_set, below=Decimal(50), keep_star=0)


def submit_all(evaluation, members, choices, *, comment=None) -> None:
    for member in members:
        domain.submit_sheet(evaluation=evaluation, member=member, choices=choices, comment=comment)


@pytest.fixture
def members(hanoi):
    return [make_user(name, Role.COUNCIL_MEMBER, hanoi) for name in MEMBERS]


@pytest.fixture
def chair(members):
    return members[0]


@pytest.fixture
def round_(erin):
    year = timezone.localdate().year
    return domain.create_round(
        by=erin,
        level=Level.PROVINCE,
        province=erin.area,
        name=f"Đợt 2 năm {year}",
        proposal_cutoff=datetime.date(year, 10, 30),
        evaluate_by=datetime.date(year, 12, 30),
    )


@pytest.fixture
def seated_round(round_, members, advisor, erin):
    for index, member in enumerate(members):
        role = CouncilMembership.Role.CHAIR if index == 0 else CouncilMembership.Role.MEMBER
        domain.add_member(round_=round_, user=member, role=role, by=erin, agency="Sở Nông nghiệp và Môi trường")
    domain.add_member(round_=round_, user=advisor, role=CouncilMembership.Role.ADVISOR, by=erin)
    return round_


@pytest.fixture
def application_a(product_a):
    return received_application(product_a)


@pytest.fixture
def evaluation_a(seated_round, application_a, erin):
    return domain.assign_to_round(round_=seated_round, application=application_a, by=erin)


@pytest.fixture
def national_members(db):
    return [make_user(f"tw{i}", Role.COUNCIL_MEMBER) for i in range(5)]


@pytest.fixture
def central_round(minh, national_members):
    year = timezone.localdate().year
    round_ = domain.create_round(
        by=minh,
        level=Level.CENTRAL,
        province=None,
        name=f"Đợt 2 cấp trung ương năm {year}",
        proposal_cutoff=datetime.date(year, 7, 30),
        evaluate_by=datetime.date(year, 9, 30),
    )
    for index, member in enumerate(national_members):
        role = CouncilMembership.Role.CHAIR if index == 0 else CouncilMembership.Role.MEMBER
        domain.add_member(round_=round_, user=member, role=role, by=minh, agency="Bộ Nông nghiệp và Môi trường")
    return round_


# --- committed data for tests that run several threads ------------------------------------------------------
# Threads use their own database connections, so they see only committed data: such tests are transactional,
# and pytest-django empties every table after them, the reference data included (administrative units,
# criteria sheets: loaded once per test database). `reference_data_kept` copies those tables aside once and
# copies them back, in SQL, after the flush. Request it BEFORE `transactional_db` so that it is torn down
# after it.

SNAPSHOT_PREFIX = "evaluation_kept_"
# post_migrate fills these again after every flush, with new ids: leave them to it.
REGENERATED_TABLES = {"django_content_type", "auth_permission"}
_kept_tables: list[str] = []


def _quote(name: str) -> str:
    from django.db import connection

    return connection.ops.quote_name(name)


def _row_count(table: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 (our own table names)
        return cursor.fetchone()[0]


def _keep_reference_tables() -> list[str]:
    from django.apps import apps
    from django.db import connection, transaction

    if _kept_tables:
        return _kept_tables
    models = apps.get_models(include_auto_created=True)
    tables = {model._meta.db_table for model in models if model._meta.managed}
    tables &= set(connection.introspection.table_names())
    kept = sorted(t for t in tables if t not in REGENERATED_TABLES and _row_count(t) > 0)
    with transaction.atomic(), connection.cursor() as cursor:
        for table in kept:
            cursor.execute(f"DROP TABLE IF EXISTS {_quote(SNAPSHOT_PREFIX + table)}")
            cursor.execute(f"CREATE TABLE {_quote(SNAPSHOT_PREFIX + table)} AS SELECT * FROM {_quote(table)}")  # noqa: S608
    _kept_tables.extend(kept)
    return _kept_tables


def _restore_reference_tables(tables: list[str]) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            columns = ", ".join(_quote(c.name) for c in connection.introspection.get_table_description(cursor, table))
            cursor.execute(f"DELETE FROM {_quote(table)}")  # noqa: S608
            cursor.execute(
                f"INSERT INTO {_quote(table)} ({columns}) SELECT {columns} FROM {_quote(SNAPSHOT_PREFIX + table)}"  # noqa: S608
            )


@pytest.fixture
def reference_data_kept(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        tables = _keep_reference_tables()
    yield
    with django_db_blocker.unblock():
        _restore_reference_tables(tables)
