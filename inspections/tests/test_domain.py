import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.domain import history
from audit.models import AuditEntry
from inspections import domain
from inspections.models import Inspection, Kind, Status, Trigger
from notifications.models import Notification

from .conftest import START, open_ad_hoc


def test_open_inspection_records_the_province_team_and_products(inspector, inspector_2, producer_a, product_a):
    inspection = open_ad_hoc(by=inspector, producers=[producer_a], products=[product_a], team=[inspector, inspector_2])
    inspection = Inspection.objects.get(pk=inspection.pk)
    assert (inspection.province_id, inspection.status, inspection.kind) == (
        producer_a.current_province_id,
        Status.PLANNED,
        Kind.AD_HOC,
    )
    assert list(inspection.products.all()) == [product_a]
    assert set(inspection.team.all()) == {inspector, inspector_2}
    assert [entry.action for entry in history(inspection)] == [AuditEntry.Action.CREATE]
    assert Notification.objects.filter(recipient=inspector_2, url=inspection.get_absolute_url()).count() == 1


def test_open_inspection_refuses_another_provinces_inspector(inspector_nb, producer_a, product_a):
    with pytest.raises(PermissionDenied):
        open_ad_hoc(by=inspector_nb, producers=[producer_a], products=[product_a], team=[inspector_nb])
    assert Inspection.objects.count() == 0


def test_open_inspection_refuses_a_team_from_another_province(inspector, inspector_nb, producer_a, product_a):
    with pytest.raises(ValidationError) as error:
        open_ad_hoc(by=inspector, producers=[producer_a], products=[product_a], team=[inspector_nb])
    assert list(error.value.message_dict) == ["team"]


def test_open_inspection_refuses_a_product_of_another_producer(inspector, producer_a, product_b):
    with pytest.raises(ValidationError) as error:
        open_ad_hoc(by=inspector, producers=[producer_a], products=[product_b], team=[inspector])
    assert list(error.value.message_dict) == ["products"]


def test_open_inspection_refuses_producers_of_two_provinces(inspector, producer_a, commune_nb, product_a):
    from conftest import make_producer

    other = make_producer(name="HTX Ninh Bình", area=commune_nb, tax_code="001190012345")
    with pytest.raises(ValidationError) as error:
        open_ad_hoc(by=inspector, producers=[producer_a, other], products=[product_a], team=[inspector])
    assert list(error.value.message_dict) == ["producers"]


def test_open_inspection_periodic_needs_a_plan_of_the_province(inspector, producer_a, product_a, frank, ninh_binh):
    arguments = {
        "by": inspector,
        "kind": Kind.PERIODIC,
        "trigger": Trigger.PLAN,
        "trigger_note": "",
        "producers": [producer_a],
        "products": [product_a],
        "team": [inspector],
        "starts_on": START,
        "ends_on": START,
        "scope_note": "",
    }
    with pytest.raises(ValidationError) as error:
        domain.open_inspection(**arguments)
    assert list(error.value.message_dict) == ["plan"]
    other = domain.create_plan(by=frank, province=ninh_binh, year=2026, title="Kế hoạch Ninh Bình")
    with pytest.raises(ValidationError) as error:
        domain.open_inspection(**arguments, plan=other)
    assert list(error.value.message_dict) == ["plan"]


def test_open_inspection_ad_hoc_refuses_the_plan_trigger(inspector, producer_a, product_a):
    with pytest.raises(ValidationError) as error:
        open_ad_hoc(by=inspector, producers=[producer_a], products=[product_a], team=[inspector], trigger=Trigger.PLAN)
    assert list(error.value.message_dict) == ["trigger"]


def test_transition_refuses_a_move_from_the_wrong_state(inspection, inspector):
    with pytest.raises(ValidationError):
        domain.transition(inspection=inspection, to=Status.CONCLUDED, by=inspector, conclusion="x", concluded_on=START)
    assert Inspection.objects.get(pk=inspection.pk).status == Status.PLANNED


def test_transition_cancel_needs_a_reason_and_ends_the_inspection(inspection, inspector):
    with pytest.raises(ValidationError) as error:
        domain.transition(inspection=inspection, to=Status.CANCELLED, by=inspector)
    assert list(error.value.message_dict) == ["note"]
    domain.transition(inspection=inspection, to=Status.CANCELLED, by=inspector, note="Chủ thể ngừng hoạt động")
    with pytest.raises(ValidationError):
        domain.transition(inspection=inspection, to=Status.IN_PROGRESS, by=inspector)
    assert Inspection.objects.get(pk=inspection.pk).status == Status.CANCELLED


def test_transition_conclude_needs_an_outcome_for_every_product(inspection, inspector, product_a):
    domain.transition(inspection=inspection, to=Status.IN_PROGRESS, by=inspector)
    with pytest.raises(ValidationError) as error:
        domain.transition(
            inspection=inspection, to=Status.CONCLUDED, by=inspector, conclusion="Đạt", concluded_on=START
        )
    assert list(error.value.message_dict) == ["conclusion"]
    domain.record_outcome(
        inspection=inspection, product=product_a, kind="compliant", note="", concluded_on=START, by=inspector
    )
    domain.transition(inspection=inspection, to=Status.CONCLUDED, by=inspector, conclusion="Đạt", concluded_on=START)
    inspection.refresh_from_db()
    assert (inspection.status, inspection.concluded_on) == (Status.CONCLUDED, START)


def test_transition_refuses_an_inspector_of_another_province(inspection, inspector_nb):
    with pytest.raises(PermissionDenied):
        domain.transition(inspection=inspection, to=Status.IN_PROGRESS, by=inspector_nb)


def test_transition_refuses_the_ministry_which_only_reads(inspection, minh):
    with pytest.raises(PermissionDenied):
        domain.transition(inspection=inspection, to=Status.IN_PROGRESS, by=minh)


def test_create_plan_refuses_another_province(inspector, ninh_binh):
    with pytest.raises(PermissionDenied):
        domain.create_plan(by=inspector, province=ninh_binh, year=2026, title="Kế hoạch")


def test_record_outcome_remediation_deadline_after_conclusion(inspection, inspector, product_a):
    with pytest.raises(ValidationError) as error:
        domain.record_outcome(
            inspection=inspection,
            product=product_a,
            kind="remediation",
            note="Bổ sung nhãn phụ",
            concluded_on=START,
            deadline=START,
            by=inspector,
        )
    assert list(error.value.message_dict) == ["deadline"]
    outcome = domain.record_outcome(
        inspection=inspection,
        product=product_a,
        kind="remediation",
        note="Bổ sung nhãn phụ",
        concluded_on=START,
        deadline=START + datetime.timedelta(days=30),
        by=inspector,
    )
    assert (outcome.remediation_status, outcome.is_overdue(START + datetime.timedelta(days=30))) == ("open", False)
    assert outcome.is_overdue(START + datetime.timedelta(days=31)) is True
    assert Inspection.objects.get(pk=inspection.pk).status == Status.IN_PROGRESS


def test_withdrawal_proposal_for_5_stars_tells_the_ministry_not_the_province(
    inspection, inspector, product_a, minh, erin
):
    from .conftest import make_certificate

    certificate = make_certificate(product_a, stars=5)
    outcome = domain.record_outcome(
        inspection=inspection,
        product=product_a,
        kind="withdrawal",
        ground="d",
        note="Dùng biểu trưng 5 sao cho sản phẩm khác",
        concluded_on=START,
        by=inspector,
    )
    assert outcome.certificate == certificate
    assert Notification.objects.filter(recipient=minh, message__contains="Đề xuất thu hồi").count() == 1
    assert Notification.objects.filter(recipient=erin, message__contains="Đề xuất thu hồi").count() == 0


def test_withdrawal_proposal_needs_a_certificate_and_a_ground(inspection, inspector, product_a):
    with pytest.raises(ValidationError) as error:
        domain.record_outcome(
            inspection=inspection,
            product=product_a,
            kind="withdrawal",
            note="Vi phạm",
            concluded_on=START,
            by=inspector,
        )
    assert sorted(error.value.message_dict) == ["ground", "kind"]


def test_record_outcome_refused_after_the_conclusion(inspection, inspector, product_a):
    domain.record_outcome(
        inspection=inspection, product=product_a, kind="compliant", note="", concluded_on=START, by=inspector
    )
    domain.transition(inspection=inspection, to=Status.CONCLUDED, by=inspector, conclusion="Đạt", concluded_on=START)
    with pytest.raises(ValidationError):
        domain.record_outcome(
            inspection=inspection, product=product_a, kind="advice", note="x", concluded_on=START, by=inspector
        )
