"""The OCOP introduction and sales points: kept by the officers of their area, with the products they carry, and
told (nightly, once per certificate and event) when a product they carry is due for renewal, expires or is
withdrawn, so that no shelf sells an expired star."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import people
from areas.domain import current_units
from areas.models import Area
from audit import domain as audit
from audit.models import AuditEntry
from certificates.models import Certificate, CertificateStatus
from certificates.queries import current_certificate, with_current_certificate
from notifications.domain import notify
from products.models import Product

from .. import rules
from ..models import SalesPoint, SalesPointNotice

SALES_POINT_FIELDS = [
    "name",
    "operator",
    "address",
    "area",
    "opening_hours",
    "phone",
    "email",
    "decision_number",
    "decision_date",
    "latitude",
    "longitude",
    "is_open",
]


def _snapshot(sales_point: SalesPoint) -> dict:
    return {
        **audit.snapshot(sales_point, SALES_POINT_FIELDS),
        "products": sorted(p.name for p in sales_point.products.all()) if sales_point.pk else [],
    }


def save_sales_point(*, sales_point: SalesPoint, by) -> SalesPoint:
    """Create or change a sales point, in a commune of today (its province follows). Audited. Raises
    PermissionDenied unless `by` is an officer of that commune (and, for a change, of the one it was in)."""
    created = sales_point.pk is None
    before = None
    if not created:
        stored = SalesPoint.objects.get(pk=sales_point.pk)
        if not rules.can_edit_sales_point(by, stored):
            raise PermissionDenied
        before = _snapshot(stored)
    area = sales_point.area if sales_point.area_id else None
    if area is None or not (area.is_current and area.level == Area.Level.COMMUNE):
        raise ValidationError(
            {"area": ValidationError(_("Chọn xã, phường hiện nay của điểm bán."), code="sales_point_area")}
        )
    if (sales_point.latitude is None) != (sales_point.longitude is None):
        raise ValidationError(_("Ghi cả vĩ độ và kinh độ, hoặc để trống cả hai."), code="sales_point_position")
    sales_point.commune, sales_point.province = current_units(area)
    if not rules.can_edit_sales_point(by, sales_point):
        raise PermissionDenied
    with transaction.atomic():
        sales_point.full_clean()
        sales_point.save()
        audit.record(
            actor=by,
            action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
            obj=sales_point,
            before=before,
            after=_snapshot(sales_point),
        )
    return sales_point


def set_products(*, sales_point: SalesPoint, products: Iterable, by) -> SalesPoint:
    """Replace the list of OCOP products the sales point carries: products with a certificate (shoppers see only
    those whose certificate shows a star today). Audited."""
    if not rules.can_edit_sales_point(by, sales_point):
        raise PermissionDenied
    chosen = list(products)
    uncertified = Product.objects.filter(pk__in=[p.pk for p in chosen]).exclude(
        Exists(Certificate.objects.filter(product=OuterRef("pk")))
    )
    product = uncertified.first()
    if product is not None:
        message = _("%(product)s chưa được chứng nhận OCOP.") % {"product": product}
        raise ValidationError({"products": ValidationError(message, code="sales_point_uncertified")})
    before = _snapshot(sales_point)
    with transaction.atomic():
        sales_point.products.set(chosen)
        sales_point.save(update_fields=["updated_at"])
        audit.record(
            actor=by, action=AuditEntry.Action.UPDATE, obj=sales_point, before=before, after=_snapshot(sales_point)
        )
    return sales_point


# The statuses a shelf must hear about, and the notice each is.
NOTICE_FOR = {
    CertificateStatus.DUE_FOR_RENEWAL: SalesPointNotice.Kind.DUE_FOR_RENEWAL,
    CertificateStatus.EXPIRED: SalesPointNotice.Kind.EXPIRED,
    CertificateStatus.WITHDRAWN: SalesPointNotice.Kind.WITHDRAWN,
}


def _message(kind: str, sales_point: SalesPoint, product, certificate) -> str:
    values = {"point": sales_point.name, "product": product.name, "number": certificate.number}
    if kind == SalesPointNotice.Kind.DUE_FOR_RENEWAL:
        return (
            _(
                "%(point)s: giấy chứng nhận OCOP %(number)s của %(product)s sắp hết hạn (chủ thể đang đến hạn đánh giá "
                "lại)."
            )
            % values
        )
    if kind == SalesPointNotice.Kind.EXPIRED:
        return (
            _("%(point)s: giấy chứng nhận OCOP %(number)s của %(product)s đã hết hiệu lực; không bày bán với sao OCOP.")
            % values
        )
    return (
        _("%(point)s: giấy chứng nhận OCOP %(number)s của %(product)s đã bị thu hồi; không bày bán với sao OCOP.")
        % values
    )


def notify_sales_points(*, today: datetime.date) -> int:
    """Tell every open sales point (by e-mail to its contact address) and its keepers (the officers of its area, in
    the platform and by e-mail) about
    each product it carries whose current certificate is due for renewal, expired or withdrawn on `today`: once
    per sales point, certificate and status, so the nightly run is safe to repeat or to kill midway (each
    notice is written with its notification, in its own transaction). Returns how many notices were sent."""
    sent = 0
    points = SalesPoint.objects.filter(is_open=True).prefetch_related("products")
    for sales_point in points.order_by("pk"):
        products = with_current_certificate(sales_point.products.all())
        keepers = None
        for product in products:
            certificate = current_certificate(product)
            if certificate is None:
                continue
            kind = NOTICE_FOR.get(certificate.status_on(today))
            if kind is None:
                continue
            with transaction.atomic():
                _notice, created = SalesPointNotice.objects.get_or_create(
                    sales_point=sales_point, certificate=certificate, kind=kind
                )
                if not created:
                    continue
                if keepers is None:
                    keepers = people.area_officers(
                        commune_id=sales_point.commune_id, province_id=sales_point.province_id
                    )
                notify(
                    users=keepers,
                    message=_message(kind, sales_point, product, certificate),
                    url=reverse("market:sales_point", args=[sales_point.code]),
                    addresses=[sales_point.email],
                )
                sent += 1
    return sent
