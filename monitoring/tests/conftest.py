import datetime

import pytest
from django.utils import timezone

from public.tests.factories import first_stamp, make_batch, make_certificate
from stamps.scanning import check_stamp


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def scan(stamp, at: datetime.datetime, times: int = 1):
    """`times` checks of the stamp on the verification page, a minute apart from `at`."""
    for index in range(times):
        check_stamp(serial=stamp.serial, client_hash=f"client{index}", at=at + datetime.timedelta(minutes=index))


def stamp_of(product, by, **certificate):
    return first_stamp(make_batch(product, make_certificate(product, **certificate), by))


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def expired_stamp(product_a, alice, today):
    """A stamp of product A, whose certificate expired yesterday."""
    return stamp_of(product_a, alice, expires_on=today - datetime.timedelta(days=1))


@pytest.fixture
def valid_stamp(product_b, bob):
    return stamp_of(product_b, bob)
