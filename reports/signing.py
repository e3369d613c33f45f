"""The signed report export: a report's PDF carries the signature of the agency that issues it, the REPORT key of
the user's own province (the central one for the national roles), when that agency has configured one that
signs unattended (a PKCS#12 file: a token would need its holder's PIN for every download)."""

from django.utils.translation import gettext as _

from areas.models import Area
from signing.documents import needs_pin, setup_for, sign_pdf
from signing.kinds import DocumentKind

REPORT = DocumentKind.REPORT


def issuing_province(user) -> Area | None:
    """The agency a user's export is issued by: their province (a commune officer's is their commune's), none
    for the national roles (the central level)."""
    if user.is_national or user.area is None:
        return None
    area = user.area
    return area if area.level == Area.Level.PROVINCE else area.current_province or area.parent


def unsigned_reason(user) -> str:
    """Why this user's exports go out unsigned, or "" when they are signed."""
    province = issuing_province(user)
    if setup_for(kind=REPORT, province=province) is None:
        return _("Chưa cấu hình khóa ký số báo cáo cho %(where)s: bản PDF tải về không có chữ ký số.") % {
            "where": province.name if province else _("cấp trung ương")
        }
    if needs_pin(kind=REPORT, province=province):
        return _(
            "Khóa ký số báo cáo của %(where)s là thiết bị ký số cần mã PIN: bản PDF tải về không có chữ ký số."
        ) % {"where": province.name if province else _("cấp trung ương")}
    return ""


def signed_report(content: bytes, *, user, number: str) -> bytes:
    """`content` signed with the issuing agency's REPORT key, when `unsigned_reason` is empty; raises
    `signing.errors.SigningError` when the key is there but cannot sign (an expired certificate)."""
    if unsigned_reason(user):
        return content
    return sign_pdf(content, kind=REPORT, province=issuing_province(user), number=number, signer=user)
