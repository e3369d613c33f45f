"""Inspectors are told of every withdrawal, expiry and revoked batch in their province (and only theirs)."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from certificates.domain import send_due_reminders
from certificates.domain.withdrawal import withdraw
from certificates.models import WithdrawalGround
from conftest import make_user
from notifications.models import Notification
from public.tests.factories import make_batch, make_certificate
from stamps.domain.revoking import revoke_batch
from stamps.models import RevokeReason


@pytest.fixture
def other_inspector(ninh_binh):
    return make_user("nb_inspector", Role.INSPECTOR, ninh_binh)


def told(username: str) -> list[str]:
    return list(Notification.objects.filter(recipient__username=username).values_list("url", flat=True))


def test_inspectors_are_told_of_a_withdrawal_in_their_province(product_a, erin, inspector, other_inspector):
    certificate = make_certificate(product_a, stars=4)
    today = timezone.localdate()
    withdraw(
        certificate=certificate,
        ground=WithdrawalGround.values[0],
        conclusion="Sản phẩm không còn đáp ứng tiêu chí.",
        concluded_on=today,
        decision_number="15/QĐ-UBND",
        decision_date=today,
        signer="Chủ tịch UBND tỉnh",
        by=erin,
    )
    assert told("inspector") == [certificate.get_absolute_url()]
    assert told("nb_inspector") == []


def test_inspectors_are_told_of_an_expiry_in_their_province_once(product_a, inspector, other_inspector):
    today = timezone.localdate()
    certificate = make_certificate(product_a, expires_on=today - datetime.timedelta(days=1))
    send_due_reminders(today=today)
    send_due_reminders(today=today)
    assert told("inspector") == [certificate.get_absolute_url()]
    assert told("nb_inspector") == []


def test_inspectors_are_not_told_of_a_renewal_window(product_a, inspector):
    make_certificate(product_a, expires_on=timezone.localdate() + datetime.timedelta(days=170))
    assert send_due_reminders(today=timezone.localdate()) == 1
    assert told("inspector") == []


def test_inspectors_are_told_of_a_revoked_batch_in_their_province(product_a, alice, inspector, other_inspector):
    batch = make_batch(product_a, make_certificate(product_a), alice)
    revoke_batch(batch=batch, reason=RevokeReason.STOLEN, by=alice)
    assert told("inspector") == [batch.get_absolute_url()]
    assert told("nb_inspector") == []
