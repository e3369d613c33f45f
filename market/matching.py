"""Matching a buyer's demand with certified products: which products fit, ranked, each with the reason of its rank.

A candidate is a product of the demand's group (or criteria set) whose current certificate shows a star on the day
(the certificate's status rule, `certificates`: an expired, withdrawn or superseded star never matches). Each of the
demand's requirements is then checked and explained, met or missed: the group or criteria set, the minimum star,
each certification required (valid on the day), the geographical indication; the distance from the producer's
commune to the delivery area comes with it. A product below the minimum star is left out when the demand says so
(`strict_min_stars`), otherwise ranked after every product that reaches it. Then: fewer requirements missed first,
nearer first, more stars first."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from areas.centroids import centroid
from certificates.models import SHOWS_STAR, Certificate
from certificates.queries import current_certificate, showing_star_q, with_current_certificate
from criteria.models import CriteriaSet
from products.models import IntellectualProperty, Product

from .models import Buyer, Certification, Demand, ProductCertification
from .rules import producer_of
from .where import distance_km


@dataclass(frozen=True)
class Check:
    """One requirement of the demand, for one product: `met` or missed, and what the product has."""

    requirement: str
    met: bool
    detail: str


@dataclass(frozen=True)
class Match:
    product: Product
    stars: int
    checks: tuple[Check, ...]
    distance: float | None  # km from the producer's commune to the delivery area, when both have a position
    below_min_stars: bool

    @property
    def missed(self) -> int:
        return sum(not check.met for check in self.checks)

    @property
    def fits_all(self) -> bool:
        return self.missed == 0


def certified(products, *, day: datetime.date):
    """`products` that have a certificate showing a star on `day` (the current one is checked again in `rank`), with
    what the checks read prefetched."""
    starred = Certificate.objects.filter(showing_star_q(day)).values("product_id")
    return with_current_certificate(
        products.filter(pk__in=starred).select_related("producer__current_commune", "criteria_set__group")
    ).prefetch_related("certifications", "ip_titles")


def _wanted(demand: Demand) -> Q:
    if demand.criteria_set_id:
        return Q(criteria_set_id=demand.criteria_set_id)
    return Q(criteria_set__group=demand.group_id)


def rank(demand: Demand, *, day: datetime.date, products=None, loaded=None) -> list[Match]:
    """The products that match `demand` on `day`, best first, each with its checks (see the module docstring): among
    `products` when given (a producer's own), or among `loaded`, products already read by `certified`."""
    if loaded is None:
        products = Product.objects.all() if products is None else products
        loaded = certified(products.filter(_wanted(demand)), day=day)
    else:
        loaded = [
            p
            for p in loaded
            if (p.criteria_set_id == demand.criteria_set_id)
            or (demand.criteria_set_id is None and p.criteria_set.group_id == demand.group_id)
        ]
    target = centroid(demand.delivery_area)
    matches = []
    for product in loaded:
        certificate = current_certificate(product)
        if certificate is None or certificate.status_on(day) not in SHOWS_STAR:
            continue
        below = certificate.stars < demand.min_stars
        if below and demand.strict_min_stars:
            continue
        origin = centroid(product.producer.current_commune) if product.producer.current_commune_id else None
        distance = round(distance_km(origin, target), 1) if origin and target else None
        matches.append(
            Match(product, certificate.stars, tuple(_checks(demand, product, certificate, day)), distance, below)
        )
    return sorted(
        matches,
        key=lambda m: (m.below_min_stars, m.missed, m.distance is None, m.distance or 0, -m.stars, m.product.name),
    )


def open_demands(*, day: datetime.date):
    """The demands producers may answer on `day`: open, their deadline not passed, their buyer verified."""
    return Demand.objects.filter(status=Demand.Status.OPEN, deadline__gte=day, buyer__status=Buyer.Status.VERIFIED)


def demands_for(producer, *, day: datetime.date) -> list[tuple[Demand, list[Match]]]:
    """The open demands (`open_demands`) that some of the producer's products match, newest first, each with those
    products' matches."""
    products = Product.objects.filter(producer=producer)
    sets = products.values("criteria_set_id")
    groups = CriteriaSet.objects.filter(pk__in=sets).values("group_id")
    demands = list(
        open_demands(day=day)
        .filter(Q(criteria_set_id__in=sets) | Q(criteria_set__isnull=True, group_id__in=groups))
        .select_related("buyer", "delivery_area", "group", "criteria_set")
    )
    # No open demand for its products (the usual case): its products are not read at all.
    loaded = list(certified(products, day=day)) if demands else []
    found = []
    for demand in demands:
        matches = rank(demand, day=day, loaded=loaded)
        if matches:
            found.append((demand, matches))
    return found


def _checks(demand: Demand, product: Product, certificate: Certificate, day: datetime.date):
    if demand.criteria_set_id:
        yield Check(_("Bộ sản phẩm"), True, str(product.criteria_set))
    else:
        yield Check(_("Nhóm sản phẩm"), True, str(product.criteria_set.group))
    yield Check(
        _("Hạng sao tối thiểu %(stars)s★") % {"stars": demand.min_stars},
        certificate.stars >= demand.min_stars,
        _("Đạt %(stars)s★ (giấy chứng nhận %(number)s)") % {"stars": certificate.stars, "number": certificate.number},
    )
    held = {c.kind: c for c in product.certifications.all() if _valid(c, day)}
    for kind in demand.certifications:
        if kind not in Certification.values:
            continue
        label = str(Certification(kind).label)
        title = held.get(kind)
        yield Check(
            _("Chứng nhận %(name)s") % {"name": label},
            title is not None,
            _("Có, số %(number)s") % {"number": title.number} if title else _("Không có chứng nhận còn hiệu lực"),
        )
    if demand.needs_gi:
        gi = next(
            (
                t
                for t in product.ip_titles.all()
                if t.kind == IntellectualProperty.Kind.GEOGRAPHICAL_INDICATION
                and t.status == IntellectualProperty.Status.GRANTED
            ),
            None,
        )
        yield Check(_("Chỉ dẫn địa lý"), gi is not None, gi.title if gi else _("Không gắn chỉ dẫn địa lý"))


def _valid(certification: ProductCertification, day: datetime.date) -> bool:
    return certification.valid_until is None or certification.valid_until >= day


def demand_for(user, code: str, *, day: datetime.date) -> Demand | None:
    """The demand `code` as `user` may reach it: through its scope (`visible_to`: its buyer, the province's
    officers, a producer that talks about it), or, for a producer's user, an open demand that some of its products
    match. None otherwise (a 404 for the pages and the API alike)."""
    demands = Demand.objects.select_related("buyer", "delivery_area", "group", "criteria_set")
    demand = demands.visible_to(user).filter(code=code).first()
    producer = producer_of(user)
    if demand is None and producer is not None:
        demand = open_demands(day=day).filter(code=code).first()
        if demand is not None and not rank(demand, day=day, products=producer.products.all()):
            demand = None
    return demand


def demands_seen_by(user, *, day: datetime.date):
    """Every demand `user` may reach (`demand_for`): those in its scope and, for a producer's user, the open demands
    its products match (`demands_for`)."""
    seen = Demand.objects.visible_to(user)
    producer = producer_of(user)
    if producer is None:
        return seen
    fitting = [demand.pk for demand, _matches in demands_for(producer, day=day)]
    return Demand.objects.filter(Q(pk__in=seen.values("pk")) | Q(pk__in=fitting))
