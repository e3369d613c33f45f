"""A batch whose issuing job was killed (the process ended mid-way: no error handler ran) stays "issuing": it is
detected once its job has been silent for STAMP_ISSUING_STALE_MINUTES, and resumed from its page or from
`issue_stamps --resume`. Re-running never issues a batch twice."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from stamps import serials
from stamps.domain import is_stalled, issue_batch, resume_batch, revoke_batch
from stamps.models import StampBatch

from .factories import order


@pytest.fixture(autouse=True)
def stale_after_ten_minutes(settings):
    # These tests date a killed job's last sign of life in minutes around a stale time of 10.
    settings.STAMP_ISSUING_STALE_MINUTES = 10


class Killed(BaseException):
    """The process ending under the job (SIGKILL, a worker timeout): `except Exception` handlers do not run."""


def killed_while_generating(count: int) -> bytes:
    raise Killed


def killed_batch(product, by, *, quantity: int = 6, minutes_ago: int = 11, while_writing: bool = False):
    """A batch left "issuing" by a killed job whose last sign of life was `minutes_ago` minutes ago."""
    batch = order(product, by, quantity=quantity)
    if while_writing:
        # Killed inside the insert's transaction: it rolled back, leaving what the job wrote outside it.
        StampBatch.objects.filter(pk=batch.pk).update(status=StampBatch.Status.ISSUING, progress=quantity)
    else:
        with pytest.raises(Killed):
            issue_batch(batch_id=batch.pk, generate=killed_while_generating)
    StampBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=minutes_ago))
    batch.refresh_from_db()
    return batch


def test_killed_job_leaves_the_batch_issuing_and_it_is_stalled_once_silent(certified_a, alice, settings):
    settings.STAMP_ISSUING_STALE_MINUTES = 10
    batch = killed_batch(certified_a, alice, minutes_ago=11)
    assert (batch.status, batch.stamps.count()) == (StampBatch.Status.ISSUING, 0)
    assert is_stalled(batch)
    fresh = killed_batch(certified_a, alice, minutes_ago=9)
    assert not is_stalled(fresh)


def test_issued_failed_and_revoked_batches_are_never_stalled(batch_a, certified_a, alice):
    old = timezone.now() - datetime.timedelta(days=1)
    StampBatch.objects.filter(pk=batch_a.pk).update(heartbeat_at=old)
    batch_a.refresh_from_db()
    assert not is_stalled(batch_a)
    revoked = killed_batch(certified_a, alice)
    revoke_batch(batch=revoked, reason="lost", by=alice)
    revoked.refresh_from_db()
    assert not is_stalled(revoked)


def test_resume_issues_a_batch_killed_while_generating(certified_a, alice):
    batch = killed_batch(certified_a, alice)
    resumed = resume_batch(batch=batch, by=alice, run_in_background=False)
    assert (resumed.status, resumed.progress, is_stalled(resumed)) == (StampBatch.Status.QUEUED, 0, False)
    issued = issue_batch(batch_id=batch.pk)
    assert (issued.status, issued.stamps.count()) == (StampBatch.Status.ISSUED, 6)
    entry = AuditEntry.objects.get(action="resume", object_id=str(batch.pk))
    assert (entry.actor, entry.changes["status"]) == (alice, ["issuing", "queued"])


def test_resume_issues_a_batch_killed_while_writing(certified_a, alice):
    batch = killed_batch(certified_a, alice, while_writing=True)
    assert (batch.status, batch.progress, batch.stamps.count()) == (StampBatch.Status.ISSUING, 6, 0)
    resume_batch(batch=batch, by=alice, run_in_background=False)
    assert issue_batch(batch_id=batch.pk).stamps.count() == 6


def test_resuming_twice_issues_once(certified_a, alice, carol):
    batch = killed_batch(certified_a, alice)
    resume_batch(batch=batch, by=alice, run_in_background=False)
    with pytest.raises(ValidationError) as refused:
        resume_batch(batch=batch, by=carol, run_in_background=False)
    assert refused.value.code == "not_stalled"
    issue_batch(batch_id=batch.pk)
    issue_batch(batch_id=batch.pk)
    assert batch.stamps.count() == 6
    assert AuditEntry.objects.filter(action="resume", object_id=str(batch.pk)).count() == 1
    assert AuditEntry.objects.filter(action="issue", object_id=str(batch.pk)).count() == 1


def test_a_paused_job_coming_back_after_a_resume_issues_nothing_more(certified_a, alice):
    batch = order(certified_a, alice, quantity=6)

    def paused(count: int) -> bytes:
        # The first job stops here (paused, not killed); meanwhile its batch is found stalled, resumed, issued.
        StampBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=11))
        resume_batch(batch=batch, by=alice, run_in_background=False)
        issue_batch(batch_id=batch.pk)
        return serials.new_serial_block(count)

    issue_batch(batch_id=batch.pk, generate=paused)
    batch.refresh_from_db()
    assert (batch.status, batch.progress, batch.stamps.count()) == (StampBatch.Status.ISSUED, 6, 6)
    assert AuditEntry.objects.filter(action="issue", object_id=str(batch.pk)).count() == 1


def test_a_batch_marked_failed_after_its_stamps_were_written_is_never_written_again(batch_a):
    # A run that lost a race against another one used to record its own failure over the winner's "issued".
    StampBatch.objects.filter(pk=batch_a.pk).update(status=StampBatch.Status.FAILED, error="database is locked")
    again = issue_batch(batch_id=batch_a.pk)
    assert again.stamps.count() == 12
    assert again.status == StampBatch.Status.ISSUED


def test_resume_is_refused_for_a_live_job_and_outsiders(certified_a, alice, bob, inspector):
    live = killed_batch(certified_a, alice, minutes_ago=1)
    with pytest.raises(ValidationError) as refused:
        resume_batch(batch=live, by=alice)
    assert "chưa ngừng" in refused.value.messages[0]
    stalled = killed_batch(certified_a, alice)
    for outsider in (bob, inspector):
        with pytest.raises(PermissionDenied):
            resume_batch(batch=stalled, by=outsider)
    assert not AuditEntry.objects.filter(action="resume").exists()


def test_batch_page_shows_a_stalled_batch_and_resumes_it(
    client, certified_a, alice, django_capture_on_commit_callbacks
):
    batch = killed_batch(certified_a, alice)
    client.force_login(alice)
    html = client.get(batch.get_absolute_url()).content.decode()
    assert "Việc phát hành đã ngừng" in html
    assert reverse("stamps:resume", args=[batch.code]) in html
    assert 'hx-trigger="every 2s"' not in html  # nothing to wait for until someone resumes it
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("stamps:resume", args=[batch.code]), follow=True)
    assert "Đã cho phát hành lại" in response.content.decode()
    batch.refresh_from_db()
    assert (batch.status, batch.stamps.count()) == (StampBatch.Status.ISSUED, 6)
    again = client.post(reverse("stamps:resume", args=[batch.code]), follow=True)
    assert "không bị ngừng" in again.content.decode()
    assert batch.stamps.count() == 6


def test_batch_page_resume_is_404_outside_scope_and_403_without_the_right(client, certified_a, alice, dave, inspector):
    batch = killed_batch(certified_a, alice)
    url = reverse("stamps:resume", args=[batch.code])
    client.force_login(dave)
    assert client.post(url).status_code == 404
    client.force_login(inspector)
    assert client.post(url).status_code == 403
    assert "Tiếp tục phát hành" not in client.get(batch.get_absolute_url()).content.decode()
    batch.refresh_from_db()
    assert batch.status == StampBatch.Status.ISSUING


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_issue_stamps_command_resumes_a_stalled_batch(certified_a, alice, root):
    batch = killed_batch(certified_a, alice)
    output = _run("issue_stamps", "--resume", batch.code)
    assert f"batch {batch.code}: 6 stamps" in output and "resumed" in output
    assert batch.stamps.count() == 6
    with pytest.raises(CommandError, match="không bị ngừng"):
        _run("issue_stamps", "--resume", batch.code)
    with pytest.raises(CommandError, match="no batch"):
        _run("issue_stamps", "--resume", "NOSUCHCODE")
    assert batch.stamps.count() == 6


def test_issue_stamps_command_needs_an_order_or_a_batch_to_resume(db):
    with pytest.raises(CommandError, match="--product"):
        _run("issue_stamps", "--quantity", "3")
