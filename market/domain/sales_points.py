"""The OCOP introduction and sales points: kept by the officers of their area, who give their operators accounts;
the operator keeps its opening hours, contacts and open or closed, and the products it carries (the officers may
too). Only a product whose certificate shows a star today is put on a shelf, and the shelf is told (nightly, once per
certificate and event) when a product it carries is due for renewal, expires or is withdrawn, so that no shelf sells
an expired star."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import domain as accounts_domain
from accounts import people
from accounts.models import Role, User
from areas.domain import current_units
from areas.models import Area
from audit import domain as audit
from audit.models import AuditEntry
from certificates.models import SHOWS_STAR, Certificate, CertificateStatus
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
    PermissionDenied unless `by` is an officer of that commune (and, for a change, of the one it was in), or, for a
    change of only the fields its operator keeps (`rules.OPERATOR_FIELDS`), one of its operator's accounts."""
    created = sales_point.pk is None
    before = None
    if not created:
        stored = SalesPoint.objects.get(pk=sales_point.pk)
        allowed = rules.sales_point_fields_for(by, stored, SALES_POINT_FIELDS)
        was, now = audit.snapshot(stored, SALES_POINT_FIELDS), audit.snapshot(sales_point, SALES_POINT_FIELDS)
        if not allowed or any(was[name] != now[name] for name in SALES_POINT_FIELDS if name not in allowed):
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
    if not rules.sales_point_fields_for(by, sales_point, SALES_POINT_FIELDS):
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


def set_products(*, sales_point: SalesPoint, products: Iterable, by, today: datetime.date | None = None) -> SalesPoint:
    """Replace the list of OCOP products the sales point carries. A product put on the shelf must have a current
    certificate that shows a star `today`; one already carried may stay or be taken off whatever its certificate
    says now (the nightly notice tells the shelf). Raises PermissionDenied unless `by` keeps the shelf (the officers
    of its area, its operator: `rules.can_keep_shelf`). Audited."""
    if not rules.can_keep_shelf(by, sales_point):
        raise PermissionDenied
    today = today or timezone.localdate()
    chosen = list(dict.fromkeys(products))
    carried = set(sales_point.products.values_list("pk", flat=True))
    added = Product.objects.filter(pk__in=[p.pk for p in chosen if p.pk not in carried]).order_by("name", "pk")
    for product in with_current_certificate(added):
        certificate = current_certificate(product)
        if certificate is None or certificate.status_on(today) not in SHOWS_STAR:
            message = _(
                "%(product)s không có giấy chứng nhận OCOP còn hiệu lực: chỉ bày bán sản phẩm đang được công nhận."
            ) % {"product": product}
            raise ValidationError({"products": ValidationError(message, code="sales_point_uncertified")})
    before = _snapshot(sales_point)
    with transaction.atomic():
        sales_point.products.set(chosen)
        sales_point.save(update_fields=["updated_at"])
        audit.record(
            actor=by, action=AuditEntry.Action.UPDATE, obj=sales_point, before=before, after=_snapshot(sales_point)
        )
    return sales_point


@dataclass(frozen=True)
class ShelfItem:
    """A product a sales point carries, with its current certificate (or None) and that certificate's status
    today (`Certificate.status_on`, the one status rule)."""

    product: Product
    certificate: Certificate | None
    status: str | None

    @property
    def shows_star(self) -> bool:
        return self.status in SHOWS_STAR

    @property
    def due_for_renewal(self) -> bool:
        return self.status == CertificateStatus.DUE_FOR_RENEWAL

    @property
    def valid_until(self) -> datetime.date | None:
        """The last day the certificate holds: its extension's while it is extended, otherwise its expiry."""
        if self.certificate is None:
            return None
        if self.status == CertificateStatus.EXTENDED:
            return self.certificate.extended_until
        return self.certificate.expires_on


def shelf(sales_point: SalesPoint, *, today: datetime.date) -> list[ShelfItem]:
    """The products `sales_point` carries, by name, each with its current certificate's status on `today`."""
    products = with_current_certificate(sales_point.products.select_related("producer").order_by("name", "pk"))
    items = []
    for product in products:
        certificate = current_certificate(product)
        items.append(ShelfItem(product, certificate, certificate.status_on(today) if certificate else None))
    return items


def operator_accounts(sales_point: SalesPoint):
    """The sales point's operator accounts that may sign in, by user name."""
    return sales_point.users.filter(role=Role.SALES_POINT, is_active=True).order_by("username")


def _access(sales_point: SalesPoint) -> dict:
    return {"accounts": list(operator_accounts(sales_point).values_list("username", flat=True))}


def grant_access(*, sales_point: SalesPoint, email: str, by) -> User:
    """Give the sales point's operator an account for `email`: it is opened with no password and its holder is
    e-mailed a link to set one (`accounts.domain.invite_account`). Raises PermissionDenied unless `by` keeps the
    sales point (`rules.can_edit_sales_point`). Side effects: the account's audit entry, and one on the sales point
    with its accounts before and after; the e-mail after commit."""
    if not rules.can_edit_sales_point(by, sales_point):
        raise PermissionDenied
    with transaction.atomic():
        before = _access(sales_point)
        user = accounts_domain.invite_account(
            by=by,
            email=email,
            role=Role.SALES_POINT,
            what=_("điểm bán %(name)s") % {"name": sales_point.name},
            sales_point=sales_point,
        )
        audit.record(
            actor=by, action=AuditEntry.Action.UPDATE, obj=sales_point, before=before, after=_access(sales_point)
        )
    return user


def remove_access(*, sales_point: SalesPoint, account: User, by) -> User:
    """Take an operator account off the sales point: it is closed (`accounts.domain.close_account`) and unlinked.
    Raises PermissionDenied unless `by` keeps the sales point and the account is one of its own. Side effects: the
    account's audit entry and one on the sales point, as `grant_access`."""
    if not rules.can_edit_sales_point(by, sales_point) or account.sales_point_id != sales_point.pk:
        raise PermissionDenied
    with transaction.atomic():
        before = _access(sales_point)
        accounts_domain.close_account(user=account, by=by, sales_point=None)
        audit.record(
            actor=by, action=AuditEntry.Action.UPDATE, obj=sales_point, before=before, after=_access(sales_point)
        )
    return account


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
    """Tell every open sales point (by e-mail to its contact address, and its operator's accounts in the platform
    and by e-mail) and its keepers (the officers of its area, in the platform and by e-mail) about
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
                    keepers = [
                        *people.sales_point_users(sales_point.pk),
                        *people.area_officers(commune_id=sales_point.commune_id, province_id=sales_point.province_id),
                    ]
                notify(
                    users=keepers,
                    message=_message(kind, sales_point, product, certificate),
                    url=reverse("market:sales_point", args=[sales_point.code]),
                    addresses=[sales_point.email],
                )
                sent += 1
    return sent
