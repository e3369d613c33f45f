from demo.stamps import seed_demo_stamps
from stamps.models import ScanCounter, ScanEvent, Stamp, StampBatch, Verdict
from stamps.tests.factories import make_certificate


def test_demo_stamps_for_products_with_a_certificate_in_force(certified_a, certified_b, product_a, alice, bob, root):
    expired = make_certificate(product_a, months_left=-2)  # an older, expired certificate changes nothing
    summary = seed_demo_stamps()
    assert {batch.product for batch in summary.batches} == {certified_a, certified_b}
    assert all(batch.status == StampBatch.Status.ISSUED for batch in summary.batches)
    assert all(50 <= batch.quantity <= 200 for batch in summary.batches)
    assert {batch.ordered_by for batch in summary.batches} == {alice, bob}
    assert Stamp.objects.count() == summary.stamps
    assert ScanEvent.objects.count() == summary.scans > 0
    assert ScanCounter.objects.count() == Stamp.objects.filter(scans__isnull=False).distinct().count()
    for counter in ScanCounter.objects.select_related("stamp"):
        assert counter.stamp.scans.count() == counter.count
        assert counter.first_scanned_at == min(counter.stamp.scans.values_list("scanned_at", flat=True))
    revoked = Stamp.objects.filter(revoked_at__isnull=False)
    assert revoked.count() == summary.revoked == 2
    assert set(ScanEvent.objects.filter(stamp__in=revoked).values_list("verdict", flat=True)) == {Verdict.REVOKED}
    assert expired.stamp_batches.count() == 0
    assert seed_demo_stamps().batches == []
