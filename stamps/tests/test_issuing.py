import pytest

from audit.models import AuditEntry
from stamps import serials
from stamps.domain import issue_batch, revoke_batch
from stamps.models import ScanCounter, Stamp, StampBatch

from .factories import issued_batch, order


def test_issue_writes_every_stamp_with_a_valid_serial(certified_a, alice):
    batch = issued_batch(certified_a, alice, quantity=25)
    assert batch.status == StampBatch.Status.ISSUED
    assert batch.progress == 25 and batch.issued_at is not None and batch.error == ""
    stamps = list(batch.stamps.all())
    assert len(stamps) == 25
    assert all(serials.is_valid(stamp.serial) for stamp in stamps)
    assert all(stamp.revoked_at is None and stamp.revoke_reason == "" for stamp in stamps)
    assert not ScanCounter.objects.filter(stamp__batch=batch).exists()  # never checked
    assert AuditEntry.objects.filter(action="issue", object_id=str(batch.pk)).count() == 1


def test_issue_again_leaves_an_issued_batch_as_it_is(certified_a, alice):
    batch = issued_batch(certified_a, alice, quantity=4)
    before = set(batch.stamps.values_list("serial", flat=True))
    again = issue_batch(batch_id=batch.pk)
    assert again.status == StampBatch.Status.ISSUED
    assert set(batch.stamps.values_list("serial", flat=True)) == before


class Serials:
    """A serial source for the issuing function: fresh serials, with chosen ones put in on chosen calls."""

    def __init__(self, planted: dict[int, list[str]] | None = None, *, watch: StampBatch | None = None):
        self.planted = planted or {}
        self.calls = 0
        self.watch = watch
        self.progress_seen: list[int] = []

    def __call__(self, count: int) -> list[str]:
        if self.watch is not None:
            self.progress_seen.append(StampBatch.objects.get(pk=self.watch.pk).progress)
        made = serials.new_serials(count)
        planted = self.planted.get(self.calls, [])
        made[len(made) // 2 : len(made) // 2 + len(planted)] = planted
        self.calls += 1
        return made


def test_issue_is_all_or_nothing_when_the_insert_fails_part_way(certified_a, alice):
    existing = issued_batch(certified_a, alice, quantity=1).stamps.get()
    batch = order(certified_a, alice, quantity=40)
    # Every attempt plants an existing serial in the middle of the batch: with 8-row inserts, the first
    # chunks are written before the unique constraint stops the insert.
    source = Serials({attempt: [existing.serial] for attempt in range(3)})
    result = issue_batch(batch_id=batch.pk, generate=source, generate_chunk=40, insert_chunk=8)
    assert source.calls == 3
    batch.refresh_from_db()
    assert result.status == batch.status == StampBatch.Status.FAILED
    assert "Trùng số sê-ri" in batch.error
    assert batch.stamps.count() == 0
    assert Stamp.objects.count() == 1
    assert AuditEntry.objects.filter(action="issue_failed", object_id=str(batch.pk)).exists()


def test_issue_starts_again_with_fresh_serials_after_a_collision(certified_a, alice):
    existing = issued_batch(certified_a, alice, quantity=1).stamps.get()
    batch = order(certified_a, alice, quantity=30)
    source = Serials({0: [existing.serial]})
    issue_batch(batch_id=batch.pk, generate=source, generate_chunk=30, insert_chunk=7)
    batch.refresh_from_db()
    assert source.calls == 2
    assert batch.status == StampBatch.Status.ISSUED
    assert batch.stamps.count() == 30
    assert not batch.stamps.filter(serial=existing.serial).exists()
    assert existing.batch.stamps.count() == 1


def test_issue_failed_batch_can_be_run_again(certified_a, alice):
    existing = issued_batch(certified_a, alice, quantity=1).stamps.get()
    batch = order(certified_a, alice, quantity=10)
    issue_batch(batch_id=batch.pk, generate=Serials({n: [existing.serial] for n in range(3)}))
    batch.refresh_from_db()
    assert batch.status == StampBatch.Status.FAILED
    issue_batch(batch_id=batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.error, batch.stamps.count()) == (StampBatch.Status.ISSUED, "", 10)


def test_issue_reports_progress_while_generating(certified_a, alice):
    batch = order(certified_a, alice, quantity=25)
    source = Serials(watch=batch)
    issue_batch(batch_id=batch.pk, generate=source, generate_chunk=10)
    assert source.progress_seen == [0, 10, 20]
    batch.refresh_from_db()
    assert batch.progress == 25


def test_issue_skips_a_batch_revoked_before_it_ran(certified_a, alice):
    batch = order(certified_a, alice, quantity=5)
    revoke_batch(batch=batch, reason="lost", by=alice)
    issue_batch(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == StampBatch.Status.QUEUED
    assert batch.stamps.count() == 0


def test_issue_unexpected_error_marks_the_batch_failed_and_is_raised(certified_a, alice):
    batch = order(certified_a, alice, quantity=5)

    def broken(count: int) -> list[str]:
        raise OSError("entropy source unavailable")

    with pytest.raises(OSError, match="entropy"):
        issue_batch(batch_id=batch.pk, generate=broken)
    batch.refresh_from_db()
    assert batch.status == StampBatch.Status.FAILED
    assert "entropy source unavailable" in batch.error
    assert batch.stamps.count() == 0
