"""Refreshing the rollups: from the records, on change, idempotent, and the scan log read into daily counts."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from areas.models import Area
from certificates.models import Certificate
from history.domain import apply_plan, check_bundle
from history.models import CouncilLevel, PastResult, ResultKind
from history.reading import read_bundle
from history.tests.factories import province_history, workbook
from reports import rollups
from reports.figures import Period, Report
from reports.models import ProductDay, Rank, StampDay
from stamps.models import ScanEvent, Stamp, StampBatch, Verdict

from . import factories

pytestmark = pytest.mark.django_db


def _past(product, year, result, level=CouncilLevel.PROVINCE):
    factories.past_results(
        [product], year=year, level=level, result=result, area=product.producer.area, version="QD148_2023"
    )


def test_refresh_twice_writes_the_same_rows(product_a):
    _past(product_a, 2023, ResultKind.FOUR)
    call_command("refresh_rollups", stdout=io.StringIO())
    first = list(ProductDay.objects.values("product_id", "year", "rank", "received", "current_commune_id"))
    call_command("refresh_rollups", "--full", stdout=io.StringIO())
    again = list(ProductDay.objects.values("product_id", "year", "rank", "received", "current_commune_id"))
    assert (
        first
        == again
        == [
            {
                "product_id": product_a.pk,
                "year": 2023,
                "rank": Rank.FOUR,
                "received": 1,
                "current_commune_id": product_a.producer.current_commune_id,
            }
        ]
    )


def test_the_year_keeps_the_highest_level_result(product_a):
    _past(product_a, 2019, ResultKind.THREE, CouncilLevel.DISTRICT)
    _past(product_a, 2019, ResultKind.POTENTIAL_FIVE, CouncilLevel.PROVINCE)
    rollups.refresh_products(product_ids=[product_a.pk])
    final = ProductDay.objects.get(final=True)
    totals = ProductDay.objects.aggregate(
        received=Sum("received"), forwarded=Sum("forwarded"), evaluated_district=Sum("evaluated_district")
    )
    assert (final.rank, final.level, final.day, totals) == (
        Rank.POTENTIAL_FIVE,
        CouncilLevel.PROVINCE,
        datetime.date(2019, 12, 31),
        {"received": 1, "forwarded": 1, "evaluated_district": 1},
    )


def test_a_saved_past_result_refreshes_its_product(product_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        PastResult.objects.create(
            product=product_a,
            year=2024,
            legal_version_id=factories.LegalVersion.objects.get(code="QD148_2023").pk,
            level=CouncilLevel.PROVINCE,
            result=ResultKind.THREE,
            area=product_a.producer.area,
            current_commune=product_a.producer.current_commune,
            current_province=product_a.producer.current_province,
        )
    assert list(ProductDay.objects.values_list("year", "rank")) == [(2024, Rank.THREE)]


def test_scans_are_counted_per_product_and_day_from_the_log(product_a, alice, carol):
    certificate = Certificate.objects.create(
        number="OCOP-01-2025-000009",
        product=product_a,
        stars=3,
        legal_version=product_a.criteria_set.legal_version,
        province=product_a.producer.current_province,
        area_at_issue=product_a.producer.area,
        decision_number="1/QĐ-UBND",
        decision_date=datetime.date(2025, 1, 1),
        issued_on=datetime.date(2025, 1, 1),
        expires_on=datetime.date(2028, 1, 1),
    )
    batch = StampBatch.objects.create(
        certificate=certificate,
        product=product_a,
        province_id=product_a.producer.current_province_id,
        quantity=3,
        lot="L1",
        production_date=datetime.date(2025, 1, 1),
        expiry_date=datetime.date(2026, 1, 1),
        ordered_by=alice,
        status=StampBatch.Status.ISSUED,
    )
    stamp = Stamp.objects.create(serial="S1", batch=batch)
    day = timezone.localdate() - datetime.timedelta(days=1)
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    StampBatch.objects.filter(pk=batch.pk).update(issued_at=at)
    ScanEvent.objects.bulk_create(
        [ScanEvent(stamp=stamp, serial="S1", scanned_at=at, verdict=Verdict.GENUINE) for _ in range(4)]
        + [ScanEvent(stamp=stamp, serial="S1", scanned_at=at, verdict=Verdict.SUSPICIOUS)]
        + [ScanEvent(serial="NOPE", scanned_at=at, verdict=Verdict.UNKNOWN)]
    )
    rollups.refresh_stamps(full=True)
    rollups.refresh_stamps()
    rows = {
        (r["product_id"], r["day"]): (r["stamps_issued"], r["scans"], r["suspicious"], r["current_province_id"])
        for r in StampDay.objects.filter(level__in=("product", "unknown")).values(
            "product_id", "day", "stamps_issued", "scans", "suspicious", "current_province_id"
        )
    }
    assert rows == {
        (product_a.pk, day): (3, 5, 1, product_a.producer.current_province_id),
        (None, day): (0, 1, 0, None),
    }
    province = StampDay.objects.get(level="province")
    assert (province.current_province_id, province.scans, province.suspicious) == (
        product_a.producer.current_province_id,
        5,
        1,
    )
    commune = Report(user=carol, area=product_a.producer.current_commune, period=Period(day.year, day.year))
    assert commune.stamps().rows == [["Tem đã phát hành", 3], ["Lượt quét", 5], ["Lượt quét nghi vấn", 1]]


def test_a_history_import_refreshes_the_products_it_wrote(erin, hanoi, django_capture_on_commit_callbacks):
    communes = list(Area.objects.filter(era=Area.Era.LEGACY, level=Area.Level.COMMUNE, current_province=hanoi)[:3])
    sheets = province_history(communes, producers=3)
    plan = check_bundle(read_bundle(workbook(sheets), filename="lich-su.xlsx"), by=erin)
    assert plan.problems == []
    with django_capture_on_commit_callbacks(execute=True):
        apply_plan(plan, by=erin)
    # Written in bulk, no save signal: the import's own signal brought every imported result into the rollups.
    finals = ProductDay.objects.filter(final=True).count()
    assert finals == PastResult.objects.values("product", "year").distinct().count() > 0


def test_a_breakdown_by_year_names_the_year_without_a_thousands_separator(
    client, erin, product_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        PastResult.objects.create(
            product=product_a,
            year=2024,
            legal_version_id=factories.LegalVersion.objects.get(code="QD148_2023").pk,
            level=CouncilLevel.PROVINCE,
            result=ResultKind.THREE,
            area=product_a.producer.area,
            current_commune=product_a.producer.current_commune,
            current_province=product_a.producer.current_province,
        )
    report = Report(user=erin, area=product_a.producer.current_province, period=Period(2024, 2024), grouping="year")
    assert report.breakdown().rows[0][0] == "2024"
