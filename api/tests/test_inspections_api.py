"""Inspections through the API, reading: who sees what (404 outside the scope, as the pages), the detail's parts,
the list's filters, ordering and pages, the evidence's download, and each write refused to those who only read
or do not see."""

import datetime

import pytest
from rest_framework.pagination import PageNumberPagination

from inspections import domain
from inspections.models import Evidence, Inspection, Kind, OutcomeKind, Status
from public.tests.factories import png_upload

from .inspection_records import PLANS, START, URL, ago, make_certificate, open_ad_hoc, second_product

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def inspection(inspector, producer_a, product_a):
    return open_ad_hoc(by=inspector, producers=[producer_a], products=[product_a], team=[inspector])


@pytest.fixture
def visited(inspection, inspector, product_a):
    """The inspection with a visit (a finding not met, a photo of it) and a remediation."""
    visit = domain.record_visit(
        inspection=inspection,
        product=product_a,
        visited_on=START,
        findings={"labels": ("not_met", "Thiếu nhãn phụ"), "ocop_mark": ("met", "")},
        files=[png_upload("chung.png")],
        by=inspector,
    )
    domain.add_evidence(
        visit=visit, upload=png_upload("nhan.png"), finding=visit.findings.get(item="labels"), by=inspector
    )
    domain.record_outcome(
        inspection=inspection,
        product=product_a,
        kind=OutcomeKind.REMEDIATION,
        note="Bổ sung nhãn phụ",
        concluded_on=START,
        deadline=ago(-30),
        by=inspector,
    )
    return inspection


# Who sees Hà Nội's inspection: its inspectors and OCOP officers, and the national roles.
VISIBLE = {
    "alice": False,
    "carol": False,
    "erin": True,
    "frank": False,
    "council": False,
    "inspector": True,
    "inspector_nb": False,
    "minh": True,
    "root": True,
}


@pytest.mark.parametrize("persona", VISIBLE)
def test_inspection_list_and_detail_are_the_persona_scope(api_as, persona, inspection):
    client = api_as(persona)

    listed = [row["code"] for row in client.get(URL).json()["results"]]
    detail = client.get(f"{URL}{inspection.code}/")

    assert listed == ([inspection.code] if VISIBLE[persona] else [])
    assert detail.status_code == (200 if VISIBLE[persona] else 404)


def test_inspection_detail_has_team_producers_products_visits_findings_and_outcomes(api_as, visited, product_a):
    body = api_as("erin").get(f"{URL}{visited.code}/").json()

    assert (body["kind"], body["trigger"], body["status"]) == ("ad_hoc", "complaint", "in_progress")
    assert [person["username"] for person in body["team"]] == ["inspector"]
    assert [p["code"] for p in body["producers"]] == [product_a.producer.code]
    assert [p["code"] for p in body["products"]] == [product_a.code]
    assert body["moves"] == ["cancelled", "concluded"]
    [visit] = body["visits"]
    assert [(f["item"], f["result"], f["note"]) for f in visit["findings"]] == [
        ("labels", "not_met", "Thiếu nhãn phụ"),
        ("ocop_mark", "met", ""),
    ]
    assert len(visit["evidence"]) == 1 and len(visit["findings"][0]["evidence"]) == 1
    [outcome] = body["outcomes"]
    assert (outcome["kind"], outcome["remediation_status"], outcome["deadline"]) == (
        "remediation",
        "open",
        ago(-30).isoformat(),
    )
    assert outcome["product"]["code"] == product_a.code


def test_evidence_is_downloaded_by_those_who_see_the_inspection_only(api_as, visited):
    evidence = Evidence.objects.filter(finding__isnull=True).get()
    body = api_as("inspector").get(f"{URL}{visited.code}/").json()
    address = body["visits"][0]["evidence"][0]["file"]
    assert address.endswith(f"{URL}{visited.code}/evidence/{evidence.code}/")

    response = api_as("erin").get(address)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    for persona in ("alice", "carol", "frank", "inspector_nb"):
        assert api_as(persona).get(address).status_code == 404, persona


def test_evidence_of_another_inspection_is_404_under_this_one(api_as, visited, inspector, producer_a, product_a):
    other = open_ad_hoc(by=inspector, producers=[producer_a], products=[product_a], team=[inspector])
    evidence = Evidence.objects.first()

    assert api_as("inspector").get(f"{URL}{other.code}/evidence/{evidence.code}/").status_code == 404


WRITES = [
    ("transitions/", {"to": "cancelled", "note": "Trùng lịch"}),
    ("visits/", {"product": "X", "visited_on": "2026-05-05", "findings": [{"item": "labels", "result": "met"}]}),
    ("outcomes/", {"product": "X", "kind": "compliant", "concluded_on": "2026-05-05"}),
]


@pytest.mark.parametrize("persona", ["alice", "carol", "frank", "inspector_nb"])
@pytest.mark.parametrize(("action", "body"), WRITES)
def test_inspection_writes_outside_scope_are_404_and_change_nothing(api_as, persona, action, body, inspection):
    response = api_as(persona).post(f"{URL}{inspection.code}/{action}", body, format="json")

    assert response.status_code == 404
    inspection.refresh_from_db()
    assert inspection.status == Status.PLANNED
    assert not inspection.visits.exists() and not inspection.outcomes.exists()


@pytest.mark.parametrize(("action", "body"), WRITES)
def test_inspection_writes_by_the_ministry_which_only_reads_are_403(api_as, action, body, inspection):
    assert api_as("minh").post(f"{URL}{inspection.code}/{action}", body, format="json").status_code == 403


def test_opening_an_inspection_is_403_for_who_cannot_plan(api_as, product_a):
    body = {"kind": "ad_hoc", "trigger": "complaint", "products": [product_a.code], "team": ["inspector"]}
    for persona in ("alice", "carol", "minh"):
        assert api_as(persona).post(URL, body, format="json").status_code == 403, persona
    assert not Inspection.objects.exists()


def test_inspection_list_paginates_filters_and_orders(
    api_as, monkeypatch, inspector, erin, producer_a, producer_b, product_a, product_b, criteria_set
):
    first = open_ad_hoc(by=inspector, producers=[producer_a], products=[product_a], team=[inspector])
    later = open_ad_hoc(
        by=inspector, producers=[producer_b], products=[product_b], team=[inspector], starts_on=START + DAY
    )
    domain.transition(inspection=later, to=Status.CANCELLED, note="Trùng lịch", by=inspector)
    monkeypatch.setattr(PageNumberPagination, "page_size", 1)
    client = api_as("erin")

    page = client.get(URL, {"ordering": "starts"}).json()
    assert page["count"] == 2
    assert [page["results"][0]["code"], client.get(page["next"]).json()["results"][0]["code"]] == [
        first.code,
        later.code,
    ]
    assert client.get(URL).json()["results"][0]["code"] == later.code
    assert client.get(URL, {"status": "cancelled"}).json()["results"][0]["code"] == later.code
    assert client.get(URL, {"kind": Kind.PERIODIC}).json()["count"] == 0
    assert client.get(URL, {"trigger": "complaint", "year": START.year}).json()["count"] == 2
    assert client.get(URL, {"year": START.year - 1}).json()["count"] == 0
    assert client.get(URL, {"producer": producer_b.code}).json()["results"][0]["code"] == later.code
    assert client.get(URL, {"product": product_a.code}).json()["results"][0]["code"] == first.code
    commune = f"2025-commune-{producer_a.current_commune.code}"
    assert client.get(URL, {"area": commune}).json()["results"][0]["code"] == first.code
    assert client.get(URL, {"area": "2025-province-01"}).json()["count"] == 2


def test_inspection_area_filter_counts_an_inspection_once(
    api_as, alice, inspector, producer_a, product_a, criteria_set
):
    other = second_product(producer_a, criteria_set, alice)
    open_ad_hoc(by=inspector, producers=[producer_a], products=[product_a, other], team=[inspector])

    assert api_as("erin").get(URL, {"area": "2025-province-01"}).json()["count"] == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"status": "x"}, {"status": [f"Giá trị “x” không hợp lệ; chọn một trong: {', '.join(Status)}."]}),
        ({"ordering": "id"}, {"ordering": ["Không sắp xếp được theo “id”; chọn trong: starts, ends, concluded, "
                                           "status, created."]}),
        ({"area": "2025-commune-zz"}, {"area": ["Không có địa bàn nào mã “2025-commune-zz”."]}),
        ({"year": "99999"}, {"year": ["Giá trị phải từ 1 đến 9999."]}),
    ],
)  # fmt: skip
def test_inspection_list_bad_filters_are_400(api_as, query, message, inspection):
    response = api_as("erin").get(URL, query)

    assert response.status_code == 400
    assert response.json()["errors"] == message


@pytest.mark.parametrize("path", [URL, PLANS])
def test_inspection_lists_query_count_does_not_grow(
    api_as, django_assert_max_num_queries, path, inspector, erin, hanoi, producer_a, product_a
):
    def more():
        plan = domain.create_plan(by=erin, province=hanoi, year=START.year, title="Kế hoạch")
        open_ad_hoc(by=inspector, producers=[producer_a], products=[product_a], team=[inspector])
        return plan

    more()
    client = api_as("erin")
    with django_assert_max_num_queries(12) as one:
        client.get(path)
    more(), more()

    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(path).json()["count"] == 3


def test_inspection_detail_query_count_does_not_grow_with_visits(
    api_as, django_assert_max_num_queries, visited, inspector, product_a
):
    client = api_as("erin")
    with django_assert_max_num_queries(30) as one:
        client.get(f"{URL}{visited.code}/")
    for _ in range(2):
        visit = domain.record_visit(
            inspection=visited, product=product_a, visited_on=START, findings={"labels": ("met", "")}, by=inspector
        )
        domain.add_evidence(visit=visit, upload=png_upload("them.png"), by=inspector)

    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get(f"{URL}{visited.code}/").json()["visits"]) == 3


def test_plans_are_listed_made_and_scoped(api_as, inspector, erin, hanoi, producer_a, product_a):
    response = api_as("erin").post(PLANS, {"year": START.year, "title": "Kiểm tra định kỳ 2026"}, format="json")
    assert response.status_code == 201, response.json()
    code = response.json()["code"]
    assert response.json()["province"]["code"] == hanoi.code

    for persona, seen in {
        "inspector": True,
        "minh": True,
        "frank": False,
        "inspector_nb": False,
        "alice": False,
    }.items():
        assert (api_as(persona).get(f"{PLANS}{code}/").status_code == 200) is seen, persona
    assert api_as("minh").post(PLANS, {"year": START.year, "title": "Bộ"}, format="json").status_code == 403
    bad = api_as("inspector").post(PLANS, {"year": 1999, "title": ""}, format="json")
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"year", "title"}


def test_a_periodic_inspection_is_opened_under_a_plan_and_listed_with_it(api_as, erin, hanoi, inspector, product_a):
    plan = domain.create_plan(by=erin, province=hanoi, year=START.year, title="Kế hoạch năm")
    body = {
        "kind": "periodic",
        "plan": plan.code,
        "products": [product_a.code],
        "team": [inspector.username],
        "starts_on": START.isoformat(),
        "ends_on": START.isoformat(),
    }
    response = api_as("inspector").post(URL, body, format="json")

    assert response.status_code == 201, response.json()
    assert (response.json()["trigger"], response.json()["plan"]) == ("plan", plan.code)
    listed = api_as("erin").get(f"{PLANS}{plan.code}/").json()["inspections"]
    assert [one["code"] for one in listed] == [response.json()["code"]]


def test_opening_with_unknown_products_team_or_plan_is_400_in_vietnamese(api_as, inspector, product_a, product_b):
    body = {
        "kind": "periodic",
        "plan": "ZZZZ",
        "products": [product_a.code, "KHONGCO"],
        "team": [inspector.username],
        "starts_on": START.isoformat(),
        "ends_on": START.isoformat(),
    }
    client = api_as("inspector")

    assert client.post(URL, body, format="json").json()["errors"] == {"products": ["Không có sản phẩm nào mã KHONGCO."]}
    body["products"], body["team"] = [product_a.code], ["erin", inspector.username]
    assert client.post(URL, body, format="json").json()["errors"] == {
        "team": ["Không có cán bộ thanh tra nào của tỉnh có tên đăng nhập erin."]
    }
    body["team"] = [inspector.username]
    assert client.post(URL, body, format="json").json()["errors"] == {
        "plan": ["Không có kế hoạch kiểm tra nào mã ZZZZ."]
    }
    body.update(plan="", kind="ad_hoc", products=[])
    assert client.post(URL, body, format="json").json()["errors"] == {
        "products": ["Chọn ít nhất một chủ thể được kiểm tra."]
    }
    assert not Inspection.objects.exists()


def test_withdraw_a_certificate_outside_scope_is_404_and_by_who_may_not_is_403(api_as, product_a):
    certificate = make_certificate(product_a)
    url = f"/api/v1/certificates/{certificate.number}/withdraw/"
    for persona in ("frank", "inspector_nb"):
        assert api_as(persona).post(url, {}, format="json").status_code == 404, persona
    for persona in ("alice", "carol", "inspector", "minh"):
        assert api_as(persona).post(url, {}, format="json").status_code == 403, persona
    certificate.refresh_from_db()
    assert certificate.withdrawn_on is None
