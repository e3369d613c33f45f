"""A sheet whose rendering job died (the worker killed, the task lost) stays "queued" or "rendering": it is
detected once its job has been silent for STAMP_SHEET_STALE_MINUTES (the job reports every page drawn) and
queued again from the batch page. A sheet taken up again is drawn whole, once; a live one is left to its job."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from stamps.domain import is_sheet_stalled, render_sheet, request_sheet, resume_sheet
from stamps.models import StampSheet

from .factories import issued_batch


@pytest.fixture(autouse=True)
def stale_after_ten_minutes(settings):
    settings.STAMP_SHEET_STALE_MINUTES = 10


def abandoned_sheet(batch, by, *, minutes_ago: int = 11, status=StampSheet.Status.RENDERING, progress: int = 3):
    """A sheet left by a job that died `minutes_ago` minutes after its last page (or, queued, never started)."""
    sheet = request_sheet(batch=batch, by=by, run_in_background=False)
    when = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    StampSheet.objects.filter(pk=sheet.pk).update(
        status=status, progress=progress, heartbeat_at=when if status == StampSheet.Status.RENDERING else None
    )
    if status == StampSheet.Status.QUEUED:
        StampSheet.objects.filter(pk=sheet.pk).update(created_at=when)
    sheet.refresh_from_db()
    return sheet


def test_a_silent_sheet_is_stalled_and_a_drawing_or_finished_one_is_not(certified_a, alice):
    batch = issued_batch(certified_a, alice, quantity=6)
    assert is_sheet_stalled(abandoned_sheet(batch, alice, minutes_ago=11))
    assert is_sheet_stalled(abandoned_sheet(batch, alice, minutes_ago=11, status=StampSheet.Status.QUEUED))
    assert not is_sheet_stalled(abandoned_sheet(batch, alice, minutes_ago=9))
    assert not is_sheet_stalled(abandoned_sheet(batch, alice, minutes_ago=9, status=StampSheet.Status.QUEUED))
    ready = render_sheet(sheet_id=request_sheet(batch=batch, by=alice, run_in_background=False).pk)
    StampSheet.objects.filter(pk=ready.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(days=1))
    ready.refresh_from_db()
    assert ready.status == StampSheet.Status.READY and not is_sheet_stalled(ready)


def test_drawing_reports_a_sign_of_life_with_each_page(certified_a, alice):
    batch = issued_batch(certified_a, alice, quantity=40)  # two pages of 36
    sheet = abandoned_sheet(batch, alice, minutes_ago=60)
    before = timezone.now()
    sheet = render_sheet(sheet_id=sheet.pk)
    sheet.refresh_from_db()
    assert sheet.status == StampSheet.Status.READY
    assert sheet.heartbeat_at >= before


def test_resuming_a_stalled_sheet_draws_it_once_and_is_audited(certified_a, alice, django_capture_on_commit_callbacks):
    batch = issued_batch(certified_a, alice, quantity=6)
    sheet = abandoned_sheet(batch, alice)
    with django_capture_on_commit_callbacks(execute=True):
        resume_sheet(sheet=sheet, by=alice)
    sheet.refresh_from_db()
    assert (sheet.status, sheet.progress, sheet.error) == (StampSheet.Status.READY, 6, "")
    assert sheet.file
    entry = AuditEntry.objects.get(action="resume")
    assert entry.changes["status"] == [StampSheet.Status.RENDERING, StampSheet.Status.QUEUED]
    assert entry.changes["progress"] == [3, 0]
    with pytest.raises(ValidationError) as refused:
        resume_sheet(sheet=sheet, by=alice)
    assert "không bị ngừng" in refused.value.messages[0]


def test_resuming_is_refused_for_a_live_job_outsiders_and_a_revoked_batch(certified_a, alice, bob, inspector):
    batch = issued_batch(certified_a, alice, quantity=6)
    live = abandoned_sheet(batch, alice, minutes_ago=2)
    with pytest.raises(ValidationError) as refused:
        resume_sheet(sheet=live, by=alice)
    assert "vẫn đang được tạo" in refused.value.messages[0]
    stalled = abandoned_sheet(batch, alice)
    for outsider in (bob, inspector):
        with pytest.raises(PermissionDenied):
            resume_sheet(sheet=stalled, by=outsider)
    from stamps.domain import revoke_batch

    revoke_batch(batch=batch, reason="lost", by=alice)
    with pytest.raises(ValidationError):
        resume_sheet(sheet=stalled, by=alice)
    stalled.refresh_from_db()
    assert stalled.status == StampSheet.Status.RENDERING
    assert not AuditEntry.objects.filter(action="resume").exists()


def test_batch_page_shows_a_stalled_sheet_and_draws_it_again(
    client, certified_a, alice, django_capture_on_commit_callbacks
):
    batch = issued_batch(certified_a, alice, quantity=6)
    sheet = abandoned_sheet(batch, alice)
    url = reverse("stamps:sheet_resume", args=[batch.code, sheet.code])
    client.force_login(alice)
    html = client.get(batch.get_absolute_url()).content.decode()
    assert "Việc tạo tệp đã ngừng" in html
    assert url in html
    assert 'hx-trigger="every 2s"' not in html  # nothing to wait for until someone draws it again
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == StampSheet.Status.READY
    html = client.get(batch.get_absolute_url()).content.decode()
    assert "Đã cho tạo lại tệp in" in html
    assert reverse("stamps:sheet_download", args=[batch.code, sheet.code]) in html


def test_sheet_resume_is_404_outside_scope_and_403_without_the_right(client, certified_a, alice, dave, inspector):
    batch = issued_batch(certified_a, alice, quantity=6)
    sheet = abandoned_sheet(batch, alice)
    url = reverse("stamps:sheet_resume", args=[batch.code, sheet.code])
    client.force_login(dave)
    assert client.post(url).status_code == 404
    client.force_login(inspector)
    assert client.post(url).status_code == 403
    assert url not in client.get(batch.get_absolute_url()).content.decode()
    client.force_login(alice)
    assert client.post(reverse("stamps:sheet_resume", args=[batch.code, "NOSUCH"])).status_code == 404
    assert client.get(url).status_code == 405
    sheet.refresh_from_db()
    assert sheet.status == StampSheet.Status.RENDERING
