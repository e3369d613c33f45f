"""Fixtures for signing, as a pytest plugin (the root conftest loads it): a throw-away test CA in a temporary
folder for the session, and `signing_keys`, which points the settings at it and configures test keys for Hà
Nội, Ninh Bình and the central level: PKCS#12 for certificates and reports, a SoftHSM2 token (PIN
`signing.testca.TOKEN_PIN`) for recognition and withdrawal decisions."""

import os

import pytest

from signing.testca import Authority


@pytest.fixture(scope="session")
def signing_dir(tmp_path_factory):
    base = tmp_path_factory.mktemp("signing")
    # SoftHSM2 reads its configuration when the module is first loaded in this process.
    os.environ["SOFTHSM2_CONF"] = str(base / "test-ca" / "softhsm2.conf")
    Authority(directory=base / "test-ca", trust=base / "trust").crl()
    return base


@pytest.fixture
def signing_settings(settings, signing_dir):
    settings.SIGNING_DIR = signing_dir
    settings.SIGNING_TRUST_DIR = signing_dir / "trust"
    settings.SIGNING_SOFTHSM2_CONF = str(signing_dir / "test-ca" / "softhsm2.conf")
    settings.SIGNING_TSA_URL = ""
    settings.SIGNING_FETCH_REVOCATION = False
    return settings


@pytest.fixture
def signing_keys(db, signing_settings, hanoi, ninh_binh):
    from signing.provisioning import use_test_keys

    use_test_keys(provinces=[None, hanoi, ninh_binh], modules=signing_settings.SIGNING_PKCS11_MODULES)
    return signing_settings.SIGNING_DIR
