"""The month totals (`AreaMonth`): the product days' dossier counts added up per commune and province of today,
kept equal to them on every refresh, and what a report of whole months reads."""

import datetime

import pytest
from django.db.models import Sum
from django.utils import timezone

from criteria.models import LegalVersion
from dossiers.models import Application, ApplicationStatus
from reports import rollups
from reports.figures import COUNT_FIELDS, Period, Report, area_q
from reports.models import AreaMonth, ProductDay

pytestmark = pytest.mark.django_db


def _file(product, day: datetime.date) -> Application:
    return Application.objects.create(
        product=product,
        legal_version=LegalVersion.objects.get(code="QD26_2026"),
        criteria_set=product.criteria_set,
        commune=product.producer.current_commune,
        province=product.producer.current_province,
        status=ApplicationStatus.SUBMITTED,
        submitted_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))),
        received_at=timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=20), datetime.time(9))),
    )


def _totals(level: str) -> dict:
    rows = AreaMonth.objects.filter(level=level)
    return {(r.current_province_id, r.current_commune_id, r.month): (r.received, r.received_province) for r in rows}


def test_full_refresh_adds_up_the_product_days_per_commune_and_province(product_a, product_b):
    _file(product_a, datetime.date(2025, 1, 20))
    _file(product_b, datetime.date(2025, 1, 25))
    rollups.refresh_products()
    province, commune_a, commune_b = (
        product_a.producer.current_province_id,
        product_a.producer.current_commune_id,
        product_b.producer.current_commune_id,
    )
    assert _totals(AreaMonth.Level.COMMUNE) == {
        (province, commune_a, datetime.date(2025, 1, 1)): (1, 0),
        (province, commune_a, datetime.date(2025, 2, 1)): (0, 1),
        (province, commune_b, datetime.date(2025, 1, 1)): (1, 0),
        (province, commune_b, datetime.date(2025, 2, 1)): (0, 1),
    }
    assert _totals(AreaMonth.Level.PROVINCE) == {
        (province, None, datetime.date(2025, 1, 1)): (2, 0),
        (province, None, datetime.date(2025, 2, 1)): (0, 2),
    }


def test_a_products_refresh_keeps_the_totals_of_its_months(product_a, product_b):
    _file(product_a, datetime.date(2025, 1, 20))
    _file(product_b, datetime.date(2025, 1, 25))
    rollups.refresh_products()
    moved = Application.objects.get(product=product_a)
    Application.objects.filter(pk=moved.pk).update(
        submitted_at=timezone.make_aware(datetime.datetime(2025, 3, 3, 9)), received_at=None
    )
    rollups.refresh_products(product_ids=[product_a.pk])
    province = product_a.producer.current_province_id
    assert _totals(AreaMonth.Level.PROVINCE) == {
        (province, None, datetime.date(2025, 1, 1)): (1, 0),
        (province, None, datetime.date(2025, 2, 1)): (0, 1),
        (province, None, datetime.date(2025, 3, 1)): (1, 0),
    }
    sums = AreaMonth.objects.filter(level=AreaMonth.Level.COMMUNE).aggregate(*[Sum(n) for n in COUNT_FIELDS])
    days = ProductDay.objects.aggregate(*[Sum(n) for n in COUNT_FIELDS])
    assert list(sums.values()) == list(days.values())


def test_a_report_of_whole_months_equals_one_of_days(erin, carol, hanoi, product_a, product_b):
    _file(product_a, datetime.date(2025, 1, 31))
    _file(product_b, datetime.date(2025, 2, 1))
    rollups.refresh_products()
    commune = product_a.producer.current_commune
    for user, area in ((erin, hanoi), (carol, commune)):
        for since, until in (
            (datetime.date(2025, 1, 1), datetime.date(2025, 1, 31)),  # whole months: the totals
            (datetime.date(2025, 1, 2), datetime.date(2025, 1, 31)),  # not: the days
            (datetime.date(2025, 2, 1), datetime.date(2025, 2, 28)),
        ):
            months = Report(user=user, area=area, period=Period.dates(since, until))
            assert (months._month_totals() is None) == (since.day != 1)
            days = ProductDay.objects.visible_to(user).filter(area_q(area), day__gte=since, day__lte=until)
            expected = {name: value or 0 for name, value in days.aggregate(**{n: Sum(n) for n in COUNT_FIELDS}).items()}
            assert months._sums == expected, (user, since, until)
