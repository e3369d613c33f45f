"""The programme's workflows end to end through HTTP, and their scope: a record outside the user's area is a 404."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.domain import history
from audit.models import AuditEntry
from programme import domain
from programme.models import Assignment, Attendee, Consultant, Event, Funding, Indicator, Plan

from .conftest import make_event

D = datetime.date


def test_nav_shows_the_programme_to_office_readers_only(client, carol, council, alice):
    for user, shown in ((carol, True), (council, False), (alice, False)):
        client.force_login(user)
        page = client.get(reverse("dossiers:list")).content.decode()
        assert (reverse("programme:plans") in page) == shown, user


def test_programme_pages_are_404_for_producers_and_council(client, alice, council):
    for user in (alice, council):
        client.force_login(user)
        for name in ("plans", "fundings", "consultants", "events"):
            assert client.get(reverse(f"programme:{name}")).status_code == 404


# Plans ---------------------------------------------------------------------------------------------------


def test_province_officer_creates_and_edits_a_plan_through_the_pages(client, erin, hanoi):
    client.force_login(erin)
    response = client.post(
        reverse("programme:plan_create"),
        {"area": hanoi.pk, "year": 2026, "indicator": Indicator.DOSSIERS, "target": 300, "note": ""},
    )
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert (plan.area, plan.year, plan.indicator, plan.target) == (hanoi, 2026, "dossiers", 300)
    response = client.post(reverse("programme:plan_edit", args=[plan.code]), {"target": 316, "note": "Bổ sung"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.target, plan.note) == (316, "Bổ sung")
    assert [e.action for e in history(plan).order_by("id")] == [AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE]
    page = client.get(reverse("programme:plans") + "?year=2026").content.decode()
    assert "Kế hoạch năm 2026" in page
    assert "316" in page


def test_plan_create_offers_only_the_officers_own_units(client, erin, hanoi, ninh_binh):
    client.force_login(erin)
    response = client.post(
        reverse("programme:plan_create"),
        {"area": ninh_binh.pk, "year": 2026, "indicator": Indicator.DOSSIERS, "target": 3},
    )
    assert response.status_code == 200
    assert "area" in response.context["form"].errors
    assert Plan.objects.count() == 0


def test_commune_officer_reads_their_share_but_cannot_plan(client, erin, carol, dave, commune_x):
    plan = domain.set_plan(
        area=commune_x, year=2026, indicator=Indicator.STARS_4, target=4, note="Phần giao của xã X", by=erin
    )
    client.force_login(carol)
    assert "Phần giao của xã X" in client.get(reverse("programme:plans") + "?year=2026").content.decode()
    assert client.get(reverse("programme:plan_edit", args=[plan.code])).status_code == 403
    assert client.get(reverse("programme:plan_create")).status_code == 404
    client.force_login(dave)
    assert "Phần giao của xã X" not in client.get(reverse("programme:plans") + "?year=2026").content.decode()
    assert client.get(reverse("programme:plan_edit", args=[plan.code])).status_code == 404


def test_another_provinces_officer_gets_404_on_a_plan(client, erin, frank, hanoi):
    plan = domain.set_plan(area=hanoi, year=2026, indicator=Indicator.DOSSIERS, target=316, by=erin)
    client.force_login(frank)
    assert client.get(reverse("programme:plan_edit", args=[plan.code])).status_code == 404
    assert client.post(reverse("programme:plan_delete", args=[plan.code])).status_code == 404
    assert Plan.objects.count() == 1


def test_shares_page_saves_the_split_and_warns_when_the_sum_differs(client, erin, hanoi, commune_x, commune_y):
    domain.set_plan(area=hanoi, year=2026, indicator=Indicator.DOSSIERS, target=20, by=erin)
    client.force_login(erin)
    url = reverse("programme:plan_shares") + "?year=2026&indicator=dossiers"
    page = client.get(url)
    assert page.status_code == 200
    assert f'name="c{commune_x.pk}"' in page.content.decode()
    response = client.post(url, {f"c{commune_x.pk}": "12", f"c{commune_y.pk}": "5"}, follow=True)
    assert dict(Plan.objects.filter(area__parent=hanoi).values_list("area_id", "target")) == {
        commune_x.pk: 12,
        commune_y.pk: 5,
    }
    text = response.content.decode()
    assert 'id="shares-total">17<' in text
    assert "còn thiếu 3 so với chỉ tiêu của tỉnh (20)" in text


def test_shares_page_refuses_a_negative_share_and_writes_nothing(client, erin, commune_x):
    client.force_login(erin)
    url = reverse("programme:plan_shares") + "?year=2026&indicator=dossiers"
    response = client.post(url, {f"c{commune_x.pk}": "-2"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Plan.objects.count() == 0


def test_shares_page_is_404_for_commune_officers(client, carol):
    client.force_login(carol)
    assert client.get(reverse("programme:plan_shares")).status_code == 404


# Funding -------------------------------------------------------------------------------------------------


def test_commune_officer_records_funding_for_their_producer(client, carol, producer_a):
    client.force_login(carol)
    response = client.post(
        reverse("programme:funding_create"),
        {
            "producer": producer_a.pk,
            "amount": "30000000",
            "source": "commune",
            "purpose": "In nhãn mác",
            "granted_on": "15/02/2026",
        },
    )
    assert response.status_code == 302
    funding = Funding.objects.get()
    assert (funding.producer, funding.amount, funding.granted_on) == (producer_a, 30_000_000, D(2026, 2, 15))
    assert history(funding).get().action == AuditEntry.Action.CREATE
    assert "30.000.000" in client.get(reverse("programme:fundings")).content.decode()


def test_funding_create_refuses_a_producer_outside_the_commune(client, dave, producer_a):
    client.force_login(dave)
    response = client.post(
        reverse("programme:funding_create"),
        {"producer": producer_a.pk, "amount": "1", "source": "commune", "purpose": "x", "granted_on": "01/02/2026"},
    )
    assert response.status_code == 200
    assert "producer" in response.context["form"].errors
    assert Funding.objects.count() == 0


def test_funding_outside_scope_is_404(client, erin, dave, frank, producer_a):
    funding = domain.record_funding(
        producer=producer_a, amount=5, source="provincial", purpose="x", granted_on=D(2026, 1, 1), by=erin
    )
    for user in (dave, frank):
        client.force_login(user)
        assert client.get(reverse("programme:funding_edit", args=[funding.code])).status_code == 404
        assert funding.code not in client.get(reverse("programme:fundings")).content.decode()


def test_funding_edit_changes_the_amount_and_audits(client, erin, producer_a):
    funding = domain.record_funding(
        producer=producer_a, amount=5, source="provincial", purpose="x", granted_on=D(2026, 1, 1), by=erin
    )
    client.force_login(erin)
    response = client.post(
        reverse("programme:funding_edit", args=[funding.code]),
        {"amount": "7", "source": "central", "purpose": "y", "granted_on": "02/01/2026"},
    )
    assert response.status_code == 302
    funding.refresh_from_db()
    assert (funding.amount, funding.source, funding.producer) == (7, "central", producer_a)
    assert history(funding).order_by("-id").first().changes["amount"] == [5, 7]


# Consultants ---------------------------------------------------------------------------------------------


def test_province_officer_adds_a_firm_and_assigns_it_to_a_legacy_district(client, erin, hanoi, chuong_my):
    client.force_login(erin)
    response = client.post(
        reverse("programme:consultant_create"), {"kind": "firm", "name": "Công ty Tư vấn Sông Đáy", "expertise": ""}
    )
    assert response.status_code == 302
    consultant = Consultant.objects.get()
    assert consultant.province == hanoi
    response = client.post(
        reverse("programme:assignment_create", args=[consultant.code]),
        {"area": chuong_my.pk, "starts_on": "01/01/2026", "note": "Hoàn thiện hồ sơ"},
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.area, assignment.province) == (chuong_my, hanoi)
    page = client.get(reverse("programme:consultant", args=[consultant.code])).content.decode()
    assert "Các chủ thể của Huyện Chương Mỹ" in page


def test_assignment_needs_a_producer_or_an_area(client, erin, consultant_hanoi):
    client.force_login(erin)
    response = client.post(
        reverse("programme:assignment_create", args=[consultant_hanoi.code]), {"starts_on": "01/01/2026"}
    )
    assert response.status_code == 400
    assert "Chọn một chủ thể hoặc một địa bàn." in response.content.decode()
    assert Assignment.objects.count() == 0


def test_consultants_are_404_for_another_province_and_read_only_for_communes(client, frank, carol, consultant_hanoi):
    client.force_login(frank)
    assert client.get(reverse("programme:consultant", args=[consultant_hanoi.code])).status_code == 404
    client.force_login(carol)
    assert client.get(reverse("programme:consultant", args=[consultant_hanoi.code])).status_code == 200
    assert client.get(reverse("programme:consultant_edit", args=[consultant_hanoi.code])).status_code == 403


def test_assignment_end_records_the_date(client, erin, consultant_hanoi, producer_a):
    assignment = domain.assign_consultant(
        consultant=consultant_hanoi, producer=producer_a, starts_on=D(2026, 1, 1), by=erin
    )
    client.force_login(erin)
    response = client.post(reverse("programme:assignment_end", args=[assignment.code]), {"ends_on": "30/06/2026"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.ends_on == D(2026, 6, 30)
    assert history(assignment).order_by("-id").first().changes["ends_on"] == [None, "2026-06-30"]


# Events --------------------------------------------------------------------------------------------------


def test_commune_officer_holds_a_course_and_enters_attendees(client, carol, commune_x, producer_a):
    client.force_login(carol)
    response = client.post(
        reverse("programme:event_create"),
        {
            "kind": "training",
            "topic": "Tập huấn xây dựng câu chuyện sản phẩm",
            "starts_on": "10/03/2026",
            "ends_on": "11/03/2026",
            "place": "Hội trường UBND xã",
            "area": commune_x.pk,
            "organiser": "UBND xã Phú Nghĩa",
            "trainers": "TS. Nguyễn Văn A",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.commune, event.starts_on, event.ends_on) == (commune_x, D(2026, 3, 10), D(2026, 3, 11))
    add = reverse("programme:attendee_add", args=[event.code])
    assert client.post(add, {"kind": "producer", "producer": producer_a.pk, "name": "Lê Thị Hoa"}).status_code == 302
    assert client.post(add, {"kind": "official", "level": "commune", "name": "Trần Văn Nam"}).status_code == 302
    twice = client.post(add, {"kind": "producer", "producer": producer_a.pk, "name": "LÊ THỊ HOA"})
    assert twice.status_code == 400
    assert list(event.attendees.order_by("name").values_list("name", "kind", "level")) == [
        ("Lê Thị Hoa", "producer", ""),
        ("Trần Văn Nam", "official", "commune"),
    ]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, object_repr="Trần Văn Nam").count() == 1
    page = client.get(reverse("programme:event", args=[event.code])).content.decode()
    assert "2 người, trong đó 1 cán bộ (cấp xã: 1)" in page
    assert f"<code>{event.code}</code>" in page  # the code the API addresses it by


def test_official_attendee_needs_a_level(client, carol, event_x):
    client.force_login(carol)
    response = client.post(reverse("programme:attendee_add", args=[event_x.code]), {"kind": "official", "name": "A"})
    assert response.status_code == 400
    assert event_x.attendees.count() == 0


def test_producer_attendee_needs_the_producer_or_its_name_on_the_page(client, carol, event_x):
    client.force_login(carol)
    response = client.post(reverse("programme:attendee_add", args=[event_x.code]), {"kind": "producer", "name": "A"})
    assert response.status_code == 400
    assert "Chọn chủ thể, hoặc ghi tên chủ thể khi chưa có trên nền tảng." in response.content.decode()
    assert event_x.attendees.count() == 0


def test_event_outside_scope_is_404(client, dave, frank, event_x):
    for user in (dave, frank):
        client.force_login(user)
        for name in ("event", "event_edit", "attendance_import"):
            assert client.get(reverse(f"programme:{name}", args=[event_x.code])).status_code == 404
        assert client.post(reverse("programme:event_delete", args=[event_x.code])).status_code == 404
        assert event_x.code not in client.get(reverse("programme:events")).content.decode()
    assert Event.objects.count() == 1


def test_province_event_list_holds_its_communes_events(client, erin, root, commune_y, event_x):
    other = make_event(by=root, area=commune_y, topic="Hội nghị tổng kết")
    client.force_login(erin)
    page = client.get(reverse("programme:events")).content.decode()
    assert event_x.code in page and other.code in page


def test_event_delete_is_audited(client, carol, event_x):
    client.force_login(carol)
    assert client.post(reverse("programme:event_delete", args=[event_x.code])).status_code == 302
    assert Event.objects.count() == 0
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DELETE, object_repr=str(event_x)).count() == 1


def test_attendee_remove_is_audited(client, carol, event_x):
    attendee = domain.add_attendee(
        event=event_x, by=carol, kind=Attendee.Kind.OFFICIAL, level="province", name="Ngô Bảo"
    )
    client.force_login(carol)
    response = client.post(reverse("programme:attendee_remove", args=[event_x.code, attendee.code]))
    assert response.status_code == 302
    assert event_x.attendees.count() == 0
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DELETE, object_repr="Ngô Bảo").count() == 1


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["events", "fundings", "plans"])
def test_lists_take_as_many_queries_for_three_rows_as_for_one(client, erin, root, commune_x, producer_a, name):
    def add(number):
        make_event(by=root, area=commune_x, topic=f"Lớp {number}")
        domain.record_funding(
            producer=producer_a, amount=number + 1, source="central", purpose="x", granted_on=D(2026, 1, 1), by=root
        )
        domain.set_plan(area=commune_x, year=2026, indicator=Indicator.values[number], target=number, by=root)

    client.force_login(erin)
    url = reverse(f"programme:{name}") + ("?year=2026" if name == "plans" else "")
    add(0)
    one = _queries(client, url)
    add(1)
    add(2)
    assert _queries(client, url) == one
