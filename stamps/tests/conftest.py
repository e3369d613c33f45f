"""Fixtures of the stamps tests: products of producer A and B with certificates in force, and a GTIN on A's."""

import pytest

from .factories import GTIN, issued_batch, make_certificate


@pytest.fixture
def certified_a(product_a):
    product_a.gtin = GTIN
    product_a.save(update_fields=["gtin"])
    make_certificate(product_a)
    return product_a


@pytest.fixture
def certified_b(product_b):
    make_certificate(product_b)
    return product_b


@pytest.fixture
def batch_a(certified_a, alice):
    return issued_batch(certified_a, alice, quantity=12)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
