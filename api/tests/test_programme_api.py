"""The programme in the API: plans, their split over communes, plan against actual, funding, consultants and
assignments. Each write goes through the same domain function as the pages: the records and audit entries left
are the same; a record outside the caller's scope is a 404; a token writes only with `write:programme`."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from api import tokens
from api.tokens import WriteScope
from areas.keys import area_key
from audit.domain import history
from audit.models import AuditEntry
from programme import domain
from programme.models import Assignment, Consultant, Event, Funding, Indicator, Plan

D = datetime.date
PROGRAMME_MODELS = (Plan, Funding, Consultant, Assignment, Event)


def audit_after(since: int):
    """The programme's audit entries after entry `since`, as comparable values."""
    types = ContentType.objects.get_for_models(*PROGRAMME_MODELS).values()
    rows = AuditEntry.objects.filter(id__gt=since, content_type__in=list(types)).order_by("id")
    return [(e.content_type_id, e.action, e.actor_id, e.changes, e.note) for e in rows]


def last_entry() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def same_through_both(form_write, api_write, records):
    """Run the write through the page, keep what it left and roll it back; then through the API. Both must leave
    the same records (`records()`, without codes, ids or timestamps) and the same audit entries."""
    with transaction.atomic():
        since = last_entry()
        form_write()
        by_form = (records(), audit_after(since))
        transaction.set_rollback(True)
    since = last_entry()
    api_write()
    by_api = (records(), audit_after(since))
    assert by_form[0], "the write left nothing"
    assert by_api == by_form


def bearer(user, scopes=()):
    _token, raw = tokens.create_token(
        user=user,
        name="Tích hợp",
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
        scopes=list(scopes),
        by=user,
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def plan_y(root, commune_y):
    return domain.set_plan(area=commune_y, year=2026, indicator=Indicator.DOSSIERS, target=4, by=root)


# Plans ---------------------------------------------------------------------------------------------------


def test_plan_set_through_the_api_leaves_what_the_form_leaves(api_as, client, erin, hanoi):
    client.force_login(erin)
    api = api_as("erin")
    body = {"year": 2026, "indicator": Indicator.DOSSIERS, "target": 300, "note": "Theo kế hoạch tỉnh"}

    def form_write():
        response = client.post(reverse("programme:plan_create"), {**body, "area": hanoi.pk})
        assert response.status_code == 302

    def api_write():
        response = api.post("/api/v1/plans/", {**body, "area": area_key(hanoi)}, format="json")
        assert response.status_code == 201, response.json()
        assert response.json()["target"] == 300

    same_through_both(
        form_write, api_write, lambda: list(Plan.objects.values("area", "year", "indicator", "target", "note"))
    )


def test_plan_set_twice_changes_the_target_and_answers_200(api_as, hanoi):
    api = api_as("erin")
    body = {"area": area_key(hanoi), "year": 2026, "indicator": Indicator.EVALUATED, "target": 40}
    assert api.post("/api/v1/plans/", body, format="json").status_code == 201
    response = api.post("/api/v1/plans/", {**body, "target": 45}, format="json")
    assert response.status_code == 200
    plan = Plan.objects.get()
    assert plan.target == 45
    assert [e.action for e in history(plan).order_by("id")] == [AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE]
    response = api.patch(f"/api/v1/plans/{plan.code}/", {"note": "Điều chỉnh"}, format="json")
    assert response.status_code == 200
    assert (response.json()["target"], response.json()["note"]) == (45, "Điều chỉnh")


def test_plan_of_another_commune_is_404_to_a_commune_officer(api_as, plan_y):
    api = api_as("carol")
    assert api.get(f"/api/v1/plans/{plan_y.code}/").status_code == 404
    assert api.patch(f"/api/v1/plans/{plan_y.code}/", {"target": 9}, format="json").status_code == 404
    assert api.delete(f"/api/v1/plans/{plan_y.code}/").status_code == 404
    plan_y.refresh_from_db()
    assert plan_y.target == 4


def test_commune_officer_reads_its_share_but_plans_nothing(api_as, root, commune_x):
    plan = domain.set_plan(area=commune_x, year=2026, indicator=Indicator.DOSSIERS, target=5, by=root)
    api = api_as("carol")
    assert [p["code"] for p in api.get("/api/v1/plans/").json()["results"]] == [plan.code]
    assert api.patch(f"/api/v1/plans/{plan.code}/", {"target": 9}, format="json").status_code == 403
    body = {"area": area_key(commune_x), "year": 2026, "indicator": Indicator.DOSSIERS, "target": 9}
    assert api.post("/api/v1/plans/", body, format="json").status_code == 403
    plan.refresh_from_db()
    assert plan.target == 5


def test_province_officer_cannot_plan_for_another_province(api_as, ninh_binh):
    body = {"area": area_key(ninh_binh), "year": 2026, "indicator": Indicator.DOSSIERS, "target": 9}
    assert api_as("erin").post("/api/v1/plans/", body, format="json").status_code == 403
    assert not Plan.objects.exists()


def test_plan_bad_input_is_400_in_vietnamese(api_as, hanoi):
    body = {"area": "2025-province-XX", "year": 1990, "indicator": "stars_9", "target": -1}
    response = api_as("erin").post("/api/v1/plans/", body, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"year", "indicator", "target"}
    assert errors["year"] == ["Giá trị nhỏ nhất là 2018."]
    response = api_as("erin").post("/api/v1/plans/", {**body, "year": 2026, "indicator": "dossiers", "target": 3})
    assert response.json()["errors"] == {"area": ["Không có địa bàn nào mã “2025-province-XX”."]}


def test_plan_list_filters_and_orders(api_as, root, hanoi, commune_x, ninh_binh):
    for area, year, indicator in (
        (hanoi, 2026, Indicator.DOSSIERS),
        (hanoi, 2025, Indicator.DOSSIERS),
        (commune_x, 2026, Indicator.EVALUATED),
        (ninh_binh, 2026, Indicator.DOSSIERS),
    ):
        domain.set_plan(area=area, year=year, indicator=indicator, target=1, by=root)
    api = api_as("erin")

    def listed(query):
        return [
            (p["area"]["code"], p["year"], p["indicator"]) for p in api.get(f"/api/v1/plans/?{query}").json()["results"]
        ]

    assert listed("year=2026&ordering=indicator") == [
        (hanoi.code, 2026, "dossiers"),
        (commune_x.code, 2026, "evaluated"),
    ]
    assert listed(f"area={area_key(hanoi)}&ordering=year") == [
        (hanoi.code, 2025, "dossiers"),
        (hanoi.code, 2026, "dossiers"),
    ]
    assert listed("indicator=evaluated") == [(commune_x.code, 2026, "evaluated")]
    response = api.get("/api/v1/plans/?ordering=area_name")
    assert response.status_code == 400


def test_shares_split_the_province_plan_and_say_the_difference(api_as, erin, hanoi, commune_x, commune_y):
    domain.set_plan(area=hanoi, year=2026, indicator=Indicator.DOSSIERS, target=10, by=erin)
    body = {
        "year": 2026,
        "indicator": "dossiers",
        "shares": [{"commune": area_key(commune_x), "target": 4}, {"commune": area_key(commune_y), "target": 3}],
    }
    response = api_as("erin").post("/api/v1/plans/shares/", body, format="json")
    assert response.status_code == 200, response.json()
    split = response.json()
    assert (split["target"], split["total"], split["difference"]) == (10, 7, -3)
    assert {s["commune"]["code"]: s["target"] for s in split["shares"]} == {commune_x.code: 4, commune_y.code: 3}
    assert Plan.objects.get(area=commune_x, year=2026).target == 4
    read = api_as("erin").get("/api/v1/plans/shares/?year=2026&indicator=dossiers").json()
    assert read == split
    body["shares"] = [{"commune": area_key(commune_x), "target": None}]
    assert api_as("erin").post("/api/v1/plans/shares/", body, format="json").json()["total"] == 3
    assert not Plan.objects.filter(area=commune_x).exists()


def test_shares_of_another_province_are_404_and_communes_outside_it_400(api_as, ninh_binh, commune_x, commune_nb):
    body = {"province": area_key(ninh_binh), "year": 2026, "indicator": "dossiers", "shares": []}
    assert api_as("erin").post("/api/v1/plans/shares/", body, format="json").status_code == 404
    body = {"year": 2026, "indicator": "dossiers", "shares": [{"commune": area_key(commune_nb), "target": 1}]}
    response = api_as("erin").post("/api/v1/plans/shares/", body, format="json")
    assert response.status_code == 400
    assert not Plan.objects.exists()


def test_plan_progress_is_the_reports_planned_tables(api_as, erin, hanoi):
    domain.set_plan(area=hanoi, year=2026, indicator=Indicator.TRAININGS, target=8, by=erin)
    response = api_as("erin").get(f"/api/v1/plans/progress/?area={area_key(hanoi)}&year=2026")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert [t["key"] for t in body["tables"]] == ["pipeline", "events", "market"]
    statistics = api_as("erin").get(f"/api/v1/statistics/events/?area={area_key(hanoi)}&first=2026&last=2026")
    assert body["tables"][1] == statistics.json()["tables"][0]
    training = next(row for row in body["tables"][1]["rows"] if row[2] == 8)
    assert training[1] == 0
    assert api_as("frank").get(f"/api/v1/plans/progress/?area={area_key(hanoi)}").status_code == 404
    assert api_as("alice").get("/api/v1/plans/progress/").status_code == 403


# Tokens -----------------------------------------------------------------------------------------------------


def test_a_token_writes_the_programme_only_with_write_programme(api, erin, hanoi):
    body = {"area": area_key(hanoi), "year": 2026, "indicator": "dossiers", "target": 3}
    read_only = api.post("/api/v1/plans/", body, format="json", **bearer(erin))
    assert read_only.status_code == 403
    assert read_only.json()["detail"] == "Mã truy cập này chỉ được đọc."
    other = api.post("/api/v1/plans/", body, format="json", **bearer(erin, [WriteScope.MARKET]))
    assert other.status_code == 403
    assert "write:programme" in other.json()["detail"]
    assert not Plan.objects.exists()
    assert api.get("/api/v1/plans/", **bearer(erin)).status_code == 200
    allowed = api.post("/api/v1/plans/", body, format="json", **bearer(erin, [WriteScope.PROGRAMME]))
    assert allowed.status_code == 201


@pytest.mark.parametrize("path", ["plans/", "plans/shares/", "fundings/", "consultants/", "assignments/", "events/"])
def test_every_programme_write_needs_the_write_programme_right(api, erin, path):
    for scopes in ((), (WriteScope.MARKET, WriteScope.PRODUCERS)):
        response = api.post(f"/api/v1/{path}", {}, format="json", **bearer(erin, scopes))
        assert response.status_code == 403, (path, scopes)
    response = api.post(f"/api/v1/{path}", {}, format="json", **bearer(erin, [WriteScope.PROGRAMME]))
    assert response.status_code == 400


# Support ----------------------------------------------------------------------------------------------------


def test_funding_recorded_through_the_api_leaves_what_the_form_leaves(api_as, client, carol, producer_a):
    client.force_login(carol)
    api = api_as("carol")
    values = {"amount": 15_000_000, "source": "provincial", "purpose": "Thiết kế bao bì", "granted_on": "2026-04-01"}

    def form_write():
        page = client.post(
            reverse("programme:funding_create"), {**values, "producer": producer_a.pk, "granted_on": "01/04/2026"}
        )
        assert page.status_code == 302

    def api_write():
        response = api.post("/api/v1/fundings/", {**values, "producer": producer_a.code}, format="json")
        assert response.status_code == 201, response.json()

    fields = ("producer", "application", "amount", "source", "purpose", "granted_on", "commune", "province")
    same_through_both(form_write, api_write, lambda: list(Funding.objects.values(*fields)))


def test_funding_change_delete_and_scope(api_as, carol, producer_a):
    funding = domain.record_funding(
        producer=producer_a, amount=5, source="commune", purpose="Tập huấn", granted_on=D(2026, 1, 5), by=carol
    )
    url = f"/api/v1/fundings/{funding.code}/"
    assert api_as("dave").patch(url, {"amount": 7}, format="json").status_code == 404
    assert api_as("frank").delete(url).status_code == 404
    response = api_as("carol").patch(url, {"amount": 7, "dossier": "NOSUCHCODE"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"dossier": ["Không có hồ sơ nào mã NOSUCHCODE."]}
    response = api_as("erin").patch(url, {"amount": 7}, format="json")
    assert response.status_code == 200
    assert response.json()["amount"] == 7
    assert api_as("alice").get(url).json()["purpose"] == "Tập huấn"
    assert api_as("alice").delete(url).status_code == 403
    assert api_as("carol").delete(url).status_code == 204
    assert [e.action for e in history(funding).order_by("id")] == ["create", "update", "delete"]


def test_funding_for_a_producer_not_seen_is_400(api_as, producer_b):
    body = {"producer": producer_b.code, "amount": 1, "source": "other", "purpose": "x", "granted_on": "2026-01-01"}
    response = api_as("carol").post("/api/v1/fundings/", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"producer": [f"Không có chủ thể nào mã {producer_b.code}."]}


def test_funding_list_filters(api_as, carol, dave, producer_a, producer_b):
    for producer, by, year in ((producer_a, carol, 2025), (producer_a, carol, 2026), (producer_b, dave, 2026)):
        domain.record_funding(
            producer=producer, amount=1, source="commune", purpose="x", granted_on=D(year, 2, 1), by=by
        )
    api = api_as("erin")

    def listed(query):
        return [
            (f["producer"]["code"], f["granted_on"]) for f in api.get(f"/api/v1/fundings/?{query}").json()["results"]
        ]

    assert listed(f"producer={producer_a.code}&ordering=granted") == [
        (producer_a.code, "2025-02-01"),
        (producer_a.code, "2026-02-01"),
    ]
    # Same day and amount: the primary key breaks the tie in the direction of the last key (amount, ascending).
    assert listed("year=2026&ordering=-granted,amount") == [
        (producer_a.code, "2026-02-01"),
        (producer_b.code, "2026-02-01"),
    ]
    assert listed("year=2026&ordering=-granted,-amount") == [
        (producer_b.code, "2026-02-01"),
        (producer_a.code, "2026-02-01"),
    ]
    assert [f["producer"]["code"] for f in api_as("dave").get("/api/v1/fundings/").json()["results"]] == [
        producer_b.code
    ]


def test_consultant_added_changed_and_assigned_through_the_api(api_as, erin, hanoi, producer_a, commune_x):
    api = api_as("erin")
    response = api.post("/api/v1/consultants/", {"kind": "firm", "name": "Công ty Tư vấn Hồng Hà"}, format="json")
    assert response.status_code == 201, response.json()
    code = response.json()["code"]
    assert response.json()["province"]["code"] == hanoi.code
    response = api.patch(f"/api/v1/consultants/{code}/", {"phone": "0243000000"}, format="json")
    assert (response.status_code, response.json()["phone"]) == (200, "0243000000")
    assert api_as("frank").get(f"/api/v1/consultants/{code}/").status_code == 404
    assert api_as("carol").get(f"/api/v1/consultants/{code}/").status_code == 200
    assert api_as("carol").patch(f"/api/v1/consultants/{code}/", {"phone": "1"}, format="json").status_code == 403

    body = {"consultant": code, "producer": producer_a.code, "starts_on": "2026-03-01"}
    response = api.post("/api/v1/assignments/", body, format="json")
    assert response.status_code == 201, response.json()
    assignment = Assignment.objects.get(code=response.json()["code"])
    assert (assignment.producer, assignment.province) == (producer_a, hanoi)
    both = api.post("/api/v1/assignments/", {**body, "area": area_key(commune_x)}, format="json")
    assert both.json()["errors"] == {"non_field_errors": ["Chọn một chủ thể hoặc một địa bàn."]}
    response = api.post(f"/api/v1/assignments/{assignment.code}/end/", {"ends_on": "2026-02-01"}, format="json")
    assert response.status_code == 400
    response = api.post(f"/api/v1/assignments/{assignment.code}/end/", {"ends_on": "2026-06-30"}, format="json")
    assert (response.status_code, response.json()["ends_on"]) == (200, "2026-06-30")
    assert api_as("alice").get(f"/api/v1/assignments/{assignment.code}/").json()["consultant"]["code"] == code
    assert (
        api_as("carol").post(f"/api/v1/assignments/{assignment.code}/end/", {"ends_on": "2026-06-01"}).status_code
        == 403
    )
    assert [e.action for e in history(assignment).order_by("id")] == ["create", "update"]
    listed = api.get(f"/api/v1/assignments/?consultant={code}").json()["results"]
    assert [a["code"] for a in listed] == [assignment.code]


def test_consultant_province_is_the_officers_own_or_a_province_of_today(api_as, ninh_binh, commune_x):
    body = {"kind": "person", "name": "Nguyễn Văn Ba"}
    assert api_as("erin").post("/api/v1/consultants/", {**body, "province": area_key(ninh_binh)}).status_code == 403
    response = api_as("root").post("/api/v1/consultants/", body, format="json")
    assert response.json()["errors"] == {"province": ["Chọn tỉnh của tư vấn."]}
    response = api_as("root").post("/api/v1/consultants/", {**body, "province": area_key(commune_x)}, format="json")
    assert response.json()["errors"] == {"province": ["Chọn một tỉnh, thành phố hiện nay."]}
    response = api_as("root").post("/api/v1/consultants/", {**body, "province": area_key(ninh_binh)}, format="json")
    assert (response.status_code, response.json()["province"]["code"]) == (201, ninh_binh.code)
    assert Consultant.objects.count() == 1


def test_consultant_of_another_province_cannot_be_assigned(api_as, consultant_ninh_binh, producer_a):
    body = {"consultant": consultant_ninh_binh.code, "producer": producer_a.code, "starts_on": "2026-03-01"}
    response = api_as("erin").post("/api/v1/assignments/", body, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"consultant"}


@pytest.fixture
def consultant_ninh_binh(frank):
    return domain.save_consultant(consultant=Consultant(kind="person", name="Lê Văn Tư"), by=frank)
