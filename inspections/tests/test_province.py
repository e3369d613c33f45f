"""The province views: products overdue for inspection, open remediations by deadline, withdrawals of the year;
filtered by an area of today or of before 2025, and as an .xlsx."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from areas.keys import area_key
from areas.models import Area
from certificates.domain import withdraw
from inspections import domain, province
from public.tests.factories import make_certificate
from reports.tests.helpers import workbook_sheets

from .conftest import open_ad_hoc


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def certified(product_a, product_b):
    """Product A certified a year ago; product B two years and a half ago; neither inspected yet."""
    return (
        make_certificate(product_a, issued_on=ago(365), expires_on=ago(365 - 3 * 365)),
        make_certificate(product_b, issued_on=ago(900), expires_on=ago(900 - 3 * 365)),
    )


def overdue_names(user, area=None) -> list[str]:
    return [p.name for p in province.overdue_for_inspection(user=user, area=area, today=timezone.localdate())]


def test_overdue_for_inspection_counts_from_the_certificate_then_from_the_last_inspection(
    settings, certified, erin, inspector, producer_a, product_a, product_b
):
    settings.INSPECTION_INTERVAL_MONTHS = 24
    assert overdue_names(erin) == [product_b.name]
    settings.INSPECTION_INTERVAL_MONTHS = 6
    assert overdue_names(erin) == [product_b.name, product_a.name]
    inspection = open_ad_hoc(
        by=inspector, producers=[producer_a], products=[product_a], team=[inspector], starts_on=ago(30)
    )
    domain.record_outcome(
        inspection=inspection, product=product_a, kind="compliant", note="", concluded_on=ago(20), by=inspector
    )
    assert overdue_names(erin) == [product_b.name]


def test_overdue_for_inspection_leaves_out_a_withdrawn_certificate(settings, certified, erin, product_b):
    settings.INSPECTION_INTERVAL_MONTHS = 6
    withdraw(
        certificate=certified[1],
        ground="dd",
        conclusion="Ngừng sản xuất",
        concluded_on=ago(3),
        decision_number="9/QĐ-UBND",
        decision_date=ago(1),
        signer="Chủ tịch",
        by=erin,
    )
    assert product_b.name not in overdue_names(erin)
    withdrawn = list(province.withdrawals(user=erin, area=None, year=ago(1).year))
    assert [c.number for c in withdrawn] == [certified[1].number]


def test_overdue_for_inspection_filtered_by_a_commune_of_today_and_a_district_of_before_2025(
    settings, certified, erin, producer_a, product_a, product_b, commune_x
):
    settings.INSPECTION_INTERVAL_MONTHS = 6
    assert overdue_names(erin, commune_x) == [product_a.name]
    old_commune = Area.objects.get(era=Area.Era.LEGACY, level=Area.Level.COMMUNE, code="10033")
    producer_a.area = old_commune
    producer_a.save(update_fields=["area"])
    assert overdue_names(erin, old_commune.parent) == [product_a.name]


def test_province_view_and_its_xlsx_print_the_same_rows(
    client, settings, certified, erin, inspector, producer_a, product_a, product_b
):
    settings.INSPECTION_INTERVAL_MONTHS = 6
    inspection = open_ad_hoc(
        by=inspector, producers=[producer_a], products=[product_a], team=[inspector], starts_on=ago(30)
    )
    domain.record_outcome(
        inspection=inspection,
        product=product_a,
        kind="remediation",
        note="Bổ sung nhãn phụ",
        concluded_on=ago(20),
        deadline=ago(2),
        by=inspector,
    )
    client.force_login(erin)
    page = client.get(reverse("inspections:province"), {"area": area_key(producer_a.current_province)}).content.decode()
    assert product_b.name in page.split("Sản phẩm quá hạn kiểm tra", 1)[1].split("</section>", 1)[0]
    assert "Bổ sung nhãn phụ" in page.split("Yêu cầu khắc phục đang mở", 1)[1].split("</section>", 1)[0]
    sheets = workbook_sheets(client.get(reverse("inspections:province"), {"format": "xlsx"}).content)
    assert list(sheets) == [
        "Sản phẩm quá hạn kiểm tra",
        "Yêu cầu khắc phục đang mở",
        f"Thu hồi chứng nhận năm {ago(0).year}",
    ]
    remediations = sheets["Yêu cầu khắc phục đang mở"]
    assert remediations[1][:2] == ("Địa bàn", "Thành phố Hà Nội")
    assert remediations[-1] == (
        datetime.datetime(ago(2).year, ago(2).month, ago(2).day),
        product_a.name,
        producer_a.name,
        producer_a.current_commune.name,
        "Bổ sung nhãn phụ",
        "Có",
    )


def test_province_view_refuses_an_area_outside_the_scope(client, erin, ninh_binh):
    client.force_login(erin)
    assert client.get(reverse("inspections:province"), {"area": area_key(ninh_binh)}).status_code == 404
    assert client.get(reverse("inspections:province"), {"area": "2025-province-99"}).status_code == 404
