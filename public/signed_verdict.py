"""The one-line answer of the signed-file check, from the signature's check and the certificate's match."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from certificates.signed_files import CertificateMatch
from signing.checking import SignatureCheck


@dataclass(frozen=True)
class Verdict:
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
