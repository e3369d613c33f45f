"""The verdict rules on plain values: precedence, the clone rule (count and impossible travel), certificates."""

import datetime

import pytest
from django.utils import timezone

from certificates.models import Certificate
from public.tests.factories import first_stamp, make_batch, make_certificate
from stamps.models import Verdict
from stamps.verdicts import Place, certificate_in_force, distance_km, escalate, impossible_travel, judge

HANOI = (21.03, 105.85)
HAIPHONG = (20.86, 106.68)  # about 88 km from Hà Nội
HCMC = (10.78, 106.70)  # about 1,140 km from Hà Nội
T0 = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)


def place(point, minutes: float) -> Place:
    return Place(at=T0 + datetime.timedelta(minutes=minutes), latitude=point[0], longitude=point[1])


@pytest.fixture
def stamp(product_a, alice):
    return first_stamp(make_batch(product_a, make_certificate(product_a), alice))


def today():
    return timezone.localdate()


def verdict(stamp, *, day=None, **history):
    """The verdict of a check of `stamp` on `day` (today), with its batch's certificate."""
    return judge(stamp=stamp, certificate=stamp.batch.certificate, today=day or today(), **history)


def test_distance_km_hanoi_to_ho_chi_minh_city_is_about_1140_km():
    assert 1130 < distance_km(place(HANOI, 0), place(HCMC, 0)) < 1150


@pytest.mark.parametrize(
    ("other", "minutes", "impossible"),
    [
        (HCMC, 30, True),  # 1,140 km in half an hour
        (HCMC, 60, True),  # 1,140 km/h is faster than an airliner (900 km/h)
        (HCMC, 90, False),  # 760 km/h: a flight could do it
        (HAIPHONG, 3, True),  # 88 km in 3 minutes
        (HAIPHONG, 120, False),  # by road
        ((21.10, 105.85), 0, False),  # 8 km at the same second: within the tolerance of coarse places
    ],
)
def test_impossible_travel_compares_speed_with_the_limit(other, minutes, impossible):
    assert impossible_travel(place(HANOI, 0), place(other, minutes)) is impossible


def test_impossible_travel_speed_is_configurable(settings):
    settings.STAMP_TRAVEL_KMH = 2000
    assert impossible_travel(place(HANOI, 0), place(HCMC, 60)) is False


def test_escalate_turns_genuine_expired_withdrawn_into_suspicious_but_not_revoked():
    earlier = [place(HANOI, 0)]
    here = place(HCMC, 20)
    for verdict in (Verdict.GENUINE, Verdict.EXPIRED, Verdict.WITHDRAWN):
        assert escalate(verdict, place=here, earlier=earlier) == Verdict.SUSPICIOUS
    assert escalate(Verdict.REVOKED, place=here, earlier=earlier) == Verdict.REVOKED
    assert escalate(Verdict.GENUINE, place=place(HANOI, 20), earlier=earlier) == Verdict.GENUINE
    assert escalate(Verdict.GENUINE, place=here, earlier=[]) == Verdict.GENUINE


def test_judge_unknown_without_a_stamp():
    assert judge(stamp=None, certificate=None, today=today(), scan_count=0) == Verdict.UNKNOWN


def test_judge_genuine_with_a_certificate_in_force(stamp):
    assert verdict(stamp, scan_count=1) == Verdict.GENUINE


def test_judge_clone_rule_by_count_uses_the_setting(stamp, settings):
    settings.STAMP_SCAN_LIMIT = 5
    assert verdict(stamp, scan_count=5) == Verdict.GENUINE
    assert verdict(stamp, scan_count=6) == Verdict.SUSPICIOUS


def test_judge_default_scan_limit_is_50(stamp):
    assert verdict(stamp, scan_count=50) == Verdict.GENUINE
    assert verdict(stamp, scan_count=51) == Verdict.SUSPICIOUS


def test_judge_flagged_or_travelling_stamp_is_suspicious(stamp):
    assert verdict(stamp, scan_count=2, flagged=True) == Verdict.SUSPICIOUS
    assert verdict(stamp, scan_count=2, travelled_too_fast=True) == Verdict.SUSPICIOUS


def test_judge_revoked_stamp_or_batch_wins_over_everything(stamp):
    stamp.revoked_at = timezone.now()
    assert verdict(stamp, scan_count=99, flagged=True) == Verdict.REVOKED
    stamp.revoked_at = None
    stamp.batch.revoked_at = timezone.now()
    assert verdict(stamp, scan_count=1) == Verdict.REVOKED


def test_judge_expired_certificate_from_the_day_after_expiry(stamp):
    certificate = stamp.batch.certificate
    certificate.expires_on = today()
    assert verdict(stamp, scan_count=1) == Verdict.GENUINE
    assert verdict(stamp, day=today() + datetime.timedelta(days=1), scan_count=1) == Verdict.EXPIRED


def test_judge_withdrawn_certificate(stamp):
    stamp.batch.certificate.withdrawn_on = today()
    assert verdict(stamp, scan_count=1) == Verdict.WITHDRAWN


def test_judge_suspicious_wins_over_expired(stamp):
    stamp.batch.certificate.expires_on = today() - datetime.timedelta(days=1)
    assert verdict(stamp, scan_count=1) == Verdict.EXPIRED
    assert verdict(stamp, scan_count=1, flagged=True) == Verdict.SUSPICIOUS


def test_certificate_in_force_follows_renewals(product_a):
    old = make_certificate(product_a, expires_on=today() - datetime.timedelta(days=10))
    middle = make_certificate(product_a, expires_on=today() + datetime.timedelta(days=5))
    newest = make_certificate(product_a, stars=3)
    Certificate.objects.filter(pk=old.pk).update(superseded_by=middle)
    Certificate.objects.filter(pk=middle.pk).update(superseded_by=newest)
    assert certificate_in_force(Certificate.objects.get(pk=old.pk)) == newest
    assert certificate_in_force(newest) == newest


def test_judge_extended_certificate_of_a_late_filer_is_its_own_verdict(stamp):
    certificate = stamp.batch.certificate
    certificate.expires_on = today() - datetime.timedelta(days=10)
    certificate.extended_until = today() + datetime.timedelta(days=170)
    assert verdict(stamp, scan_count=1) == Verdict.EXTENDED
    assert verdict(stamp, day=certificate.extended_until + datetime.timedelta(days=1), scan_count=1) == Verdict.EXPIRED
    assert escalate(Verdict.EXTENDED, place=place(HCMC, 20), earlier=[place(HANOI, 0)]) == Verdict.SUSPICIOUS
