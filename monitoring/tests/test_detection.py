"""The scan detection: stamps still scanned after their certificate expired or was withdrawn, and stamps found
suspicious, raise one inbox item per certificate (per stamp), whatever the number of scans or of runs."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from audit.domain import history
from monitoring.detection import detect_signals
from monitoring.domain import move
from monitoring.models import Kind, ScanWatermark, Signal, Status
from notifications.models import Notification
from stamps.models import Verdict

from .conftest import scan, stamp_of

LATER = datetime.timedelta(minutes=30)


def test_detection_raises_an_item_for_a_product_scanned_after_its_certificate_expired(
    expired_stamp, inspector, erin, hanoi
):
    now = timezone.now()
    scan(expired_stamp, now, times=3)
    assert detect_signals(now=now + LATER) == 1
    item = Signal.objects.get()
    batch = expired_stamp.batch
    assert (item.kind, item.status, item.verdict) == (Kind.AFTER_EXPIRY, Status.OPEN, Verdict.EXPIRED)
    assert (item.stamp, item.batch, item.certificate, item.product, item.producer, item.province) == (
        expired_stamp,
        batch,
        batch.certificate,
        batch.product,
        batch.product.producer,
        hanoi,
    )
    assert (item.scans, item.first_scan_at, item.last_scan_at) == (3, now, now + datetime.timedelta(minutes=2))
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"inspector", "erin"}
    assert history(item).get().action == "create"


def test_detection_raises_nothing_for_a_valid_certificate(valid_stamp):
    now = timezone.now()
    scan(valid_stamp, now, times=3)
    assert detect_signals(now=now + LATER) == 0
    assert not Signal.objects.exists()


def test_detection_twice_raises_one_item(expired_stamp):
    now = timezone.now()
    scan(expired_stamp, now, times=2)
    assert detect_signals(now=now + LATER) == 1
    assert detect_signals(now=now + LATER) == 0
    call_command("detect_signals")
    assert Signal.objects.count() == 1
    assert Signal.objects.get().scans == 2


def test_detection_adds_later_scans_of_any_stamp_of_the_certificate_to_its_live_item(expired_stamp):
    now = timezone.now()
    scan(expired_stamp, now)
    detect_signals(now=now + LATER)
    other = expired_stamp.batch.stamps.exclude(pk=expired_stamp.pk).first()
    scan(other, now + datetime.timedelta(hours=1), times=2)
    assert detect_signals(now=now + datetime.timedelta(hours=2)) == 0
    item = Signal.objects.get()
    assert (item.scans, item.stamp, item.last_scan_at) == (3, other, now + datetime.timedelta(hours=1, minutes=1))


def test_detection_raises_a_new_item_when_scans_go_on_after_it_was_closed(expired_stamp, inspector):
    now = timezone.now()
    scan(expired_stamp, now)
    detect_signals(now=now + LATER)
    move(signal=Signal.objects.get(), to=Status.CLOSED, by=inspector, reason="Đã nhắc cửa hàng thu hồi hàng.")
    scan(expired_stamp, now + datetime.timedelta(hours=1))
    assert detect_signals(now=now + datetime.timedelta(hours=2)) == 1
    assert list(Signal.objects.order_by("created_at", "id").values_list("status", "scans")) == [
        (Status.CLOSED, 1),
        (Status.OPEN, 1),
    ]


def test_detection_leaves_the_latest_scans_to_the_next_run(expired_stamp, settings):
    settings.SIGNAL_SCAN_LAG_SECONDS = 300
    now = timezone.now()
    scan(expired_stamp, now)
    assert detect_signals(now=now + datetime.timedelta(seconds=60)) == 0
    assert detect_signals(now=now + datetime.timedelta(seconds=400)) == 1


def test_detection_keeps_its_watermark(expired_stamp):
    now = timezone.now()
    detect_signals(now=now)
    assert ScanWatermark.objects.get().read_until == now - datetime.timedelta(seconds=300)


def test_detection_raises_an_item_for_a_product_scanned_after_its_certificate_was_withdrawn(product_a, alice, today):
    stamp = stamp_of(product_a, alice, withdrawn_on=today - datetime.timedelta(days=3))
    now = timezone.now()
    scan(stamp, now)
    assert detect_signals(now=now + LATER) == 1
    assert Signal.objects.get().kind == Kind.AFTER_WITHDRAWAL


@pytest.mark.parametrize("times", [3, 6])
def test_detection_raises_one_suspicious_item_per_stamp_not_per_scan(valid_stamp, settings, times):
    settings.STAMP_SCAN_LIMIT = 2
    now = timezone.now()
    scan(valid_stamp, now, times=times)
    assert detect_signals(now=now + LATER) == 1
    item = Signal.objects.get()
    assert (item.kind, item.stamp, item.scans, item.verdict) == (
        Kind.SUSPICIOUS_STAMP,
        valid_stamp,
        times - 2,
        Verdict.SUSPICIOUS,
    )
