"""The inbox's table in the reports: items received in the period by kind, and how they were handled, for what the
reader sees in the area, on the report page, in its .xlsx and in the API."""

import datetime
import io

from django.utils import timezone
from openpyxl import load_workbook

from monitoring.figures import by_kind
from monitoring.models import Kind, Signal, Status
from reports.figures import Period, Report

THIS_YEAR = timezone.localdate().year


def make_items(product_a, product_b, ninh_binh):
    """Hà Nội: two complaints about A (commune X, one closed), a fake report about B (commune Y) sent to an
    inspection, a suspicious stamp with no producer; Ninh Bình: a fake report; and one Hà Nội complaint of last
    year."""

    def item(kind, product=None, status=Status.OPEN, province=None, **fields):
        producer = product.producer if product else None
        return Signal.objects.create(
            kind=kind,
            summary="Phản ánh.",
            product=product,
            producer=producer,
            province=province or producer.current_province,
            commune_id=producer.current_commune_id if producer else None,
            status=status,
            **fields,
        )

    item(Kind.COMPLAINT, product_a)
    item(Kind.COMPLAINT, product_a, status=Status.CLOSED)
    item(Kind.FAKE_REPORT, product_b, status=Status.INSPECTION)
    item(Kind.SUSPICIOUS_STAMP, province=product_a.producer.current_province)
    item(Kind.FAKE_REPORT, province=ninh_binh)
    old = item(Kind.COMPLAINT, product_a)
    Signal.objects.filter(pk=old.pk).update(created_at=timezone.now().replace(year=THIS_YEAR - 1))


def rows_of(user, area):
    year = datetime.date(THIS_YEAR, 1, 1), datetime.date(THIS_YEAR, 12, 31)
    return {row[0]: row[1:] for row in by_kind(user=user, area=area, start=year[0], end=year[1])}


def test_inbox_figures_by_kind_and_handling_in_the_province(erin, inspector, product_a, product_b, hanoi, ninh_binh):
    make_items(product_a, product_b, ninh_binh)
    rows = rows_of(inspector, hanoi)
    assert rows[str(Kind.COMPLAINT.label)] == [2, 1, 0, 1]
    assert rows[str(Kind.FAKE_REPORT.label)] == [1, 0, 1, 0]
    assert rows[str(Kind.SUSPICIOUS_STAMP.label)] == [1, 1, 0, 0]
    assert rows["Tổng số"] == [4, 2, 1, 1]
    assert rows_of(erin, None)["Tổng số"] == [4, 2, 1, 1]


def test_inbox_figures_of_a_commune_count_its_producers_items(inspector, product_a, product_b, commune_x, ninh_binh):
    make_items(product_a, product_b, ninh_binh)
    assert rows_of(inspector, commune_x)["Tổng số"] == [2, 1, 0, 1]


def test_commune_officers_and_other_provinces_see_no_inbox_figures(
    carol, frank, product_a, product_b, hanoi, ninh_binh
):
    make_items(product_a, product_b, ninh_binh)
    assert rows_of(carol, None)["Tổng số"] == [0, 0, 0, 0]
    assert rows_of(frank, None)["Tổng số"] == [1, 1, 0, 0]


def test_inbox_table_is_in_the_report_its_xlsx_and_the_api(client, erin, product_a, product_b, hanoi, ninh_binh):
    make_items(product_a, product_b, ninh_binh)
    table = Report(user=erin, area=hanoi, period=Period(THIS_YEAR, THIS_YEAR), grouping="area").signals()
    assert table.rows[-1] == ["Tổng số", 4, 2, 1, 1]
    client.force_login(erin)
    page = client.get("/bao-cao/", {"first": THIS_YEAR}).content.decode()
    assert 'id="table-signals"' in page
    book = client.get("/bao-cao/bao-cao.xlsx", {"first": THIS_YEAR, "table": "signals"})
    sheet = load_workbook(io.BytesIO(book.content), read_only=True).worksheets[0]
    assert ("Tổng số", 4, 2, 1, 1) in [row[:5] for row in sheet.iter_rows(values_only=True)]
    api = client.get("/api/v1/statistics/", {"first": THIS_YEAR}).json()
    signals = next(t for t in api["tables"] if t["key"] == "signals")
    assert signals["rows"][-1] == ["Tổng số", 4, 2, 1, 1]
