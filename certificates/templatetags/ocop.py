"""Stars and certificate status in templates. A star is shown only from a certificate whose status on the
day shows one (active, due for renewal, extended): a withdrawn, expired or superseded certificate never does.

    {% load ocop %}
    {% ocop_stars product %}        the product's current certificate (prefetch it in lists with
                                    `certificates.queries.with_current_certificate`)
    {% ocop_stars certificate %}    a given certificate
    {% certificate_status certificate %}   its status in words, as a badge
"""

from django import template
from django.utils import timezone

from ..models import NO_REEVALUATION, SHOWS_STAR, Certificate, CertificateStatus
from ..queries import current_certificate
from ..validity import filing_window

register = template.Library()

BADGE = {
    CertificateStatus.ACTIVE: "verified",
    CertificateStatus.DUE_FOR_RENEWAL: "pending",
    CertificateStatus.EXTENDED: "pending",
    CertificateStatus.EXPIRED: "rejected",
    CertificateStatus.WITHDRAWN: "rejected",
    CertificateStatus.SUPERSEDED: "",
}


def _certificate(subject) -> Certificate | None:
    if isinstance(subject, Certificate):
        return subject
    # A product: the model a certificate belongs to, named through the relation (products is the layer above).
    if isinstance(subject, Certificate._meta.get_field("product").related_model):
        return current_certificate(subject)
    return None


@register.inclusion_tag("certificates/_stars.html")
def ocop_stars(subject, on=None):
    """The star badge of a product or certificate, or nothing."""
    certificate = _certificate(subject)
    day = on or timezone.localdate()
    shows = certificate is not None and certificate.status_on(day) in SHOWS_STAR
    return {"stars": certificate.stars if shows else None, "glyphs": "★" * certificate.stars if shows else ""}


@register.inclusion_tag("certificates/_status.html")
def certificate_status(certificate, on=None):
    status = certificate.status_on(on or timezone.localdate())
    return {"status": status, "badge": BADGE[status]}


@register.filter(name="filing_window")
def filing_window_filter(certificate: Certificate) -> tuple | None:
    """(first day, last day) to file the re-evaluation dossier; None for a certificate nothing is filed for
    any more (withdrawn, superseded)."""
    if certificate.status_on(timezone.localdate()) in NO_REEVALUATION:
        return None
    return filing_window(certificate.expires_on)
