import pytest

from audit.models import AuditEntry
from stamps import serials
from stamps.domain import issue_batch, revoke_batch
from stamps.domain.writing import copy_rows, copy_tail
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

    def __call__(self, count: int) -> bytes:
        if self.watch is not None:
            self.progress_seen.append(StampBatch.objects.get(pk=self.watch.pk).progress)
        made = serials.split_block(serials.new_serial_block(count))
        planted = self.planted.get(self.calls, [])
        made[len(made) // 2 : len(made) // 2 + len(planted)] = planted
        self.calls += 1
        return "".join(made).encode()


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

    def broken(count: int) -> bytes:
        raise OSError("entropy source unavailable")

    with pytest.raises(OSError, match="entropy"):
        issue_batch(batch_id=batch.pk, generate=broken)
    batch.refresh_from_db()
    assert batch.status == StampBatch.Status.FAILED
    assert "entropy source unavailable" in batch.error
    assert batch.stamps.count() == 0


class Recorded(Serials):
    """Fresh serials, and what was made, in order."""

    def __init__(self):
        super().__init__()
        self.made: list[str] = []

    def __call__(self, count: int) -> bytes:
        block = super().__call__(count)
        self.made.extend(serials.split_block(block))
        return block


def test_issue_streams_blocks_that_do_not_divide_the_batch_and_writes_every_serial_in_order(certified_a, alice):
    batch = order(certified_a, alice, quantity=25)
    source = Recorded()
    issue_batch(batch_id=batch.pk, generate=source, generate_chunk=10, insert_chunk=7)
    assert source.calls == 3
    assert list(batch.stamps.order_by("id").values_list("serial", flat=True)) == source.made
    assert len(set(source.made)) == 25


def test_issue_starts_again_when_a_serial_comes_twice_within_the_batch(certified_a, alice):
    batch = order(certified_a, alice, quantity=20)
    twice = serials.new_serial()
    # Both copies in the first attempt's blocks (different blocks, so different insert chunks too).
    source = Serials({0: [twice], 1: [twice]})
    issue_batch(batch_id=batch.pk, generate=source, generate_chunk=10, insert_chunk=10)
    batch.refresh_from_db()
    assert source.calls == 4  # two blocks an attempt: the first attempt collided with itself
    assert (batch.status, batch.stamps.count()) == (StampBatch.Status.ISSUED, 20)
    assert not batch.stamps.filter(serial=twice).exists()


def test_issue_with_a_generator_that_makes_too_few_fails_and_writes_nothing(certified_a, alice):
    batch = order(certified_a, alice, quantity=5)
    with pytest.raises(ValueError, match="bytes made for 5 serials"):
        issue_batch(batch_id=batch.pk, generate=lambda count: serials.new_serial_block(count - 1))
    batch.refresh_from_db()
    assert (batch.status, batch.stamps.count()) == (StampBatch.Status.FAILED, 0)


def test_copy_rows_are_each_serial_then_the_fixed_values():
    block = serials.new_serial_block(3)
    tail = copy_tail([42, "", 0])
    expected = "".join(f"{serial}\t42\t\t0\n" for serial in serials.split_block(block)).encode()
    assert bytes(copy_rows(block, tail=tail)) == expected
    with pytest.raises(ValueError, match="escaping"):
        copy_tail(["a\tb"])
