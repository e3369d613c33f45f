"""Who may file which kind of dossier, and when (QĐ 26/2026 Điều 6.1, 7.5, 7.6.a, 12.3).

- First-time evaluation: refused while the product holds a certificate that still shows its star (active,
  due for renewal, or extended for a late filer) — that product files an upgrade or a re-evaluation instead.
- Upgrade: needs the product's current certificate to be active or due for renewal, and below 5 stars.
- Re-evaluation: filed from 180 to 120 days before the certificate expires. A late filer (within 120 days
  of expiry, or expired less than 180 days ago) may still file; the certificate is then extended until the
  decision (done at submission, by `certificates.domain.extend_for_late_filing`). Earlier than 180 days
  before expiry, or 180 days or more after it, is refused."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from certificates.models import NO_REEVALUATION, Certificate, CertificateStatus
from certificates.queries import current_certificate
from certificates.validity import filing_window, grace_limit

from ..models import ApplicationKind

HOLDS_STAR = {CertificateStatus.ACTIVE, CertificateStatus.DUE_FOR_RENEWAL, CertificateStatus.EXTENDED}
UPGRADABLE = {CertificateStatus.ACTIVE, CertificateStatus.DUE_FOR_RENEWAL}
TOP_STARS = 5


@dataclass(frozen=True)
class Filing:
    """The outcome of the filing rules: the certificate the dossier follows up (None for a first-time
    dossier) and whether a re-evaluation is filed late."""

    certificate: Certificate | None
    late: bool = False


def _d(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def check_filing(*, kind: str, product, on: datetime.date) -> Filing:
    """Apply the filing rules to `product` for a dossier of `kind` filed on `on`; raise a ValidationError
    (on the field "kind") that says what to do instead when the dossier may not be filed."""
    certificate = current_certificate(product)
    status = certificate.status_on(on) if certificate else None

    def refuse(message: str, **params) -> ValidationError:
        return ValidationError({"kind": [message % params]})

    if kind == ApplicationKind.FIRST:
        if status in HOLDS_STAR:
            raise refuse(
                _(
                    "Sản phẩm đang có giấy chứng nhận OCOP số %(number)s (%(stars)s sao, hết hạn %(expires)s): "
                    "hãy đăng ký nâng hạng hoặc đánh giá lại, không đăng ký lần đầu."
                ),
                number=certificate.number,
                stars=certificate.stars,
                expires=_d(certificate.expires_on),
            )
        return Filing(certificate=None)

    if kind == ApplicationKind.UPGRADE:
        if status not in UPGRADABLE:
            raise refuse(_("Chỉ đăng ký nâng hạng khi sản phẩm có giấy chứng nhận OCOP còn hiệu lực."))
        if certificate.stars >= TOP_STARS:
            raise refuse(_("Sản phẩm đã đạt 5 sao, không thể nâng hạng."))
        return Filing(certificate=certificate)

    if kind == ApplicationKind.REEVALUATION:
        if status is None or status in NO_REEVALUATION:
            raise refuse(_("Sản phẩm không có giấy chứng nhận OCOP để đánh giá lại: hãy đăng ký đánh giá lần đầu."))
        opens, closes = filing_window(certificate.expires_on)
        if on < opens:
            raise refuse(
                _(
                    "Chưa đến thời hạn nộp hồ sơ đánh giá lại: giấy chứng nhận số %(number)s hết hạn ngày "
                    "%(expires)s, hồ sơ nộp từ ngày %(opens)s đến ngày %(closes)s."
                ),
                number=certificate.number,
                expires=_d(certificate.expires_on),
                opens=_d(opens),
                closes=_d(closes),
            )
        if on >= grace_limit(certificate.expires_on):
            raise refuse(
                _(
                    "Giấy chứng nhận số %(number)s đã hết hạn từ ngày %(expires)s, quá 180 ngày: không thể đánh "
                    "giá lại, hãy đăng ký đánh giá lần đầu."
                ),
                number=certificate.number,
                expires=_d(certificate.expires_on),
            )
        return Filing(certificate=certificate, late=on > closes)

    raise refuse(_("Loại đăng ký không hợp lệ."))
