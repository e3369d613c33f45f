"""Helpers for the API tests; the personas and reference data come from the root conftest."""

import itertools

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from conftest import make_user
from producers.validators import enterprise_check_digit

_serials = itertools.count(2000)


def valid_tax_code() -> str:
    """A fresh 10-digit tax code with a correct check digit."""
    while True:
        first_nine = f"03{next(_serials):07d}"
        digit = enterprise_check_digit(first_nine)
        if digit is not None:
            return f"{first_nine}{digit}"


def wrong_check_digit(code: str) -> str:
    return code[:9] + str((int(code[9]) + 1) % 10)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def api_as(request):
    """api_as("alice") → an APIClient signed in as that persona."""

    def signed_in(persona: str) -> APIClient:
        client = APIClient()
        client.force_login(request.getfixturevalue(persona))
        return client

    return signed_in


@pytest.fixture
def buyer(commune_x):
    """A verified buyer of commune X (Hà Nội), its account the persona: the market API's buyer side."""
    from accounts.tests.buyers import make_buyer

    return make_buyer("bao", area=commune_x, name="Siêu thị Bảo An", tax_code="0100107518-010").account


@pytest.fixture
def mart(erin, commune_x):
    """A supermarket chain of Hà Nội, signed up through its domain function and verified by the city's OCOP
    officer: the account of the market API's buyer tests."""
    from market.tests.conftest import make_buyer

    return make_buyer(
        "sieuthi", area=commune_x, name="Chuỗi siêu thị Thủ Đô", tax_code="0100109106-001", verified_by=erin
    )


@pytest.fixture
def inspector_nb(ninh_binh):
    """An inspector of another province (Ninh Bình)."""
    return make_user("inspector_nb", Role.INSPECTOR, ninh_binh)
