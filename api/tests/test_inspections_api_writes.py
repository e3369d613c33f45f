"""Inspections through the API, writing: each write leaves the same records, audit entries and notices as the same
write through the pages (opening, moving, a visit, an outcome, a certificate's withdrawal), and refuses what the
pages refuse, with their messages."""

import pytest
from django.urls import reverse

from certificates.models import CertificateStatus, WithdrawalGround
from inspections import domain
from inspections.models import Evidence, Inspection, OutcomeKind, RemediationStatus, Status
from notifications.models import Notification
from public.tests.factories import png_upload

from .inspection_records import (
    START,
    URL,
    ago,
    concludable,
    dmy,
    last_entry_id,
    make_certificate,
    open_ad_hoc,
    second_product,
    trail,
)

FINDINGS = [{"item": "labels", "result": "not_met", "note": "Thiếu nhãn phụ"}, {"item": "ocop_mark", "result": "met"}]
FORM_FINDINGS = {"result_labels": "not_met", "note_labels": "Thiếu nhãn phụ", "result_ocop_mark": "met"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def twins(inspector, producer_a, product_a):
    """Two inspections opened alike: one is moved through the API, the other through the pages."""
    return [open_ad_hoc(by=inspector, producers=[producer_a], products=[product_a], team=[inspector]) for _ in "ab"]


def alike(text: str, swaps: dict[str, str]) -> str:
    for own, common in swaps.items():
        text = text.replace(own, common)
    return text


def notices(user, since: int, upto: int | None = None, code: str = "") -> list[str]:
    """The messages `user` was sent after notice `since` (up to `upto`), the inspection's `code` made common."""
    rows = Notification.objects.filter(recipient=user, id__gt=since).order_by("id")
    if upto is not None:
        rows = rows.filter(id__lte=upto)
    return [row.message.replace(code, "<code>") if code else row.message for row in rows]


def last_notice_id() -> int:
    return Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_opening_through_the_api_leaves_what_the_form_leaves(api_as, client, inspector, product_a):
    api_start, api_notice = last_entry_id(), last_notice_id()
    body = {
        "kind": "ad_hoc",
        "trigger": "fake_report",
        "trigger_note": "Phản ánh PA-1",
        "products": [product_a.code],
        "team": [inspector.username],
        "starts_on": START.isoformat(),
        "ends_on": ago(1).isoformat(),
        "scope_note": "Nhãn, tem",
    }
    response = api_as("inspector").post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    form_start, form_notice = last_entry_id(), last_notice_id()
    client.force_login(inspector)
    page = client.post(
        reverse("inspections:create"),
        {**body, "starts_on": dmy(START), "ends_on": dmy(ago(1))},
    )
    assert page.status_code == 302

    by_api = Inspection.objects.get(code=response.json()["code"])
    by_form = Inspection.objects.exclude(pk=by_api.pk).get()
    fields = ["kind", "trigger", "trigger_note", "province", "status", "starts_on", "ends_on", "scope_note", "plan"]
    assert [getattr(by_api, f) for f in fields] == [getattr(by_form, f) for f in fields]
    assert list(by_api.team.all()) == list(by_form.team.all()) == [inspector]
    assert list(by_api.products.all()) == list(by_form.products.all()) == [product_a]
    assert trail(api_start, form_start, swaps={by_api.code: "<c>"}) == trail(form_start, swaps={by_form.code: "<c>"})
    assert (
        notices(inspector, api_notice, form_notice, by_api.code)
        == notices(inspector, form_notice, code=by_form.code)
        != []
    )


def test_concluding_through_the_api_leaves_what_the_form_leaves(
    api_as, client, alice, inspector, producer_a, product_a
):
    twins = [concludable(by=inspector, producer=producer_a, product=product_a, team=[inspector]) for _ in "ab"]
    api_start, api_notice = last_entry_id(), last_notice_id()
    body = {"to": "concluded", "conclusion": "Đạt yêu cầu", "concluded_on": ago(1).isoformat()}
    response = api_as("inspector").post(f"{URL}{twins[0].code}/transitions/", body, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["moves"]) == ("concluded", [])
    form_start, form_notice = last_entry_id(), last_notice_id()
    client.force_login(inspector)
    page = client.post(reverse("inspections:transition", args=[twins[1].code]), {**body, "concluded_on": dmy(ago(1))})
    assert page.status_code == 302

    for twin in twins:
        twin.refresh_from_db()
    assert [(t.status, t.conclusion, t.concluded_on) for t in twins] == [(Status.CONCLUDED, "Đạt yêu cầu", ago(1))] * 2
    assert trail(api_start, form_start) == trail(form_start)
    assert (
        notices(alice, api_notice, form_notice, twins[0].code) == notices(alice, form_notice, code=twins[1].code) != []
    )


def test_a_move_the_state_does_not_allow_is_400_and_changes_nothing(api_as, twins):
    before = last_entry_id()
    response = api_as("inspector").post(f"{URL}{twins[0].code}/transitions/", {"to": "concluded"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "non_field_errors": ["Không thể chuyển đợt kiểm tra từ “Đã lập” sang “Đã kết luận”."]
    }
    cancel = api_as("inspector").post(f"{URL}{twins[0].code}/transitions/", {"to": "cancelled"}, format="json")
    assert cancel.json()["errors"] == {"note": ["Nhập lý do hủy đợt kiểm tra."]}
    assert trail(before) == []


def test_a_visit_through_the_api_leaves_what_the_form_leaves(api_as, client, inspector, product_a, twins):
    api_start = last_entry_id()
    body = {"product": product_a.code, "visited_on": START.isoformat(), "place": "Cơ sở", "findings": FINDINGS}
    response = api_as("inspector").post(f"{URL}{twins[0].code}/visits/", body, format="json")
    assert response.status_code == 201, response.json()
    form_start = last_entry_id()
    client.force_login(inspector)
    page = client.post(
        reverse("inspections:visit_create", args=[twins[1].code]),
        {"product": product_a.code, "visited_on": dmy(START), "place": "Cơ sở", **FORM_FINDINGS},
    )
    assert page.status_code == 302

    by_api, by_form = (twin.visits.get() for twin in twins)
    assert response.json()["code"] == by_api.code
    fields = ["item", "result", "note"]
    assert list(by_api.findings.values(*fields)) == list(by_form.findings.values(*fields))
    assert [Inspection.objects.get(pk=t.pk).status for t in twins] == [Status.IN_PROGRESS] * 2
    swaps_api, swaps_form = {twins[0].code: "<c>"}, {twins[1].code: "<c>"}
    assert trail(api_start, form_start, swaps=swaps_api) == trail(form_start, swaps=swaps_form)


def test_a_visit_with_a_finding_not_met_and_no_note_is_400_in_vietnamese(api_as, product_a, twins):
    body = {"product": product_a.code, "visited_on": START.isoformat(), "findings": [FINDINGS[1], {**FINDINGS[0]}]}
    body["findings"][1]["note"] = ""
    response = api_as("inspector").post(f"{URL}{twins[0].code}/visits/", body, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"labels": ["Nhãn sản phẩm: ghi rõ nội dung không đạt."]}
    twice = {**body, "findings": [FINDINGS[1], FINDINGS[1]]}
    assert api_as("inspector").post(f"{URL}{twins[0].code}/visits/", twice, format="json").json()["errors"] == {
        "findings": ["Mỗi nội dung kiểm tra chỉ ghi kết quả một lần."]
    }
    assert not twins[0].visits.exists()


def test_evidence_is_uploaded_to_a_visit_or_a_finding_and_audited(api_as, inspector, product_a, twins):
    visit = domain.record_visit(
        inspection=twins[0], product=product_a, visited_on=START, findings={"labels": ("met", "")}, by=inspector
    )
    url = f"{URL}{twins[0].code}/visits/{visit.code}/evidence/"
    client = api_as("inspector")

    general = client.post(url, {"file": png_upload("chung.png"), "title": "Toàn cảnh"}, format="multipart")
    on_finding = client.post(url, {"file": png_upload("nhan.png"), "finding": "labels"}, format="multipart")

    assert general.status_code == on_finding.status_code == 201, general.json()
    body = on_finding.json()
    assert [one["title"] for one in body["evidence"]] == ["Toàn cảnh"]
    assert len(body["findings"][0]["evidence"]) == 1
    assert Evidence.objects.filter(visit=visit).count() == 2
    assert [entry[:2] for entry in trail(0) if entry[0] == "evidence"] == [("evidence", "create")] * 2


def test_evidence_that_is_not_an_image_or_pdf_is_400_and_stores_nothing(api_as, inspector, product_a, twins):
    visit = domain.record_visit(
        inspection=twins[0], product=product_a, visited_on=START, findings={"labels": ("met", "")}, by=inspector
    )
    url = f"{URL}{twins[0].code}/visits/{visit.code}/evidence/"
    client = api_as("inspector")
    fake = png_upload("x.png")
    fake.file.write(b"")
    fake.file.seek(0)
    fake.file.truncate()
    fake.file.write(b"not an image")
    fake.file.seek(0)

    response = client.post(url, {"file": fake}, format="multipart")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["file"]
    wrong = client.post(url, {"file": png_upload(), "finding": "food_safety"}, format="multipart")
    assert wrong.json()["errors"] == {"finding": ["Nội dung kiểm tra không thuộc lần kiểm tra này."]}
    assert client.post(f"{URL}{twins[1].code}/visits/{visit.code}/evidence/", {"file": png_upload()}).status_code == 404
    assert not Evidence.objects.exists()


def test_an_outcome_through_the_api_leaves_what_the_form_leaves(api_as, client, alice, inspector, product_a, twins):
    api_start, api_notice = last_entry_id(), last_notice_id()
    body = {
        "product": product_a.code,
        "kind": "remediation",
        "note": "Bổ sung nhãn phụ",
        "concluded_on": START.isoformat(),
        "deadline": ago(-30).isoformat(),
    }
    response = api_as("inspector").post(f"{URL}{twins[0].code}/outcomes/", body, format="json")
    assert response.status_code == 201, response.json()
    form_start, form_notice = last_entry_id(), last_notice_id()
    client.force_login(inspector)
    page = client.post(
        reverse("inspections:outcome", args=[twins[1].code]),
        {**body, "concluded_on": dmy(START), "deadline": dmy(ago(-30))},
    )
    assert page.status_code == 302

    fields = ["kind", "note", "concluded_on", "deadline", "remediation_status", "ground", "certificate"]
    by_api, by_form = (list(twin.outcomes.values(*fields)) for twin in twins)
    assert by_api == by_form and by_api[0]["remediation_status"] == RemediationStatus.OPEN
    swaps_api, swaps_form = {twins[0].code: "<c>"}, {twins[1].code: "<c>"}
    assert trail(api_start, form_start, swaps=swaps_api) == trail(form_start, swaps=swaps_form)
    assert notices(alice, api_notice, form_notice) == notices(alice, form_notice) != []


def test_an_outcome_twice_or_without_its_deadline_is_400_in_vietnamese(api_as, product_a, twins):
    url = f"{URL}{twins[0].code}/outcomes/"
    body = {"product": product_a.code, "kind": "remediation", "note": "Sửa nhãn", "concluded_on": START.isoformat()}
    client = api_as("inspector")

    assert client.post(url, body, format="json").json()["errors"] == {"deadline": ["Nhập hạn khắc phục."]}
    assert client.post(url, {**body, "kind": "compliant"}, format="json").status_code == 201
    assert client.post(url, {**body, "kind": "compliant"}, format="json").json()["errors"] == {
        "product": ["Sản phẩm này đã có kết luận trong đợt kiểm tra."]
    }
    assert client.post(url, {**body, "product": "KHONGCO"}, format="json").json()["errors"] == {
        "product": ["Sản phẩm không thuộc đợt kiểm tra này."]
    }


def test_a_follow_up_visit_through_the_api_closes_the_remediation(api_as, alice, inspector, product_a, twins):
    remediation = domain.record_outcome(
        inspection=twins[0],
        product=product_a,
        kind=OutcomeKind.REMEDIATION,
        note="Sửa nhãn",
        concluded_on=START,
        deadline=ago(-30),
        by=inspector,
    )
    url = f"{URL}{twins[0].code}/visits/"
    body = {"product": product_a.code, "visited_on": ago(1).isoformat(), "findings": [FINDINGS[1]], "resolved": True}
    client = api_as("inspector")

    assert client.post(url, body, format="json").json()["errors"] == {
        "resolved": ["Chỉ lần kiểm tra lại mới đóng được yêu cầu khắc phục."]
    }
    assert client.post(url, {**body, "follow_up": True}, format="json").status_code == 201
    remediation.refresh_from_db()
    assert (remediation.remediation_status, remediation.closed_on) == (RemediationStatus.CLOSED, ago(1))
    assert client.post(url, {**body, "follow_up": True}, format="json").json()["errors"] == {
        "follow_up": ["Sản phẩm không có yêu cầu khắc phục đang mở trong đợt kiểm tra này."]
    }


def test_a_withdrawal_through_the_api_leaves_what_the_form_leaves(
    api_as, client, alice, carol, erin, inspector, producer_a, product_a, criteria_set
):
    other = second_product(producer_a, criteria_set, alice)
    certificates = [make_certificate(product_a, number="OCOP-A/1"), make_certificate(other, number="OCOP-B/2")]
    body = {
        "ground": WithdrawalGround.CRITERIA_NOT_MET,
        "conclusion": "Không còn đáp ứng tiêu chí",
        "concluded_on": ago(5).isoformat(),
        "decision_number": "88/QĐ-UBND",
        "decision_date": ago(2).isoformat(),
        "signer": "Chủ tịch UBND tỉnh",
    }
    api_start, api_notice = last_entry_id(), last_notice_id()
    response = api_as("erin").post(f"/api/v1/certificates/{certificates[0].number}/withdraw/", body, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["shows_star"]) == (CertificateStatus.WITHDRAWN, False)
    assert response.json()["withdrawal"]["decision_number"] == "88/QĐ-UBND"
    form_start, form_notice = last_entry_id(), last_notice_id()
    client.force_login(erin)
    page = client.post(
        reverse("certificates:withdraw", args=[certificates[1].number]),
        {**body, "concluded_on": dmy(ago(5)), "decision_date": dmy(ago(2))},
    )
    assert page.status_code == 302

    for certificate in certificates:
        certificate.refresh_from_db()
    assert [c.withdrawn_on for c in certificates] == [ago(2)] * 2
    fields = ["ground", "conclusion", "concluded_on", "decision_number", "decision_date", "signer", "late"]
    by_api, by_form = ([getattr(c.withdrawal, f) for f in fields] for c in certificates)
    assert by_api == by_form
    api_swaps = {certificates[0].number: "<n>", product_a.name: "<p>"}
    form_swaps = {certificates[1].number: "<n>", other.name: "<p>"}
    assert trail(api_start, form_start, swaps=api_swaps) == trail(form_start, swaps=form_swaps)
    for person in (alice, carol, inspector):
        told_api = [alike(m, api_swaps) for m in notices(person, api_notice, form_notice)]
        told_form = [alike(m, form_swaps) for m in notices(person, form_notice)]
        assert told_api == told_form != [], person.username


def test_a_withdrawal_missing_its_decision_is_400_and_a_second_one_too(api_as, product_a):
    certificate = make_certificate(product_a)
    url = f"/api/v1/certificates/{certificate.number}/withdraw/"
    body = {
        "ground": "b",
        "conclusion": "Kết luận",
        "concluded_on": ago(40).isoformat(),
        "decision_number": "9/QĐ",
        "decision_date": ago(2).isoformat(),
        "signer": "Chủ tịch",
    }
    client = api_as("erin")

    missing = client.post(url, {"ground": "z"}, format="json").json()["errors"]
    assert set(missing) == {"ground", "conclusion", "concluded_on", "decision_number", "decision_date", "signer"}
    late = client.post(url, body, format="json").json()["errors"]
    assert list(late) == ["late_reason"]
    assert client.post(url, {**body, "late_reason": "Chờ ý kiến Bộ"}, format="json").status_code == 200
    assert client.post(url, body, format="json").json()["errors"] == {
        "non_field_errors": ["Giấy chứng nhận này đã bị thu hồi."]
    }
