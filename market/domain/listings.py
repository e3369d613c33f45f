"""A product's listings on e-commerce marketplaces and on its producer's own shop, and the certifications it holds
(VietGAP, organic...) that buyers' demands require."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit import domain as audit
from audit.models import AuditEntry
from products.rules import can_edit_product

from .. import rules
from ..links import check_listing_url
from ..models import Listing, ProductCertification

LISTING_FIELDS = ["product", "marketplace", "url"]
CERTIFICATION_FIELDS = ["product", "kind", "number", "valid_until"]


def add_listing(*, product, marketplace: str, url: str, by) -> Listing:
    """Link `product`'s page on `marketplace`. The address is checked (`market.links.check_listing_url`). Audited.
    Raises PermissionDenied unless `by` may edit the product, ValidationError for a refused address or one
    already linked."""
    listing = Listing(product=product, marketplace=marketplace, url=url)
    if not rules.can_edit_listing(by, listing):
        raise PermissionDenied
    try:
        listing.url = check_listing_url(url)
    except ValidationError as error:
        raise ValidationError({"url": error}) from None
    if Listing.objects.filter(product=product, url=listing.url).exists():
        raise ValidationError({"url": ValidationError(_("Đường dẫn này đã có."), code="listing_twice")})
    with transaction.atomic():
        listing.full_clean()
        listing.save()
        audit.record(
            actor=by, action=AuditEntry.Action.CREATE, obj=listing, after=audit.snapshot(listing, LISTING_FIELDS)
        )
    return listing


def remove_listing(*, listing: Listing, by) -> None:
    if not rules.can_edit_listing(by, listing):
        raise PermissionDenied
    with transaction.atomic():
        audit.record(
            actor=by, action=AuditEntry.Action.DELETE, obj=listing, before=audit.snapshot(listing, LISTING_FIELDS)
        )
        listing.delete()


def declare_certification(*, product, kind: str, number: str, valid_until=None, by) -> ProductCertification:
    """Declare (or renew) a certification `product` holds, e.g. VietGAP: one per kind, the new number and validity
    replacing the old. Demands that require it match the product while it is valid. Audited. Raises
    PermissionDenied unless `by` may edit the product."""
    if not can_edit_product(by, product):
        raise PermissionDenied
    if not number.strip():
        raise ValidationError({"number": _("Hãy ghi số giấy chứng nhận.")})
    with transaction.atomic():
        held = ProductCertification.objects.filter(product=product, kind=kind).first()
        before = audit.snapshot(held, CERTIFICATION_FIELDS) if held else None
        held = held or ProductCertification(product=product, kind=kind)
        held.number, held.valid_until = number.strip(), valid_until
        held.full_clean()
        held.save()
        audit.record(
            actor=by,
            action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
            obj=held,
            before=before,
            after=audit.snapshot(held, CERTIFICATION_FIELDS),
        )
    return held
