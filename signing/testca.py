"""A throw-away certificate authority for the demo and the tests, so that a fresh machine signs and checks
documents with no outside service: a root (trusted by copying it into the trust folder), an agency
certificate per province in a PKCS#12 file, an official's key on a SoftHSM2 token per province, and the root's
revocation list. Never for production: every name says "thử nghiệm" (test)."""

import datetime
import os
import secrets
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

ROOT_NAME = "OCOP Test Root CA (thử nghiệm)"
ROOT_FILE = "ocop-test-root.pem"
CRL_FILE = "ocop-test-root.crl"
CRL_URL = "http://ocop-test-ca.invalid/ocop-test-root.crl"  # .invalid never resolves: nothing is fetched
TOKEN_PIN = "246810"  # noqa: S105 (test CA only): the demo officials' PIN, printed by `signing_test_ca`
TOKEN_SO_PIN = "13579024"  # noqa: S105 (test CA only)
KEY_LABEL = "official"
RENEW_BEFORE = datetime.timedelta(days=30)
SOFTHSM_UTIL = "softhsm2-util"


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _name(common_name: str, organisation: str, unit: str = "Chứng thư thử nghiệm OCOP") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def make_root(common_name: str = ROOT_NAME, *, days: int = 3650, key=None):
    """A self-signed root: (key, certificate)."""
    key = key or new_key()
    name = _name(common_name, "Nền tảng OCOP")
    start = _now() - datetime.timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def issue(
    root_key,
    root_cert: x509.Certificate,
    *,
    common_name: str,
    organisation: str,
    not_before: datetime.datetime | None = None,
    not_after: datetime.datetime | None = None,
    key=None,
):
    """A document-signing certificate under `root_cert`: (key, certificate)."""
    key = key or new_key()
    start = not_before or _now() - datetime.timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organisation))
        .issuer_name(root_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(not_after or start + datetime.timedelta(days=730))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.CRLDistributionPoints(
                [x509.DistributionPoint([x509.UniformResourceIdentifier(CRL_URL)], None, None, None)]
            ),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_cert.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
        .sign(root_key, hashes.SHA256())
    )
    return key, cert


def make_crl(root_key, root_cert: x509.Certificate, revoked_serials=()) -> x509.CertificateRevocationList:
    now = _now()
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(root_cert.subject)
        .last_update(now - datetime.timedelta(minutes=5))
        .next_update(now + datetime.timedelta(days=30))
        .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
    )
    for serial in revoked_serials:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(now).build()
        )
    return builder.sign(root_key, hashes.SHA256())


def pem_of(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def pkcs12_of(key, cert: x509.Certificate, chain: list[x509.Certificate], password: str) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        name=b"ocop-signing",
        key=key,
        cert=cert,
        cas=chain,
        encryption_algorithm=serialization.BestAvailableEncryption(password.encode()),
    )


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def _still_good(cert: x509.Certificate) -> bool:
    return cert.not_valid_after_utc - RENEW_BEFORE > _now()


@dataclass(frozen=True)
class Authority:
    """The test CA in `directory` (settings.SIGNING_DIR / "test-ca"), trusted through `trust`."""

    directory: Path
    trust: Path

    @property
    def softhsm_conf(self) -> Path:
        return self.directory / "softhsm2.conf"

    def root(self):
        key_path, cert_path = self.directory / "root.key.pem", self.trust / ROOT_FILE
        if key_path.exists() and cert_path.exists():
            cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
            if _still_good(cert):
                return serialization.load_pem_private_key(key_path.read_bytes(), None), cert
        key, cert = make_root()
        _write_private(
            key_path,
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            ),
        )
        cert_path.parent.mkdir(parents=True, exist_ok=True)
        cert_path.write_bytes(pem_of(cert))
        return key, cert

    def crl(self) -> Path:
        path = self.trust / CRL_FILE
        if path.exists():
            current = x509.load_der_x509_crl(path.read_bytes())
            if current.next_update_utc and current.next_update_utc - datetime.timedelta(days=7) > _now():
                return path
        root_key, root_cert = self.root()
        path.write_bytes(make_crl(root_key, root_cert).public_bytes(serialization.Encoding.DER))
        return path

    def agency(self, *, code: str, agency: str) -> tuple[Path, Path]:
        """The agency's PKCS#12 file and its password file (made once, renewed near expiry)."""
        p12_path, password_path = self.directory / f"agency-{code}.p12", self.directory / f"agency-{code}.password"
        if p12_path.exists() and password_path.exists():
            _, cert, _ = pkcs12.load_key_and_certificates(
                p12_path.read_bytes(), password_path.read_text().strip().encode()
            )
            if cert is not None and _still_good(cert):
                return p12_path, password_path
        root_key, root_cert = self.root()
        key, cert = issue(root_key, root_cert, common_name=agency, organisation=agency)
        password = secrets.token_urlsafe(18)
        _write_private(p12_path, pkcs12_of(key, cert, [root_cert], password))
        _write_private(password_path, password.encode())
        return p12_path, password_path

    def _softhsm_env(self) -> dict[str, str]:
        tokens = self.directory / "tokens"
        tokens.mkdir(parents=True, exist_ok=True)
        if not self.softhsm_conf.exists():
            self.softhsm_conf.write_text(
                f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n"
                "slots.removable = false\n"
            )
        return {**os.environ, "SOFTHSM2_CONF": str(self.softhsm_conf)}

    def token_labels(self) -> set[str]:
        shown = subprocess.run(  # noqa: S603 (fixed program, no shell)
            [SOFTHSM_UTIL, "--show-slots"], env=self._softhsm_env(), capture_output=True, text=True, check=True
        ).stdout
        return {line.split(":", 1)[1].strip() for line in shown.splitlines() if line.strip().startswith("Label:")}

    def token(self, *, code: str, official: str, agency: str) -> str:
        """A SoftHSM2 token `ocop-<code>` holding an official's key and certificate (label `official`), PIN
        TOKEN_PIN. Returns the token's label. Needs `softhsm2-util` (Debian `softhsm2`)."""
        label = f"ocop-{code}"
        if label in self.token_labels():
            return label
        env = self._softhsm_env()
        run = {"env": env, "capture_output": True, "text": True, "check": True}
        subprocess.run(  # noqa: S603
            [SOFTHSM_UTIL, "--init-token", "--free", "--label", label, "--so-pin", TOKEN_SO_PIN, "--pin", TOKEN_PIN],
            **run,
        )
        root_key, root_cert = self.root()
        key, cert = issue(root_key, root_cert, common_name=official, organisation=agency)
        with tempfile.TemporaryDirectory() as scratch:
            key_path = Path(scratch) / "key.pem"
            _write_private(
                key_path,
                key.private_bytes(
                    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                ),
            )
            command = [SOFTHSM_UTIL, "--import", str(key_path), "--token", label, "--label", KEY_LABEL]
            subprocess.run([*command, "--id", "01", "--pin", TOKEN_PIN], **run)  # noqa: S603
        store_certificate(self.softhsm_conf, token_label=label, cert=cert)
        return label


def store_certificate(softhsm_conf: Path, *, token_label: str, cert: x509.Certificate) -> None:
    """Put the official's certificate on the token beside the key, as a real token carries it."""
    from pkcs11 import Attribute, CertificateType, ObjectClass

    from .keys import pkcs11_library

    os.environ.setdefault("SOFTHSM2_CONF", str(softhsm_conf))
    library = pkcs11_library(None)
    library.reinitialize()
    token = library.get_token(token_label=token_label)
    with token.open(rw=True, user_pin=TOKEN_PIN) as session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: KEY_LABEL,
                Attribute.ID: b"\x01",
                Attribute.SUBJECT: cert.subject.public_bytes(),
                Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
            }
        )
