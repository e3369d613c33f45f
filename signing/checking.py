"""Checking a signed PDF: is it signed, unchanged since, by a certificate that chains to the platform's roots
(`trust.py`) and was in force, and which record it claims to be (the /OCOPKind and /OCOPNumber that
`documents.sign_pdf` wrote before signing). Never raises on what a stranger uploads."""

import datetime
import io
import logging
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel

from .loops import outside_event_loop
from .names import subject_parts
from .trust import validation_context

log = logging.getLogger(__name__)
HEADER_WINDOW = 1024  # a PDF's header may follow some junk, within its first kilobyte
EXPIRY = {
    AdESIndeterminate.OUT_OF_BOUNDS_NO_POE,
    AdESIndeterminate.OUT_OF_BOUNDS_NOT_REVOKED,
    AdESIndeterminate.EXPIRED,
}
REVOCATION = {AdESFailure.REVOKED, AdESIndeterminate.REVOKED_NO_POE, AdESIndeterminate.REVOKED_CA_NO_POE}
MAX_ENTRIES, MAX_FACT = 100, 200  # what a stranger's file may make us read
UNCHANGED = {ModificationLevel.NONE, ModificationLevel.LTA_UPDATES}


@dataclass
class SignatureCheck:
    signed: bool = False
    intact: bool = False  # not changed after signing
    trusted: bool = False  # the signer's certificate chains to a root the platform trusts
    signer_expired: bool = False
    revoked: bool = False
    valid: bool = False  # all of the above good
    signer_name: str = ""
    agency: str = ""
    signed_at: datetime.datetime | None = None
    timestamped: bool = False  # signed_at comes from a trusted timestamp, not the signer's own clock
    expires_at: datetime.datetime | None = None  # the signing certificate's end
    kind: str = ""
    number: str = ""
    facts: dict[str, str] = field(default_factory=dict)  # the other /OCOP... entries signed with it
    problems: list[str] = field(default_factory=list)


def _read_identity(reader: PdfFileReader, revision: int) -> dict[str, str]:
    """The /OCOP... entries of the document information as it was signed: {"Kind": ..., "Number": ..., ...}."""
    try:
        info = reader.get_historical_resolver(revision).trailer_view.get("/Info")
        info = info.get_object() if info is not None else {}
        return {
            str(key)[5:]: str(value.get_object())[:MAX_FACT]
            for key, value in list(info.items())[:MAX_ENTRIES]
            if str(key).startswith("/OCOP")
        }
    except Exception:  # a damaged information dictionary says nothing about the signature
        return {}


def _not_after(cert) -> datetime.datetime:
    return cert["tbs_certificate"]["validity"]["not_after"].native


def check_pdf(data: bytes) -> SignatureCheck:
    check = SignatureCheck()
    if b"%PDF-" not in data[:HEADER_WINDOW]:
        check.problems.append(_("Tệp không phải là tệp PDF."))
        return check
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception:
        check.problems.append(_("Không đọc được tệp PDF: tệp bị hỏng."))
        return check
    if not signatures:
        check.problems.append(_("Tệp không có chữ ký số."))
        return check
    check.signed = True
    signature = signatures[-1]  # the latest covers the most
    try:
        _judge(check, reader, signature)
    except Exception:
        log.warning("could not validate an uploaded signature", exc_info=True)
        check.intact = check.trusted = check.valid = False
        check.problems.append(_("Không kiểm tra được chữ ký số của tệp: chữ ký bị hỏng hoặc không đúng chuẩn."))
    return check


def _judge(check: SignatureCheck, reader: PdfFileReader, signature) -> None:
    cert = signature.signer_cert
    check.signer_name, check.agency = subject_parts(cert)
    check.expires_at = _not_after(cert)
    facts = _read_identity(reader, signature.signed_revision)
    check.kind, check.number = facts.pop("Kind", ""), facts.pop("Number", "")
    check.facts = facts
    status = outside_event_loop(validate_pdf_signature, signature, signer_validation_context=validation_context())

    check.signed_at = status.signer_reported_dt
    stamp = status.timestamp_validity
    if stamp is not None and stamp.intact and stamp.valid and stamp.trusted:
        check.signed_at, check.timestamped = stamp.timestamp, True

    sound = status.intact and status.valid
    untouched = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or status.modification_level in UNCHANGED
    check.intact = sound and untouched
    if not sound:
        check.problems.append(_("Nội dung tệp đã bị thay đổi sau khi ký: chữ ký không còn khớp với tệp."))
    elif not untouched:
        check.problems.append(_("Tệp đã được sửa hoặc thêm nội dung sau khi ký."))

    now = datetime.datetime.now(datetime.UTC)
    moment = check.signed_at if check.timestamped else now
    check.signer_expired = check.expires_at <= moment
    problem = status.trust_problem_indic
    if check.signer_expired or problem in EXPIRY:
        # Judge the chain as it stood while the certificate was in force, to tell expiry from a stranger.
        check.signer_expired = True
        before_end = check.expires_at - datetime.timedelta(minutes=1)
        problem = outside_event_loop(
            validate_pdf_signature,
            signature,
            signer_validation_context=validation_context(moment=before_end, retroactive=True),
            skip_diff=True,
        ).trust_problem_indic
        check.problems.append(
            _("Chứng thư số của người ký đã hết hạn ngày %(date)s.") % {"date": f"{check.expires_at:%d/%m/%Y}"}
        )
    check.revoked = problem in REVOCATION
    check.trusted = problem is None or problem in EXPIRY
    if check.revoked:
        check.trusted = False
        check.problems.append(_("Chứng thư số của người ký đã bị thu hồi."))
    elif not check.trusted:
        check.problems.append(
            _("Chữ ký không do tổ chức chứng thực mà nền tảng tin cậy cấp: không xác định được người ký.")
        )
    check.valid = check.intact and check.trusted and not check.signer_expired and not check.revoked
