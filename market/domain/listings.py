"""A product's listings on e-commerce marketplaces and on its producer's own shop."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit import domain as audit
from audit.models import AuditEntry

from .. import rules
from ..links import check_listing_url
from ..models import Listing

LISTING_FIELDS = ["product", "marketplace", "url"]


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
