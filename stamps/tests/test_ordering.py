import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEntry
from stamps.models import StampBatch

from .factories import make_certificate, order

TODAY = timezone.localdate


def test_order_by_producer_with_certificate_in_force_is_queued_and_audited(certified_a, alice):
    batch = order(certified_a, alice, quantity=7, lot=" L2611-01 ")
    assert batch.status == StampBatch.Status.QUEUED
    assert (batch.quantity, batch.lot, batch.ordered_by) == (7, "L2611-01", alice)
    assert batch.certificate == certified_a.certificates.get()
    assert batch.stamps.count() == 0
    entry = AuditEntry.objects.get(action="order", object_id=str(batch.pk))
    assert entry.actor == alice


def test_order_queues_the_issuing_job_after_commit(certified_a, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        batch = order(certified_a, alice, quantity=9, run_in_background=True)
    assert len(callbacks) == 1
    batch.refresh_from_db()
    assert batch.status == StampBatch.Status.ISSUED
    assert batch.stamps.count() == 9


def test_order_without_certificate_is_refused(product_a, alice):
    with pytest.raises(ValidationError) as error:
        order(product_a, alice)
    assert error.value.code == "no_valid_certificate"
    assert not StampBatch.objects.exists()


@pytest.mark.parametrize(
    "certificate",
    [
        {"months_left": -1},  # expired
        {"months_left": 12, "withdrawn_on": datetime.date.today() - datetime.timedelta(days=1)},
    ],
    ids=["expired", "withdrawn"],
)
def test_order_with_certificate_expired_or_withdrawn_is_refused(product_a, alice, certificate):
    make_certificate(product_a, **certificate)
    with pytest.raises(ValidationError) as error:
        order(product_a, alice)
    assert error.value.code == "no_valid_certificate"


def test_order_is_refused_when_the_newest_certificate_is_withdrawn(product_a, alice):
    make_certificate(product_a, months_left=30)
    make_certificate(product_a, months_left=34, withdrawn_on=TODAY())
    with pytest.raises(ValidationError):
        order(product_a, alice)


@pytest.mark.parametrize(
    "certificate",
    [{"months_left": 3}, {"months_left": -1, "extended_until": datetime.date.today() + datetime.timedelta(days=60)}],
    ids=["due-for-renewal", "extended"],
)
def test_order_with_certificate_due_for_renewal_or_extended_is_accepted(product_a, alice, certificate):
    make_certificate(product_a, **certificate)
    assert order(product_a, alice).status == StampBatch.Status.QUEUED


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("alice", True),
        ("bob", False),
        ("carol", True),
        ("dave", False),
        ("erin", True),
        ("frank", False),
        ("inspector", False),
        ("council", False),
        ("minh", False),
        ("root", True),
    ],
)
def test_order_is_for_the_producer_and_officers_of_its_area(request, certified_a, persona, allowed):
    user = request.getfixturevalue(persona)
    if allowed:
        assert order(certified_a, user).ordered_by == user
    else:
        with pytest.raises(PermissionDenied):
            order(certified_a, user)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (lambda today: {"quantity": 0}, "quantity"),
        (lambda today: {"quantity": 1001}, "quantity"),
        (lambda today: {"lot": "lô 1"}, "lot"),
        (lambda today: {"lot": "L" * 21}, "lot"),
        (lambda today: {"production_date": today + datetime.timedelta(days=1)}, "production_date"),
        (lambda today: {"expiry_date": today - datetime.timedelta(days=3)}, "expiry_date"),
    ],
    ids=["no-quantity", "too-many", "lot-space", "lot-long", "made-tomorrow", "expired"],
)
def test_order_checks_quantity_lot_and_dates(settings, certified_a, alice, fields, field):
    # The dates are taken when the test runs, not when it is collected: a run that crosses midnight
    # would otherwise order a batch "made tomorrow" that is made today.
    settings.STAMP_BATCH_MAX = 1000
    with pytest.raises(ValidationError) as error:
        order(certified_a, alice, **fields(timezone.localdate()))
    assert field in error.value.message_dict
    assert not StampBatch.objects.exists()


def test_order_accepts_the_maximum_quantity(settings, certified_a, alice):
    settings.STAMP_BATCH_MAX = 1000
    assert order(certified_a, alice, quantity=1000).quantity == 1000
