"""The triage rules: one transition function (`move`), its moves, what each needs, who may make it, and what it
tells; the ad-hoc inspection opened from an item; a complaint recorded by hand; the inbox figures."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Role
from audit.domain import history
from conftest import make_user
from inspections.models import Inspection, Trigger
from monitoring import domain
from monitoring.figures import counts
from monitoring.models import Kind, Signal, Status
from notifications.models import Notification
from public.reports import submit_report
from public.tests.factories import first_stamp, make_batch, make_certificate


@pytest.fixture
def item(product_a):
    producer = product_a.producer
    return Signal.objects.create(
        kind=Kind.COMPLAINT,
        summary="Bao bì khác mẫu đã đánh giá.",
        product=product_a,
        producer=producer,
        province_id=producer.current_province_id,
        commune_id=producer.current_commune_id,
    )


def messages_to(username: str) -> list[str]:
    return list(Notification.objects.filter(recipient__username=username).values_list("message", flat=True))


def test_move_ask_notifies_the_producer_and_lets_it_answer(item, inspector, alice, erin):
    domain.move(signal=item, to=Status.ASKED, by=inspector, question="Gửi hợp đồng in bao bì.")
    item.refresh_from_db()
    assert (item.status, item.question, item.handled_by) == (Status.ASKED, "Gửi hợp đồng in bao bì.", inspector)
    assert len(messages_to("alice")) == 1 and "Gửi hợp đồng in bao bì." in messages_to("alice")[0]
    assert list(Signal.objects.visible_to(alice)) == [item]
    domain.move(signal=item, to=Status.ANSWERED, by=alice, answer="Đã gửi bản chụp hợp đồng.")
    item.refresh_from_db()
    assert (item.status, item.answer) == (Status.ANSWERED, "Đã gửi bản chụp hợp đồng.")
    assert len(messages_to("inspector")) == 1 and len(messages_to("erin")) == 1
    entries = list(history(item).filter(action="transition").order_by("timestamp", "id"))
    assert [(e.actor, e.changes["status"]) for e in entries] == [
        (inspector, ["open", "asked"]),
        (alice, ["asked", "answered"]),
    ]


def test_move_ask_needs_a_question(item, inspector):
    with pytest.raises(ValidationError) as refusal:
        domain.move(signal=item, to=Status.ASKED, by=inspector, question="  ")
    assert refusal.value.message_dict == {"question": ["Ghi nội dung yêu cầu chủ thể giải trình."]}
    item.refresh_from_db()
    assert item.status == Status.OPEN


def test_move_ask_needs_a_producer(hanoi, inspector):
    unknown = Signal.objects.create(kind=Kind.FAKE_REPORT, province=hanoi, summary="Tem lạ.")
    with pytest.raises(ValidationError) as refusal:
        domain.move(signal=unknown, to=Status.ASKED, by=inspector, question="?")
    assert refusal.value.code == "no_producer"


def test_move_close_needs_a_reason_and_is_final(item, inspector):
    with pytest.raises(ValidationError) as refusal:
        domain.move(signal=item, to=Status.CLOSED, by=inspector)
    assert refusal.value.message_dict == {"reason": ["Ghi lý do đóng tin báo."]}
    domain.move(signal=item, to=Status.CLOSED, by=inspector, reason="Trùng tin báo khác.", public_outcome="Đã xử lý")
    item.refresh_from_db()
    assert (item.status, item.close_reason, item.public_outcome) == (Status.CLOSED, "Trùng tin báo khác.", "Đã xử lý")
    with pytest.raises(ValidationError) as refusal:
        domain.move(signal=item, to=Status.ASKED, by=inspector, question="?")
    assert refusal.value.code == "bad_move"


def test_move_answer_only_by_the_producer_and_only_when_asked(item, inspector, alice, bob):
    with pytest.raises(ValidationError):
        domain.move(signal=item, to=Status.ANSWERED, by=alice, answer="Chưa được hỏi.")
    domain.move(signal=item, to=Status.ASKED, by=inspector, question="Giải trình.")
    for outsider in (bob, inspector):
        with pytest.raises(PermissionDenied):
            domain.move(signal=item, to=Status.ANSWERED, by=outsider, answer="Không phải chủ thể.")


def test_move_by_someone_outside_the_province_is_refused(item, frank, minh, council):
    other_inspector = make_user("nb_inspector", Role.INSPECTOR, frank.area)
    for outsider in (frank, other_inspector, minh, council):
        with pytest.raises(PermissionDenied):
            domain.move(signal=item, to=Status.CLOSED, by=outsider, reason="Không thuộc tỉnh.")
    item.refresh_from_db()
    assert item.status == Status.OPEN


def test_open_inspection_for_an_item_opens_an_ad_hoc_inspection_of_its_producer(item, inspector, product_a):
    today = timezone.localdate()
    inspection = domain.open_inspection_for(
        signal=item,
        by=inspector,
        team=[inspector],
        starts_on=today,
        ends_on=today + datetime.timedelta(days=2),
        scope_note="Bao bì, nhãn.",
    )
    item.refresh_from_db()
    assert (item.status, item.inspection) == (Status.INSPECTION, inspection)
    assert (inspection.kind, inspection.trigger) == ("ad_hoc", Trigger.COMPLAINT)
    assert list(inspection.producers.all()) == [product_a.producer]
    assert list(inspection.products.all()) == [product_a]
    assert item.code in inspection.trigger_note


def test_open_inspection_for_an_item_refused_by_the_inspection_changes_nothing(item, inspector, erin):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refusal:
        domain.open_inspection_for(signal=item, by=inspector, team=[], starts_on=today, ends_on=today)
    assert "team" in refusal.value.message_dict
    item.refresh_from_db()
    assert (item.status, Inspection.objects.count()) == (Status.OPEN, 0)


def test_move_to_an_inspection_of_another_producer_is_refused(item, inspector, product_b):
    today = timezone.localdate()
    other = Signal.objects.create(
        kind=Kind.COMPLAINT,
        product=product_b,
        producer=product_b.producer,
        province_id=product_b.producer.current_province_id,
    )
    inspection = domain.open_inspection_for(
        signal=other, by=inspector, team=[inspector], starts_on=today, ends_on=today
    )
    with pytest.raises(ValidationError) as refusal:
        domain.move(signal=item, to=Status.INSPECTION, by=inspector, inspection=inspection)
    assert refusal.value.message_dict == {"inspection": ["Cuộc kiểm tra này không kiểm tra chủ thể của tin báo."]}


def test_record_complaint_is_the_provinces_own(product_a, inspector, frank):
    signal = domain.record_complaint(by=inspector, product=product_a, summary="Đơn thư của Hội người tiêu dùng.")
    assert (signal.kind, signal.producer, signal.province_id) == (
        Kind.COMPLAINT,
        product_a.producer,
        product_a.producer.current_province_id,
    )
    with pytest.raises(PermissionDenied):
        domain.record_complaint(by=frank, product=product_a, summary="Không thuộc tỉnh.")
    with pytest.raises(ValidationError):
        domain.record_complaint(by=inspector, product=product_a, summary=" ")


def test_inbox_counts_by_kind_and_triage_per_province(item, product_a, inspector, hanoi, ninh_binh):
    domain.move(signal=item, to=Status.CLOSED, by=inspector, reason="Đã xác minh, không vi phạm.")
    for _ in range(2):
        domain.record_complaint(by=inspector, product=product_a, summary="Đơn thư.")
    Signal.objects.create(kind=Kind.FAKE_REPORT, province=ninh_binh, summary="Tem lạ.")
    assert counts(province_ids=[hanoi.pk]) == {
        (hanoi.pk, Kind.COMPLAINT, Status.CLOSED): 1,
        (hanoi.pk, Kind.COMPLAINT, Status.OPEN): 2,
    }
    assert counts()[(ninh_binh.pk, Kind.FAKE_REPORT, Status.OPEN)] == 1


def test_report_item_gives_the_stamps_verdict_or_none_without_a_code(product_a, alice, ninh_binh):
    stamp = first_stamp(make_batch(product_a, make_certificate(product_a), alice))
    known = submit_report(serial=stamp.serial, what="Tem mờ.", where="Chợ")
    unknown = submit_report(serial="0000000000000000X", province=ninh_binh, what="Tem lạ.", where="Chợ")
    without = submit_report(serial="", province=ninh_binh, what="Không có tem.", where="Chợ")
    assert [r.signal.verdict for r in (known, unknown, without)] == ["genuine", "unknown", ""]
