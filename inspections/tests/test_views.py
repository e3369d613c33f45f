"""Inspections through HTTP: an ad-hoc inspection from a consumer's report to a withdrawn certificate, the
evidence, the province views, and every page a 404 for an inspector of another province."""

import datetime

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from areas.keys import area_key
from certificates.models import Certificate
from inspections import domain
from inspections.models import Evidence, Inspection, InspectionPlan, Outcome, OutcomeKind, RemediationStatus, Status
from notifications.models import Notification
from public.tests.factories import GTIN, first_stamp, make_batch, make_certificate, png_upload
from stamps.models import Verdict

from .conftest import open_ad_hoc


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def dmy(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def certified(product_a):
    product_a.gtin = GTIN
    product_a.save(update_fields=["gtin"])
    return make_certificate(product_a, stars=4)


@pytest.fixture
def stamp(certified, product_a, alice):
    return first_stamp(make_batch(product_a, certified, alice))


def test_ad_hoc_inspection_to_a_withdrawn_certificate(
    client, media, inspector, erin, alice, product_a, certified, stamp
):
    caches["pages"].clear()
    client.force_login(inspector)
    response = client.post(
        reverse("inspections:create"),
        {
            "kind": "ad_hoc",
            "trigger": "fake_report",
            "trigger_note": "Phản ánh PA-2026-0001: tem in mờ",
            "products": [product_a.code],
            "team": [inspector.username],
            "starts_on": dmy(ago(60)),
            "ends_on": dmy(ago(30)),
            "scope_note": "Nhãn, tem truy xuất",
        },
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response.url == inspection.get_absolute_url()
    assert (inspection.trigger, inspection.status) == ("fake_report", Status.PLANNED)

    visit_url = reverse("inspections:visit_create", args=[inspection.code])
    response = client.post(
        visit_url,
        {
            "product": product_a.code,
            "visited_on": dmy(ago(55)),
            "place": "Cơ sở sản xuất",
            "result_labels": "not_met",
            "note_labels": "Thiếu nhãn phụ tiếng Việt",
            "result_ocop_mark": "met",
            "files": [png_upload("nhan.png")],
        },
    )
    visit = inspection.visits.get()
    assert response.status_code == 302 and response.url == visit.get_absolute_url()
    assert sorted(visit.findings.values_list("item", "result")) == [("labels", "not_met"), ("ocop_mark", "met")]
    evidence = Evidence.objects.get()
    assert (evidence.visit, evidence.content_type) == (visit, "image/png")
    assert Inspection.objects.get().status == Status.IN_PROGRESS

    response = client.post(
        reverse("inspections:outcome", args=[inspection.code]),
        {
            "product": product_a.code,
            "kind": "remediation",
            "note": "Bổ sung nhãn phụ",
            "concluded_on": dmy(ago(50)),
            "deadline": dmy(ago(10)),
        },
    )
    assert response.status_code == 302
    remediation = Outcome.objects.get()
    assert (remediation.kind, remediation.deadline, remediation.remediation_status) == ("remediation", ago(10), "open")

    overdue = client.get(reverse("inspections:province"), {"overdue": "on"}).content.decode()
    assert "Bổ sung nhãn phụ" in overdue.split("Yêu cầu khắc phục đang mở", 1)[1].split("</section>", 1)[0]
    assert domain.send_remediation_reminders(today=timezone.localdate()) == 1
    assert Notification.objects.filter(recipient=alice, message__contains="quá hạn khắc phục").count() == 1

    response = client.post(
        f"{visit_url}?kiem-tra-lai={remediation.pk}",
        {
            "follows": remediation.pk,
            "product": product_a.code,
            "visited_on": dmy(ago(6)),
            "result_labels": "not_met",
            "note_labels": "Vẫn chưa có nhãn phụ",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("inspections:outcome", args=[inspection.code]),
        {
            "product": product_a.code,
            "kind": "withdrawal",
            "ground": "b",
            "note": "Không khắc phục nhãn sau kiểm tra lại",
            "concluded_on": dmy(ago(5)),
        },
    )
    assert response.status_code == 302
    proposal = Outcome.objects.get(kind=OutcomeKind.WITHDRAWAL)
    assert Outcome.objects.get(pk=remediation.pk).remediation_status == RemediationStatus.ESCALATED
    assert (proposal.certificate, proposal.ground) == (certified, "b")
    told = Notification.objects.get(recipient=erin, message__contains="Đề xuất thu hồi")
    assert told.url == proposal.get_absolute_url()

    client.force_login(erin)
    page = client.get(inspection.get_absolute_url()).content.decode()
    form_url = page.split('class="button danger" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert form_url.startswith(reverse("certificates:withdraw", args=[certified.number]))
    form = client.get(form_url).content.decode()
    assert "Không khắc phục nhãn sau kiểm tra lại" in form and dmy(ago(5)) in form
    response = client.post(
        reverse("certificates:withdraw", args=[certified.number]),
        {
            "ground": "b",
            "conclusion": "Không khắc phục nhãn sau kiểm tra lại",
            "concluded_on": dmy(ago(5)),
            "decision_number": "45/QĐ-UBND",
            "decision_date": dmy(timezone.localdate()),
            "signer": "Nguyễn Văn A",
        },
    )
    assert response.status_code == 302
    assert Certificate.objects.get(pk=certified.pk).withdrawn_on == timezone.localdate()

    client.logout()
    verify = client.get(f"/s/{stamp.serial}").content.decode()
    assert verify.split('data-verdict="', 1)[1].split('"', 1)[0] == Verdict.WITHDRAWN
    caches["pages"].clear()
    assert product_a.name not in client.get(reverse("public:catalogue")).content.decode()


@pytest.fixture
def recorded(media, inspector, producer_a, product_a, certified):
    inspection = open_ad_hoc(
        by=inspector, producers=[producer_a], products=[product_a], team=[inspector], starts_on=ago(20)
    )
    plan = domain.create_plan(by=inspector, province=producer_a.current_province, year=ago(0).year, title="Kế hoạch")
    visit = domain.record_visit(
        inspection=inspection,
        product=product_a,
        visited_on=ago(10),
        findings={"labels": ("not_met", "Thiếu nhãn phụ")},
        files=[png_upload()],
        by=inspector,
    )
    outcome = domain.record_outcome(
        inspection=inspection,
        product=product_a,
        kind="remediation",
        note="Bổ sung nhãn",
        concluded_on=ago(9),
        deadline=ago(-20),
        by=inspector,
    )
    return {
        "inspection": inspection,
        "plan": plan,
        "visit": visit,
        "outcome": outcome,
        "evidence": Evidence.objects.get(),
    }


def test_every_page_is_a_404_for_an_inspector_of_another_province(client, recorded, inspector_nb, hanoi):
    inspection, visit = recorded["inspection"], recorded["visit"]
    client.force_login(inspector_nb)
    for url in (
        reverse("inspections:plan", args=[recorded["plan"].code]),
        inspection.get_absolute_url(),
        reverse("inspections:outcome", args=[inspection.code]),
        reverse("inspections:visit_create", args=[inspection.code]),
        visit.get_absolute_url(),
        reverse("inspections:evidence", args=[recorded["evidence"].code]),
        reverse("inspections:province") + f"?area={area_key(hanoi)}",
        reverse("inspections:report") + f"?area={area_key(hanoi)}",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("inspections:transition", args=[inspection.code]),
        reverse("inspections:evidence_add", args=[visit.code]),
        reverse("inspections:outcome", args=[inspection.code]),
    ):
        assert client.post(url, {"to": "cancelled", "note": "x"}).status_code == 404, url
    assert Inspection.objects.get().status == Status.IN_PROGRESS
    listed = client.get(reverse("inspections:list")).content.decode()
    assert inspection.get_absolute_url() not in listed
    province = client.get(reverse("inspections:province")).content.decode()
    assert "Bổ sung nhãn" not in province


def test_evidence_is_served_to_the_province_and_refused_to_the_producer(client, recorded, erin, alice):
    url = reverse("inspections:evidence", args=[recorded["evidence"].code])
    client.force_login(erin)
    response = client.get(url)
    assert (response.status_code, response["Content-Type"], response["X-Content-Type-Options"]) == (
        200,
        "image/png",
        "nosniff",
    )
    client.force_login(alice)
    assert client.get(url).status_code == 404


def test_visit_refuses_a_file_that_is_not_an_image_or_pdf_and_records_nothing(
    client, media, inspection, inspector, product_a
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(inspector)
    response = client.post(
        reverse("inspections:visit_create", args=[inspection.code]),
        {
            "product": product_a.code,
            "visited_on": dmy(inspection.starts_on),
            "result_labels": "met",
            "files": [SimpleUploadedFile("x.png", b"<html>not an image</html>", content_type="image/png")],
        },
    )
    assert response.status_code == 200
    assert "Tệp không phải PDF hay ảnh JPEG, PNG hợp lệ" in response.content.decode()
    assert (inspection.visits.count(), Evidence.objects.count()) == (0, 0)


def test_visit_not_met_needs_a_note(client, inspection, inspector, product_a):
    client.force_login(inspector)
    response = client.post(
        reverse("inspections:visit_create", args=[inspection.code]),
        {"product": product_a.code, "visited_on": dmy(inspection.starts_on), "result_labels": "not_met"},
    )
    assert "Nhãn sản phẩm: ghi rõ nội dung không đạt." in response.content.decode()
    assert inspection.visits.count() == 0


def test_follow_up_visit_resolved_closes_the_remediation(client, recorded, inspector, product_a, alice):
    outcome = recorded["outcome"]
    client.force_login(inspector)
    response = client.post(
        reverse("inspections:visit_create", args=[recorded["inspection"].code]) + f"?kiem-tra-lai={outcome.pk}",
        {
            "follows": outcome.pk,
            "product": product_a.code,
            "visited_on": dmy(ago(1)),
            "result_labels": "met",
            "resolved": "on",
        },
    )
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert (outcome.remediation_status, outcome.closed_on) == (RemediationStatus.CLOSED, ago(1))
    assert Notification.objects.filter(recipient=alice, message__contains="xác nhận hoàn thành").count() == 1


def test_the_ministry_reads_an_inspection_but_cannot_act(client, recorded, minh):
    inspection = recorded["inspection"]
    client.force_login(minh)
    assert client.get(inspection.get_absolute_url()).status_code == 200
    assert (
        client.post(
            reverse("inspections:transition", args=[inspection.code]), {"to": "cancelled", "note": "x"}
        ).status_code
        == 403
    )


def test_inspection_history_shows_on_the_product_and_producer_pages(client, recorded, erin, alice, carol, product_a):
    def section(html: str) -> str:
        return html.split('id="inspections-title"', 1)[1].split("</section>", 1)[0]

    client.force_login(erin)
    product_page = section(client.get(product_a.get_absolute_url()).content.decode())
    assert "Yêu cầu khắc phục" in product_page and "Bổ sung nhãn" in product_page
    assert recorded["outcome"].get_absolute_url() in product_page
    producer_page = section(client.get(product_a.producer.get_absolute_url()).content.decode())
    assert product_a.name in producer_page and "Yêu cầu khắc phục" in producer_page
    client.force_login(alice)
    own = section(client.get(product_a.get_absolute_url()).content.decode())
    assert "Bổ sung nhãn" in own and recorded["outcome"].get_absolute_url() not in own
    client.force_login(carol)
    assert 'id="inspections-title"' not in client.get(product_a.get_absolute_url()).content.decode()


def test_inspector_home_shows_open_inspections_and_remediations_due(
    client, recorded, inspector, inspector_nb, settings
):
    from dashboards import work

    settings.REMEDIATION_REMINDER_DAYS = 30
    panels = {p.key: p.items for p in work.panels_for(inspector)}
    assert [item.url for item in panels["open_inspections"]] == [recorded["inspection"].get_absolute_url()]
    [due] = panels["remediations_due"]
    assert (due.url, due.deadline, due.overdue) == (recorded["outcome"].get_absolute_url(), ago(-20), False)
    assert {p.key: p.items for p in work.panels_for(inspector_nb)} == {"open_inspections": [], "remediations_due": []}
    client.force_login(inspector)
    assert recorded["inspection"].get_absolute_url() in client.get("/").content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_inspection_list_query_count_does_not_grow_with_rows(
    client, inspector, producer_a, product_a, count, django_assert_num_queries
):
    for _n in range(count):
        open_ad_hoc(by=inspector, producers=[producer_a], products=[product_a], team=[inspector])
    client.force_login(inspector)
    client.get(reverse("inspections:list"))
    with django_assert_num_queries(12):
        response = client.get(reverse("inspections:list"))
    assert response.content.decode().count('href="/kiem-tra/dot/') == count


def test_plan_then_a_periodic_inspection_under_it(client, erin, inspector, product_a):
    client.force_login(erin)
    response = client.post(reverse("inspections:plan_create"), {"year": ago(0).year, "title": "Kế hoạch kiểm tra năm"})
    plan = InspectionPlan.objects.get()
    assert response.url == plan.get_absolute_url()
    form = client.get(reverse("inspections:create"), {"plan": plan.code}).content.decode()
    assert f'value="{plan.code}" selected' in form
    response = client.post(
        reverse("inspections:create"),
        {
            "kind": "periodic",
            "plan": plan.code,
            "trigger": "complaint",
            "products": [product_a.code],
            "team": [inspector.username],
            "starts_on": dmy(ago(3)),
            "ends_on": dmy(ago(1)),
        },
    )
    inspection = Inspection.objects.get()
    assert (inspection.plan, inspection.kind, inspection.trigger) == (plan, "periodic", "plan")
    assert inspection.get_absolute_url() in client.get(plan.get_absolute_url()).content.decode()


def test_open_inspection_form_shows_a_bad_date_range_and_records_nothing(client, inspector, product_a):
    client.force_login(inspector)
    response = client.post(
        reverse("inspections:create"),
        {
            "kind": "ad_hoc",
            "trigger": "complaint",
            "products": [product_a.code],
            "team": [inspector.username],
            "starts_on": dmy(ago(1)),
            "ends_on": dmy(ago(3)),
        },
    )
    assert response.status_code == 200
    assert "Ngày kết thúc không được trước ngày bắt đầu." in response.content.decode()
    assert Inspection.objects.count() == 0
