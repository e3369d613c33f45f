"""What the platform trusts: the root certificates and revocation lists in settings.SIGNING_TRUST_DIR (PEM or
DER files: `*.pem`, `*.crt`, `*.cer` roots, `*.crl` lists). Signing validates its own key against them before
embedding the long-term validation data; the public check judges uploaded files by them."""

import datetime
from pathlib import Path

from asn1crypto import crl as asn1_crl
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from pyhanko_certvalidator import ValidationContext

ROOT_SUFFIXES = (".pem", ".crt", ".cer")


def signing_dir() -> Path:
    return Path(settings.SIGNING_DIR)


def trust_dir() -> Path:
    return Path(settings.SIGNING_TRUST_DIR)


def _der_blocks(path: Path) -> list[bytes]:
    data = path.read_bytes()
    if pem.detect(data):
        return [der for _, _, der in pem.unarmor(data, multiple=True)]
    return [data]


def trust_roots() -> list[asn1_x509.Certificate]:
    folder = trust_dir()
    if not folder.is_dir():
        return []
    return [
        asn1_x509.Certificate.load(der)
        for path in sorted(folder.iterdir())
        if path.suffix.lower() in ROOT_SUFFIXES
        for der in _der_blocks(path)
    ]


def local_crls() -> list[asn1_crl.CertificateList]:
    folder = trust_dir()
    if not folder.is_dir():
        return []
    return [
        asn1_crl.CertificateList.load(der)
        for path in sorted(folder.iterdir())
        if path.suffix.lower() == ".crl"
        for der in _der_blocks(path)
    ]


def validation_context(
    *, other_certs=(), moment: datetime.datetime | None = None, retroactive: bool = False
) -> ValidationContext:
    """A context judging by the configured roots and the local revocation lists; online look-ups (the
    certificates' OCSP and CRL addresses) only when settings.SIGNING_FETCH_REVOCATION is on. `retroactive`:
    revocation lists issued after `moment` count for it (judging a chain as it stood in the past)."""
    return ValidationContext(
        trust_roots=trust_roots(),
        other_certs=list(other_certs),
        crls=local_crls(),
        allow_fetching=settings.SIGNING_FETCH_REVOCATION,
        revocation_mode="soft-fail",
        moment=moment,
        retroactive_revinfo=retroactive,
    )
