"""A signed certificate file brought back (the public check): does what its signature vouches for — number,
product, stars, issue and end dates, as `pdf.signed_facts` wrote them — match the certificate the platform
holds, and what is that certificate's status today? A certificate withdrawn after it was printed still matches:
the file was genuine, and the page says it is withdrawn now."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from signing.checking import SignatureCheck
from signing.kinds import DocumentKind

from .models import SHOWS_STAR, Certificate, CertificateStatus


@dataclass
class CertificateMatch:
    number: str
    certificate: Certificate | None = None
    matches: bool = False
    status: CertificateStatus | None = None
    shows_star: bool = False
    printed_status: CertificateStatus | None = None  # the status the file was printed with
    differences: list[str] = field(default_factory=list)


def match_certificate(check: SignatureCheck, *, today: datetime.date) -> CertificateMatch | None:
    """None when the file does not claim to be a certificate (or its claim cannot be believed: changed after
    signing)."""
    if check.kind != DocumentKind.CERTIFICATE or not check.number or not check.intact:
        return None
    match = CertificateMatch(number=check.number)
    certificate = (
        Certificate.objects.select_related("product__producer", "province", "withdrawal")
        .filter(number=check.number)
        .first()
    )
    if certificate is None:
        match.differences.append(_("Nền tảng không có giấy chứng nhận số %(number)s.") % {"number": check.number})
        return match
    match.certificate = certificate
    match.status = certificate.status_on(today)
    match.shows_star = match.status in SHOWS_STAR
    facts = check.facts
    printed = facts.get("Status", "")
    match.printed_status = CertificateStatus(printed) if printed in CertificateStatus.values else None
    expected = {
        "Product": (certificate.product.code, _("sản phẩm")),
        "Stars": (str(certificate.stars), _("hạng sao")),
        "IssuedOn": (certificate.issued_on.isoformat(), _("ngày cấp")),
        "ValidUntil": (certificate.expires_on.isoformat(), _("ngày hết hiệu lực")),
    }
    for name, (value, label) in expected.items():
        if facts.get(name) != value:
            match.differences.append(_("Tệp ghi %(label)s khác với giấy chứng nhận trên nền tảng.") % {"label": label})
    match.matches = not match.differences
    return match


@dataclass(frozen=True)
class Verdict:
    """The one-line answer of the signed-file check (the public page, the API)."""

    tone: str  # the verdict block's colour: genuine, withdrawn (a warning), unknown (a failure)
    headline: str
    parts: list[str]


def verdict(check: SignatureCheck, match: CertificateMatch | None, *, expected: str = "") -> Verdict:
    if not check.signed:
        return Verdict("unknown", _("Tệp không có chữ ký số hợp lệ"), [])
    if not check.valid:
        return Verdict("unknown", _("Chữ ký số không hợp lệ"), list(check.problems))
    parts = [_("chữ ký hợp lệ")]
    if expected and check.number != expected:
        return Verdict(
            "unknown",
            _("Tệp này không phải giấy chứng nhận số %(number)s") % {"number": expected},
            parts,
        )
    if match is None:
        return Verdict("genuine", _("Chữ ký số hợp lệ"), parts)
    if not match.matches:
        return Verdict("unknown", _("Chữ ký hợp lệ nhưng không khớp với giấy chứng nhận trên nền tảng"), parts)
    parts.append(_("khớp với giấy chứng nhận trên nền tảng"))
    if match.shows_star:
        parts.append(_("đang có hiệu lực"))
        tone = "genuine"
    else:
        parts.append(_("hiện %(status)s") % {"status": match.status.label.lower()})
        tone = "withdrawn"
    headline = ", ".join(parts)
    return Verdict(tone, headline[:1].upper() + headline[1:], parts)
