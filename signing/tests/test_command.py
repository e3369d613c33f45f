"""`manage.py signing_test_ca`: idempotent, remakes what is missing, never used beside real keys or in
production."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from signing.kinds import DocumentKind
from signing.models import SigningSetup


def run(**options) -> str:
    out = io.StringIO()
    call_command("signing_test_ca", stdout=out, **options)
    return out.getvalue()


def test_it_configures_every_kind_once_and_remakes_a_deleted_key_file(signing_settings, hanoi, db):
    signing_settings.SIGNING_TEST_CA = True
    assert "8 test keys configured" in run(province=["01"])  # Hà Nội's and the central level's four kinds
    assert "0 test keys configured" in run(province=["01"])

    setup = SigningSetup.objects.get(province=hanoi, kind=DocumentKind.CERTIFICATE)
    key_file = signing_settings.SIGNING_DIR / setup.key_file
    key_file.unlink()
    run(province=["01"])
    assert key_file.is_file()
    assert SigningSetup.objects.filter(province=hanoi).count() == 4


def test_it_does_nothing_once_real_keys_are_configured(signing_settings, hanoi, db):
    signing_settings.SIGNING_TEST_CA = True
    SigningSetup.objects.create(
        province=hanoi, kind=DocumentKind.CERTIFICATE, method=SigningSetup.Method.PKCS12, key_file="real/hanoi.p12"
    )
    assert "real keys are configured" in run()
    assert SigningSetup.objects.count() == 1


def test_it_refuses_where_the_test_ca_is_off(signing_settings, db):
    signing_settings.SIGNING_TEST_CA = False
    with pytest.raises(CommandError, match="SIGNING_TEST_CA"):
        run()
    assert not SigningSetup.objects.exists()


def test_an_unknown_province_is_refused(signing_settings, db):
    signing_settings.SIGNING_TEST_CA = True
    with pytest.raises(CommandError, match="no such province: 99"):
        run(province=["99"])
