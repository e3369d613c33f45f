import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from stamps.domain import revoke_batch, revoke_stamps
from stamps.models import RevokeReason, Stamp, StampBatch
from stamps.serials import group

from .factories import issued_batch


def test_revoke_one_stamp_marks_only_that_stamp(batch_a, alice):
    stamp, other = batch_a.stamps.order_by("id")[:2]
    assert revoke_stamps(serials=[group(stamp.serial).lower()], reason=RevokeReason.LOST, by=alice) == 1
    stamp.refresh_from_db()
    other.refresh_from_db()
    assert stamp.revoked_at is not None and stamp.revoke_reason == "lost"
    assert other.revoked_at is None
    entry = AuditEntry.objects.get(action="revoke_stamps", object_id=str(batch_a.pk))
    assert entry.actor == alice
    assert entry.changes["revoked_serials"] == [None, [stamp.serial]]


def test_revoke_a_list_of_stamps_and_again_changes_nothing(batch_a, alice):
    chosen = list(batch_a.stamps.order_by("id").values_list("serial", flat=True)[:3])
    assert revoke_stamps(serials=chosen, reason=RevokeReason.MISPRINTED, by=alice, batch=batch_a) == 3
    first = dict(Stamp.objects.filter(serial__in=chosen).values_list("serial", "revoked_at"))
    assert revoke_stamps(serials=chosen, reason=RevokeReason.STOLEN, by=alice) == 0
    assert dict(Stamp.objects.filter(serial__in=chosen).values_list("serial", "revoked_at")) == first
    assert set(Stamp.objects.filter(serial__in=chosen).values_list("revoke_reason", flat=True)) == {"misprinted"}


def test_revoke_list_with_an_unknown_serial_revokes_none(batch_a, alice):
    serial = batch_a.stamps.first().serial
    with pytest.raises(ValidationError) as error:
        revoke_stamps(serials=[serial, "0000000000000000Z"], reason=RevokeReason.LOST, by=alice)
    assert "0000-0000-0000-0000-Z" in str(error.value)
    assert not Stamp.objects.filter(revoked_at__isnull=False).exists()


def test_revoke_list_restricted_to_a_batch_refuses_another_batchs_stamp(certified_a, batch_a, alice):
    other = issued_batch(certified_a, alice, quantity=1).stamps.get()
    with pytest.raises(ValidationError):
        revoke_stamps(serials=[other.serial], reason=RevokeReason.LOST, by=alice, batch=batch_a)


@pytest.mark.parametrize(
    ("persona", "allowed"), [("bob", False), ("dave", False), ("inspector", False), ("carol", True)]
)
def test_revoke_stamps_only_by_the_producer_or_officers_of_its_area(request, batch_a, persona, allowed):
    user = request.getfixturevalue(persona)
    serial = batch_a.stamps.first().serial
    if allowed:
        assert revoke_stamps(serials=[serial], reason=RevokeReason.STOLEN, by=user) == 1
    else:
        with pytest.raises(PermissionDenied):
            revoke_stamps(serials=[serial], reason=RevokeReason.STOLEN, by=user)


def test_revoke_needs_one_of_the_listed_reasons(batch_a, alice):
    with pytest.raises(ValidationError):
        revoke_stamps(serials=[batch_a.stamps.first().serial], reason="bored", by=alice)
    with pytest.raises(ValidationError):
        revoke_batch(batch=batch_a, reason="", by=alice)


def test_revoke_batch_marks_the_batch_once_and_is_audited(batch_a, erin):
    revoke_batch(batch=batch_a, reason=RevokeReason.STOLEN, by=erin)
    batch = StampBatch.objects.get(pk=batch_a.pk)
    assert batch.revoked_at is not None and batch.revoke_reason == "stolen"
    entry = AuditEntry.objects.get(action="revoke", object_id=str(batch.pk))
    assert entry.actor == erin and entry.changes["revoke_reason"] == ["", "stolen"]
    with pytest.raises(ValidationError):
        revoke_batch(batch=batch, reason=RevokeReason.LOST, by=erin)


def test_revoke_batch_by_an_outsider_is_refused(batch_a, frank):
    with pytest.raises(PermissionDenied):
        revoke_batch(batch=batch_a, reason=RevokeReason.LOST, by=frank)
    assert StampBatch.objects.get(pk=batch_a.pk).revoked_at is None
