"""Inspections through the API with tokens: a read-only token reads and cannot write, a token writes only with the
right its write names (inspections, or certificates for a withdrawal), and a province's service account reads
its province's inspections but is never told anything nor put on a team, being a machine; and the schema
documents every endpoint."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import people
from api import tokens
from api.tokens import WriteScope
from certificates.domain import withdraw
from inspections import domain
from inspections.forms import InspectionForm
from inspections.models import Kind, Status, Trigger
from monitoring.forms import InspectForm
from notifications.models import Notification

from .inspection_records import START, URL, ago, make_certificate, open_ad_hoc

IN_A_MONTH = timezone.localdate() + datetime.timedelta(days=30)


def bearer(user, *scopes, by=None) -> APIClient:
    _token, raw = tokens.create_token(
        user=user, name="Tích hợp", expires_on=IN_A_MONTH, scopes=list(scopes), by=by or user
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def inspection(inspector, producer_a, product_a):
    return open_ad_hoc(by=inspector, producers=[producer_a], products=[product_a], team=[inspector])


@pytest.fixture
def machine(erin):
    """Hà Nội's service account, as its OCOP officer makes it."""
    return tokens.create_service_account(by=erin, username="hn-sync", purpose="Cổng dữ liệu tỉnh").user


CANCEL = {"to": "cancelled", "note": "Trùng lịch"}


def test_a_read_only_token_reads_inspections_and_cannot_write(inspector, inspection):
    client = bearer(inspector)

    assert client.get(f"{URL}{inspection.code}/").status_code == 200
    response = client.post(f"{URL}{inspection.code}/transitions/", CANCEL, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Mã truy cập này chỉ được đọc."
    inspection.refresh_from_db()
    assert inspection.status == Status.PLANNED


def test_a_token_writes_inspections_only_with_their_right(inspector, inspection):
    wrong = bearer(inspector, WriteScope.DOSSIERS, WriteScope.CERTIFICATES)
    response = wrong.post(f"{URL}{inspection.code}/transitions/", CANCEL, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Mã truy cập này không có quyền ghi này (write:inspections)."
    assert wrong.post("/api/v1/inspection-plans/", {"year": 2026, "title": "K"}, format="json").status_code == 403

    right = bearer(inspector, WriteScope.INSPECTIONS)
    assert right.post(f"{URL}{inspection.code}/transitions/", CANCEL, format="json").json()["status"] == "cancelled"


def test_a_withdrawal_needs_the_certificates_right(erin, product_a):
    certificate = make_certificate(product_a)
    url = f"/api/v1/certificates/{certificate.number}/withdraw/"
    body = {
        "ground": "b",
        "conclusion": "Kết luận kiểm tra",
        "concluded_on": ago(3).isoformat(),
        "decision_number": "7/QĐ",
        "decision_date": ago(1).isoformat(),
        "signer": "Chủ tịch",
    }

    assert bearer(erin).post(url, body, format="json").status_code == 403
    assert bearer(erin, WriteScope.INSPECTIONS).post(url, body, format="json").status_code == 403
    certificate.refresh_from_db()
    assert certificate.withdrawn_on is None
    assert bearer(erin, WriteScope.CERTIFICATES).post(url, body, format="json").json()["status"] == "withdrawn"


def test_a_service_account_reads_its_provinces_inspections_only(
    machine, erin, inspection, inspector_nb, producer_a, frank, ninh_binh
):
    plan = domain.create_plan(by=frank, province=ninh_binh, year=START.year, title="Kế hoạch Ninh Bình")
    client = bearer(machine, by=erin)

    assert [row["code"] for row in client.get(URL).json()["results"]] == [inspection.code]
    assert client.get(f"{URL}{inspection.code}/").json()["team"][0]["username"] == "inspector"
    assert client.get(f"/api/v1/inspection-plans/{plan.code}/").status_code == 404
    assert client.post(f"{URL}{inspection.code}/transitions/", CANCEL, format="json").status_code == 403


def test_a_service_account_is_not_among_the_inspectors_told(machine, erin, inspector, hanoi, product_a):
    assert people.inspectors(hanoi.pk) == [inspector]
    assert set(people.report_handlers(hanoi.pk)) == {erin, inspector}
    certificate = make_certificate(product_a)

    withdraw(
        certificate=certificate,
        ground="b",
        conclusion="Kết luận",
        concluded_on=ago(3),
        decision_number="5/QĐ",
        decision_date=ago(1),
        signer="Chủ tịch",
        by=erin,
    )

    assert Notification.objects.filter(recipient=inspector).exists()
    assert not Notification.objects.filter(recipient=machine).exists()


def test_a_service_account_is_put_on_no_inspection_team(machine, inspector, erin, producer_a, product_a):
    choices = InspectionForm(user=inspector).fields["team"].queryset
    assert list(choices) == [inspector]
    with pytest.raises(ValidationError) as refused:
        domain.open_inspection(
            by=erin,
            kind=Kind.AD_HOC,
            trigger=Trigger.COMPLAINT,
            trigger_note="",
            producers=[producer_a],
            products=[product_a],
            team=[machine],
            starts_on=START,
            ends_on=START,
            scope_note="",
        )
    assert refused.value.message_dict == {"team": ["Đoàn kiểm tra gồm các cán bộ thanh tra, kiểm tra của tỉnh."]}

    body = {"kind": "ad_hoc", "trigger": "complaint", "products": [product_a.code], "team": [machine.username]}
    body.update(starts_on=START.isoformat(), ends_on=START.isoformat())
    client = bearer(erin, WriteScope.INSPECTIONS)
    assert client.post(URL, body, format="json").json()["errors"] == {
        "team": ["Không có cán bộ thanh tra nào của tỉnh có tên đăng nhập hn-sync."]
    }


def test_the_inbox_offers_no_service_account_for_a_team(machine, inspector, hanoi):
    class Signal:
        province_id = hanoi.pk

    assert list(InspectForm(signal=Signal()).fields["team"].queryset) == [inspector]


def test_schema_documents_the_inspection_endpoints(tmp_path, db):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))

    schema = (tmp_path / "schema.yml").read_text()
    for path in (
        "/api/v1/inspection-plans/{code}/",
        "/api/v1/inspections/{code}/transitions/",
        "/api/v1/inspections/{code}/visits/",
        "/api/v1/inspections/{code}/visits/{visit}/evidence/",
        "/api/v1/inspections/{code}/evidence/{evidence}/",
        "/api/v1/inspections/{code}/outcomes/",
        "/api/v1/certificates/{number}/withdraw/",
    ):
        assert f"  {path}:" in schema
