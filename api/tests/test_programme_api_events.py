"""Events and their attendees in the API: seen as the pages show them (the public calendar's events by everyone,
every event of their scope by its officers), written through `programme.domain` as the pages write them."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from areas.keys import area_key
from audit.domain import history
from audit.models import AuditEntry
from criteria.models import Sector
from programme import attendance, domain
from programme.domain import EVENT_FIELDS
from programme.models import Attendee, Consultant, Event, EventKind
from programme.tests.conftest import make_event

from .test_programme_api import same_through_both

D = datetime.date
URL = "/api/v1/events/"


@pytest.fixture
def sector(db) -> Sector:
    return Sector.objects.filter(legal_version__effective_to__isnull=True).order_by("numeral").first()


@pytest.fixture
def training_x(root, commune_x) -> Event:
    return make_event(by=root, area=commune_x, topic="Tập huấn xây dựng hồ sơ OCOP")


@pytest.fixture
def fair_hanoi(root, hanoi, sector) -> Event:
    fair = make_event(by=root, area=hanoi, kind=EventKind.FAIR, topic="Hội chợ OCOP Hà Nội", day=D(2026, 9, 20))
    fair.note = "Ghi chú nội bộ của văn phòng"
    return domain.save_event(event=fair, by=root, sectors=[sector])


def test_event_saved_through_the_api_leaves_what_the_form_leaves(api_as, client, carol, commune_x, sector, hanoi):
    client.force_login(carol)
    api = api_as("carol")
    values = {
        "kind": "training",
        "topic": "Tập huấn kỹ năng bán hàng",
        "place": "Nhà văn hóa xã",
        "organiser": "UBND xã",
        "trainers": "ThS. Nguyễn Văn A",
        "note": "Mời 40 chủ thể",
        "capacity": 40,
    }

    def form_write():
        page = client.post(
            reverse("programme:event_create"),
            {
                **values,
                "starts_on": "10/05/2026",
                "ends_on": "11/05/2026",
                "area": commune_x.pk,
                "sectors": [sector.pk],
                "target_areas": [hanoi.pk],
            },
        )
        assert page.status_code == 302

    def api_write():
        body = {
            **values,
            "starts_on": "2026-05-10",
            "ends_on": "2026-05-11",
            "area": area_key(commune_x),
            "sectors": [sector.numeral],
            "target_areas": [area_key(hanoi)],
        }
        response = api.post(URL, body, format="json")
        assert response.status_code == 201, response.json()
        assert response.json()["note"] == "Mời 40 chủ thể"

    def records():
        return [
            (row, list(event.sectors.all()), list(event.target_areas.all()))
            for event in Event.objects.all()
            for row in [Event.objects.filter(pk=event.pk).values(*EVENT_FIELDS).get()]
        ]

    same_through_both(form_write, api_write, records)


def test_attendee_added_through_the_api_leaves_what_the_form_leaves(api_as, client, carol, training_x, producer_a):
    client.force_login(carol)
    api = api_as("carol")
    values = {"kind": "producer", "name": "Lê Thị Hoa", "position": "Giám đốc", "phone": "0912345678"}

    def form_write():
        page = client.post(
            reverse("programme:attendee_add", args=[training_x.code]), {**values, "producer": producer_a.pk}
        )
        assert page.status_code == 302

    def api_write():
        response = api.post(
            f"{URL}{training_x.code}/attendees/", {**values, "producer": producer_a.code}, format="json"
        )
        assert response.status_code == 201, response.json()

    fields = ("event", "kind", "level", "producer", "name", "organisation", "position", "phone", "key")

    def records():
        rows = list(Attendee.objects.values(*fields))
        types = [ContentType.objects.get_for_model(Attendee).pk]
        entries = AuditEntry.objects.filter(content_type__in=types).order_by("id")
        return rows, [(e.action, e.actor_id, e.changes, e.note) for e in entries]

    same_through_both(form_write, api_write, records)


VISIBLE_TRAINING = {
    "anonymous": False,
    "alice": False,
    "carol": True,
    "dave": False,
    "erin": True,
    "frank": False,
    "minh": True,
}


@pytest.mark.parametrize("persona", VISIBLE_TRAINING)
def test_events_are_seen_as_the_pages_show_them(request, api, persona, training_x, fair_hanoi):
    client = api
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    listed = [e["code"] for e in client.get(URL).json()["results"]]
    expected = [fair_hanoi.code, training_x.code] if VISIBLE_TRAINING[persona] else [fair_hanoi.code]
    assert listed == expected
    assert client.get(f"{URL}{training_x.code}/").status_code == (200 if VISIBLE_TRAINING[persona] else 404)
    fair = client.get(f"{URL}{fair_hanoi.code}/").json()
    office = persona in ("erin", "minh")
    assert fair["note"] == ("Ghi chú nội bộ của văn phòng" if office else None)
    assert client.get(f"{URL}{fair_hanoi.code}/attendees/").status_code == (200 if office else 404)


def test_event_list_filters_and_orders(api_as, root, commune_x, commune_y, training_x, fair_hanoi, sector):
    conference = make_event(by=root, area=commune_y, kind=EventKind.CONFERENCE, day=D(2026, 6, 1), topic="Hội nghị")
    api = api_as("erin")

    def listed(query):
        response = api.get(f"{URL}?{query}")
        assert response.status_code == 200, response.json()
        return [e["code"] for e in response.json()["results"]]

    assert listed("ordering=start") == [training_x.code, conference.code, fair_hanoi.code]
    assert listed("kind=conference") == [conference.code]
    assert listed(f"area={area_key(commune_x)}") == [training_x.code]
    assert listed(f"sector={sector.numeral}") == [fair_hanoi.code]
    assert listed("from=2026-05-01&to=2026-07-01") == [conference.code]
    today = timezone.localdate()
    upcoming = make_event(by=root, area=commune_x, day=today + datetime.timedelta(days=3), topic="Sắp tới")
    assert upcoming.code in listed("when=upcoming")
    assert upcoming.code not in listed("when=past")
    response = api.get(f"{URL}?from=2026-02-30")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "from": ["“2026-02-30” không phải là ngày hợp lệ: hãy viết theo dạng YYYY-MM-DD."]
    }


def test_event_changed_and_deleted_by_the_officers_of_its_area_only(api_as, training_x):
    url = f"{URL}{training_x.code}/"
    assert api_as("dave").patch(url, {"topic": "Khác"}, format="json").status_code == 404
    assert api_as("frank").delete(url).status_code == 404
    response = api_as("carol").patch(url, {"topic": "Tập huấn (đổi lịch)", "ends_on": "2026-03-12"}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["topic"], response.json()["ends_on"]) == ("Tập huấn (đổi lịch)", "2026-03-12")
    bad = api_as("carol").patch(url, {"ends_on": "2026-03-01"}, format="json")
    assert bad.status_code == 400
    assert api_as("minh").delete(url).status_code == 403
    assert api_as("erin").delete(url).status_code == 204
    assert [e.action for e in history(training_x).order_by("id")] == ["create", "update", "delete"]


def test_event_without_place_or_link_is_400_with_the_models_message(api_as, commune_x):
    body = {
        "kind": "training",
        "topic": "T",
        "starts_on": "2026-05-10",
        "ends_on": "2026-05-10",
        "area": area_key(commune_x),
        "organiser": "UBND xã",
    }
    response = api_as("carol").post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"place": ["Ghi địa điểm, hoặc đường dẫn khi tổ chức trực tuyến."]}
    assert api_as("alice").post(URL, {**body, "place": "Hội trường"}, format="json").status_code == 403
    assert api_as("dave").post(URL, {**body, "place": "Hội trường"}, format="json").status_code == 403
    aimed = api_as("carol").post(
        URL, {**body, "place": "Hội trường", "target_areas": [area_key(commune_x)]}, format="json"
    )
    assert aimed.json()["errors"] == {"target_areas": ["Chọn các tỉnh, thành phố hiện nay."]}
    unknown = api_as("carol").post(URL, {**body, "place": "Hội trường", "sectors": ["XIV"]}, format="json")
    assert unknown.json()["errors"] == {"sectors": ["Không có ngành nào số hiệu XIV."]}
    assert not Event.objects.exists()


def test_attendees_added_listed_and_removed(api_as, training_x, producer_a):
    api = api_as("carol")
    url = f"{URL}{training_x.code}/attendees/"
    official = {"kind": "official", "name": "Trần Văn Nam", "organisation": "UBND xã"}
    assert api.post(url, official, format="json").json()["errors"] == {"level": ["Chọn cấp của cán bộ."]}
    assert api.post(url, {**official, "level": "commune"}, format="json").status_code == 201
    twice = api.post(url, {**official, "level": "commune"}, format="json")
    assert twice.json()["errors"] == {"non_field_errors": ["Trần Văn Nam đã có trong danh sách."]}
    nameless = api.post(url, {"kind": "producer", "name": "Lê Thị Hoa"}, format="json")
    assert nameless.json()["errors"] == {"producer": ["Chọn chủ thể, hoặc ghi tên chủ thể khi chưa có trên nền tảng."]}
    added = api.post(url, {"kind": "producer", "name": "Lê Thị Hoa", "producer": producer_a.code}, format="json")
    assert added.json()["producer"]["code"] == producer_a.code
    listed = api.get(url).json()
    assert listed["count"] == 2
    assert [a["name"] for a in listed["results"]] == ["Trần Văn Nam", "Lê Thị Hoa"]
    assert api_as("dave").delete(f"{url}{added.json()['code']}/").status_code == 404
    assert api_as("minh").delete(f"{url}{added.json()['code']}/").status_code == 403
    assert api.delete(f"{url}{added.json()['code']}/").status_code == 204
    assert api.delete(f"{url}NOSUCHCODE/").status_code == 404
    assert list(training_x.attendees.values_list("name", flat=True)) == ["Trần Văn Nam"]


def test_attendance_sheet_imported_through_the_api_adds_nobody_twice(api_as, training_x, producer_a):
    head = ",".join(c.heading for c in attendance.COLUMNS)
    text = f"{head}\nLê Thị Hoa,Chủ thể,,{producer_a.tax_code},,Giám đốc,\nPhạm Thu,Cán bộ,Tỉnh,,Sở NN,,\n"

    def sheet(content=text):
        return SimpleUploadedFile("diem-danh.csv", content.encode("utf-8-sig"), content_type="text/csv")

    api = api_as("carol")
    url = f"{URL}{training_x.code}/attendees/import/"
    checked = api.post(url, {"sheet": sheet(), "dry_run": "true"}, format="multipart")
    assert checked.json() == {"rows": 2, "added": 0, "already": 0, "dry_run": True}
    assert api.post(url, {"sheet": sheet()}, format="multipart").json()["added"] == 2
    assert api.post(url, {"sheet": sheet()}, format="multipart").json() == {
        "rows": 2,
        "added": 0,
        "already": 2,
        "dry_run": False,
    }
    wrong = api.post(url, {"sheet": sheet(f"{head}\nAi đó,Khách,,,,,\n")}, format="multipart")
    assert wrong.status_code == 400
    assert wrong.json()["errors"]["sheet"] == [
        "2, Đối tượng: Đối tượng phải là “Cán bộ” hoặc “Chủ thể” (đang ghi “Khách”)."
    ]
    assert api_as("dave").post(url, {"sheet": sheet()}, format="multipart").status_code == 404
    assert training_x.attendees.count() == 2


def _add_three(root, commune_x, commune_y, producer_a, consultant):
    for n in range(3):
        area = commune_x if n % 2 else commune_y
        domain.set_plan(area=area, year=2020 + n, indicator="dossiers", target=n, by=root)
        domain.record_funding(
            producer=producer_a, amount=n + 1, source="other", purpose="x", granted_on=D(2026, 1, n + 1), by=root
        )
        domain.assign_consultant(consultant=consultant, producer=producer_a, starts_on=D(2026, 1, n + 1), by=root)
        event = make_event(by=root, area=area, kind=EventKind.FAIR, day=D(2026, 5, n + 1))
        domain.save_event(event=event, by=root, target_areas=[commune_x.parent])
        domain.save_consultant(
            consultant=Consultant(kind="person", name=f"Tư vấn {n}", province=commune_x.parent), by=root
        )


@pytest.mark.parametrize("path", ["plans/", "fundings/", "consultants/", "assignments/", "events/"])
def test_programme_lists_cost_the_same_queries_for_one_item_or_many(
    api_as, django_assert_max_num_queries, path, root, hanoi, commune_x, commune_y, producer_a
):
    consultant = domain.save_consultant(
        consultant=Consultant(kind="firm", name="Công ty Tư vấn", province=hanoi), by=root
    )
    domain.set_plan(area=commune_x, year=2019, indicator="dossiers", target=1, by=root)
    domain.record_funding(producer=producer_a, amount=1, source="other", purpose="x", granted_on=D(2025, 1, 1), by=root)
    domain.assign_consultant(consultant=consultant, producer=producer_a, starts_on=D(2025, 1, 1), by=root)
    make_event(by=root, area=commune_x)
    client = api_as("erin")
    with django_assert_max_num_queries(15) as one:
        assert client.get(f"/api/v1/{path}").json()["count"] == 1
    _add_three(root, commune_x, commune_y, producer_a, consultant)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(f"/api/v1/{path}").json()["count"] == 4
