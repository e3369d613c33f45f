"""What the public catalogue lists: recognised products only — those with at least one certificate. By default
only those whose current certificate shows a star today (active, due for renewal, extended); the others (its
certificate expired or withdrawn) only on request, listed without a star. The star a product shows, and the
star filter, come from its current certificate's status today."""

import datetime

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from areas.models import Area
from certificates.models import Certificate
from certificates.queries import showing_star, with_current_certificate
from criteria.models import ProductGroup
from producers.models import Producer
from products.models import Product, ProductImage

CURRENT_LEGAL_VERSION = "QD26_2026"


def _first_thumbnail(product_ref: str = "pk") -> Subquery:
    return Subquery(
        ProductImage.objects.filter(product=OuterRef(product_ref)).order_by("position", "id").values("thumbnail")[:1]
    )


def recognised_products() -> QuerySet:
    """Products with at least one certificate, with what a card shows: producer, province, the first
    thumbnail (a subquery, not a prefetch) and the current certificate (one prefetch for the whole page)."""
    products = Product.objects.filter(Exists(Certificate.objects.filter(product=OuterRef("pk"))))
    products = products.select_related("producer__current_province").annotate(thumbnail=_first_thumbnail())
    return with_current_certificate(products).order_by("name", "id")


def recognised_producers() -> QuerySet:
    return Producer.objects.filter(Exists(Certificate.objects.filter(product__producer=OuterRef("pk"))))


def filter_products(
    products: QuerySet,
    *,
    day: datetime.date,
    q: str = "",
    sao: str = "",
    nganh: str = "",
    nhom: str = "",
    tinh: str = "",
    xa: str = "",
    loai: str = "",
    tat_ca: bool = False,
) -> QuerySet:
    """Apply the catalogue's filters (the cleaned values of `CatalogueFilterForm`). Without `tat_ca`, only
    products showing a star; a star filter always asks for that star."""
    if q.strip():
        # A product's search key holds its name and its producer's, without diacritics.
        products = products.search(q)
    if sao or not tat_ca:
        products = showing_star(products, day=day, stars=int(sao) if sao else None)
    if nganh:
        products = products.filter(criteria_set__group__sector__numeral=nganh)
    if nhom:
        products = products.filter(criteria_set__group__code=nhom)
    if tinh:
        products = products.filter(producer__current_province__code=tinh, producer__current_province__era="2025")
    if xa:
        products = products.filter(producer__current_commune__code=xa, producer__current_commune__era="2025")
    if loai:
        products = products.filter(producer__kind=loai)
    return products


def filter_choices(province_code: str) -> dict:
    """Choices of the filter form: groups (with their sectors), today's provinces, and the communes of the
    chosen province that have a recognised producer."""
    groups = list(
        ProductGroup.objects.filter(sector__legal_version__code=CURRENT_LEGAL_VERSION)
        .select_related("sector")
        .order_by("sector_id", "id")
    )
    provinces = list(Area.objects.current().filter(level=Area.Level.PROVINCE).order_by("name"))
    communes = []
    if province_code:
        communes = list(
            Area.objects.current()
            .filter(level=Area.Level.COMMUNE, parent__code=province_code)
            .filter(Exists(recognised_producers().filter(current_commune=OuterRef("pk"))))
            .order_by("name")
        )
    return {"groups": groups, "provinces": provinces, "communes": communes}
