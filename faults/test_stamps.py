"""A stamp batch's worker killed with SIGKILL: once while it generates serials (progress written, no stamps),
once inside the insert's transaction, right after the batch was marked issued with every stamp written (the
worst moment). Neither leaves a stamp or an "issued" batch behind; resumed, the batch is issued exactly once."""

import pytest

from audit.models import AuditEntry
from stamps.domain import is_stalled, resume_batch
from stamps.models import Stamp, StampBatch
from stamps.tests.factories import order

QUANTITY = 3000
MARKED_ISSUED = r'UPDATE "stamps_stampbatch" SET .*"issued_at" = '
PROGRESS = r'UPDATE "stamps_stampbatch" SET .*"progress" = '


def queued_batch(product, by) -> StampBatch:
    return order(product, by, quantity=QUANTITY, run_in_background=True)


def resumed_once_more(world, batch, by) -> StampBatch:
    world.collect()
    batch.refresh_from_db()
    # The killed run left the batch running, silent: stalled (the stale time is 0 here), and nothing written.
    assert batch.status == StampBatch.Status.ISSUING
    assert is_stalled(batch)
    assert Stamp.objects.filter(batch=batch).count() == 0
    assert not AuditEntry.objects.filter(action="issue", object_id=str(batch.pk)).exists()
    resume_batch(batch=batch, by=by)
    world.publish()
    world.finish(world.worker())
    world.collect()
    batch.refresh_from_db()
    return batch


def assert_issued_once(batch: StampBatch) -> None:
    assert batch.status == StampBatch.Status.ISSUED
    serials = list(Stamp.objects.filter(batch=batch).values_list("serial", flat=True))
    assert len(serials) == len(set(serials)) == QUANTITY
    assert AuditEntry.objects.filter(action="issue", object_id=str(batch.pk)).count() == 1


@pytest.mark.parametrize("moment", ["generating", "writing"])
def test_stamp_batch_worker_killed_mid_batch_resumes_and_issues_once(world, certified_a, alice, moment):
    batch = queued_batch(certified_a, alice)
    world.publish()
    if moment == "generating":
        # The first progress report: the job is provably running, its serials half made.
        world.run_until_paused(world.worker, sql=PROGRESS, after=2)
    else:
        world.run_until_paused(world.worker, sql=MARKED_ISSUED)
    # Read by another connection right after the kill: no stamp, the batch not issued.
    stamps = world.query("SELECT COUNT(*) FROM stamps_stamp WHERE batch_id = %s", (batch.pk,))
    status = world.query("SELECT status FROM stamps_stampbatch WHERE id = %s", (batch.pk,))
    assert (stamps, status) == ([(0,)], [("issuing",)])
    assert_issued_once(resumed_once_more(world, batch, alice))
