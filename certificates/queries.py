"""Reading certificates: a product's current certificate, and the read-time status (Certificate.status_on)
expressed as a database filter, so lists can filter by status without loading every row."""

import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from .models import RENEWAL_WINDOW_OPENS_DAYS, Certificate, CertificateStatus

CURRENT_ATTR = "current_certificates"


def _current_queryset() -> QuerySet:
    # Newest first: a product whose last certificate was withdrawn or expired shows no star, even if an
    # older one was never marked superseded.
    return Certificate.objects.filter(superseded_by__isnull=True).order_by("-issued_on", "-id")


def current_certificate(product) -> Certificate | None:
    """The product's current certificate: its newest one that no later certificate replaced. It may be
    expired or withdrawn; ask its `status_on(day)` (or use `{% ocop_stars %}`) before showing a star.
    Uses the list prefetched by `with_current_certificate` when there is one."""
    prefetched = getattr(product, CURRENT_ATTR, None)
    if prefetched is not None:
        return prefetched[0] if prefetched else None
    return _current_queryset().filter(product=product).first()


def with_current_certificate(products: QuerySet) -> QuerySet:
    """`products` with their current certificate prefetched (one extra query for the whole list), for
    lists that show stars with `{% ocop_stars product %}`."""
    return products.prefetch_related(Prefetch("certificates", queryset=_current_queryset(), to_attr=CURRENT_ATTR))


def status_q(status: str, day: datetime.date) -> Q:
    """The rows whose `status_on(day)` is `status`, as a filter (mirrors Certificate.status_on)."""
    withdrawn = Q(withdrawn_on__isnull=False, withdrawn_on__lte=day)
    live = ~withdrawn & Q(superseded_by__isnull=True)
    past_expiry = Q(expires_on__lt=day)
    extended = Q(extended_until__isnull=False, extended_until__gte=day)
    window_opens = day + datetime.timedelta(days=RENEWAL_WINDOW_OPENS_DAYS)
    return {
        CertificateStatus.WITHDRAWN: withdrawn,
        CertificateStatus.SUPERSEDED: ~withdrawn & Q(superseded_by__isnull=False),
        CertificateStatus.EXPIRED: live & past_expiry & ~extended,
        CertificateStatus.EXTENDED: live & past_expiry & extended,
        CertificateStatus.DUE_FOR_RENEWAL: live & Q(expires_on__gte=day, expires_on__lte=window_opens),
        CertificateStatus.ACTIVE: live & Q(expires_on__gt=window_opens),
    }[CertificateStatus(status)]


def showing_star_q(day: datetime.date) -> Q:
    """Certificates whose status on `day` shows a star (active, due for renewal, extended)."""
    return (
        status_q(CertificateStatus.ACTIVE, day)
        | status_q(CertificateStatus.DUE_FOR_RENEWAL, day)
        | status_q(CertificateStatus.EXTENDED, day)
    )


def showing_star(products: QuerySet, *, day: datetime.date, stars: int | None = None) -> QuerySet:
    """Products whose current certificate (the newest not replaced) shows a star on `day` — `stars` stars, when
    given — annotated with `current_certificate_id` and `current_stars`, for lists that sort or count by them."""
    current = _current_queryset().filter(product=OuterRef("pk"))
    starred = Certificate.objects.filter(showing_star_q(day), pk=OuterRef("current_certificate_id"))
    if stars is not None:
        starred = starred.filter(stars=stars)
    return products.annotate(
        current_certificate_id=Subquery(current.values("pk")[:1]), current_stars=Subquery(current.values("stars")[:1])
    ).filter(Exists(starred))
