"""What the signing tests share: files signed by keys the platform did not configure (a stranger's, an
expired one), the independent validator (poppler's `pdfsig`, with an NSS database trusting the test root)."""

import datetime
import io
import subprocess
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from signing.testca import ROOT_FILE, issue, make_root


def _asn1_cert(cert):
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def sign_directly(pdf: bytes, key, cert, chain) -> bytes:
    """`pdf` signed by (key, cert) with pyHanko alone, outside the platform's configuration and its checks."""
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    signer = signers.SimpleSigner(
        signing_cert=_asn1_cert(cert),
        signing_key=asn1_keys.PrivateKeyInfo.load(der),
        cert_registry=SimpleCertificateStore.from_certs([_asn1_cert(c) for c in chain]),
    )
    meta = signers.PdfSignatureMetadata(field_name="Other", subfilter=fields.SigSeedSubFilter.PADES)
    return signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=signer).getvalue()


def strangers_key():
    """A key certified by an authority the platform does not trust."""
    root_key, root_cert = make_root("Tổ chức chứng thực lạ")
    key, cert = issue(root_key, root_cert, common_name="Người ký lạ", organisation="Cơ quan lạ")
    return key, cert, [root_cert]


def expired_key(signing_dir: Path):
    """A key certified by the test CA (trusted) whose certificate ended yesterday."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    root_key = load_pem_private_key((signing_dir / "test-ca" / "root.key.pem").read_bytes(), None)
    root_cert = x509.load_pem_x509_certificate((signing_dir / "trust" / ROOT_FILE).read_bytes())
    now = datetime.datetime.now(datetime.UTC)
    key, cert = issue(
        root_key,
        root_cert,
        common_name="Cán bộ đã nghỉ",
        organisation="Ủy ban nhân dân Thành phố Hà Nội",
        not_before=now - datetime.timedelta(days=800),
        not_after=now - datetime.timedelta(days=1),
    )
    return key, cert, [root_cert]


def nss_database(folder: Path, root_pem: Path, crl: Path) -> Path:
    """An NSS database (for pdfsig) that trusts `root_pem` for signatures and holds its revocation list (without
    one, NSS reports "Unknown issue with Certificate")."""
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "cert9.db").exists():
        subprocess.run(["certutil", "-N", "-d", f"sql:{folder}", "--empty-password"], check=True)  # noqa: S603, S607
        subprocess.run(  # noqa: S603
            ["certutil", "-A", "-d", f"sql:{folder}", "-n", "ocop-test-root", "-t", "C,C,C", "-i", str(root_pem)],  # noqa: S607
            check=True,
        )
        subprocess.run(["crlutil", "-I", "-i", str(crl), "-d", f"sql:{folder}"], check=True)  # noqa: S603, S607
    return folder


def pdfsig(data: bytes, *, nssdir: Path, tmp_path: Path) -> str:
    """What poppler's pdfsig says of the file (no online look-ups)."""
    path = tmp_path / "checked.pdf"
    path.write_bytes(data)
    shown = subprocess.run(  # noqa: S603
        ["pdfsig", "-nssdir", f"sql:{nssdir}", "-no-ocsp", str(path)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    return shown.stdout + shown.stderr
