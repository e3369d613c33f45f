"""The demo's stamps are issued for products with a certificate in force: the stamps tests' fixtures."""

from stamps.tests.conftest import certified_a, certified_b  # noqa: F401 (fixtures)
