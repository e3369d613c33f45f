"""The open data sets, declared once: their fields (the data dictionary, in Vietnamese and English), the public
records they hold and how one record becomes a row. The files (`export`) and the public API lists
(`api/views/open_data.py`) both read them, so they hold the same rows.

Only what the public pages show: products whose current certificate shows a star today (the certificate's status
rule, `certificates.queries`), their verified producers with the public fields (a household's phone and e-mail are
a person's, and are left out), every certificate of those producers' products with its status today, the open
sales points (no e-mail), the events of the public calendar (`market.calendar`), and figures per province and for
the nation from the reports' certificate rollup."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from areas.models import Area
from certificates.models import Certificate
from certificates.queries import current_certificate, showing_star, with_current_certificate
from market.calendar import public_events
from market.models import SalesPoint
from producers.models import Producer, ProducerKind
from products.models import Product
from reports.models import CertificateFigure

# A household (hộ) is a person: its phone and e-mail are personal data.
PRIVATE_CONTACT_KINDS = {ProducerKind.HOUSEHOLD}


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Table Schema type: string, integer, number, date
    vi: tuple[str, str]  # title, description
    en: tuple[str, str]
    orderable: str = ""  # the ORM lookup the API orders by, when it may


@dataclass(frozen=True)
class Dataset:
    name: str
    vi: tuple[str, str]
    en: tuple[str, str]
    fields: tuple[Field, ...]
    records: Callable[[datetime.date], QuerySet]
    row: Callable[[object, datetime.date], dict]
    # The API's filters: the lookups `province` (today's province code) and `star` apply to, when they do.
    province: str = ""
    star: str = ""
    default_order: tuple[str, ...] = ("pk",)

    def ordered(self, day: datetime.date):
        """The records in the files' order (the API's default)."""
        records = self.records(day)
        return records.order_by(*self.default_order) if isinstance(records, QuerySet) else records

    def rows(self, day: datetime.date, records: Iterable | None = None) -> list[dict]:
        return [self.row(r, day) for r in (self.ordered(day) if records is None else records)]

    @property
    def orderings(self) -> dict[str, str]:
        return {f.name: f.orderable for f in self.fields if f.orderable}

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


def _code(area):
    return area.code if area is not None else None


def _name(area):
    return area.name if area is not None else None


def valid_until(certificate) -> datetime.date:
    return certificate.extended_until or certificate.expires_on


# Products ---------------------------------------------------------------------------------------------------


def starred_products(day: datetime.date) -> QuerySet:
    """Products whose current certificate (the newest that no later one replaced) shows a star on `day`."""
    products = showing_star(Product.objects.all(), day=day).filter(producer__status=Producer.Status.VERIFIED)
    products = products.select_related(
        "producer__current_province", "producer__current_commune", "criteria_set__group__sector"
    )
    return with_current_certificate(products)


def product_row(product, day):
    certificate = current_certificate(product)
    producer = product.producer
    return {
        "code": product.code,
        "name": product.name,
        "producer_code": producer.code,
        "producer_name": producer.name,
        "province_code": _code(producer.current_province),
        "province": _name(producer.current_province),
        "commune_code": _code(producer.current_commune),
        "commune": _name(producer.current_commune),
        "group": product.criteria_set.group.name,
        "stars": certificate.stars,
        "certificate_number": certificate.number,
        "valid_until": valid_until(certificate),
        "status": str(certificate.status_on(day)),
    }


# Producers --------------------------------------------------------------------------------------------------


def published_producers(day: datetime.date) -> QuerySet:
    return (
        Producer.objects.filter(status=Producer.Status.VERIFIED)
        .filter(Exists(starred_products(day).filter(producer=OuterRef("pk"))))
        .select_related("area__parent__parent", "current_commune", "current_province")
    )


def producer_row(producer, day):
    private = producer.kind in PRIVATE_CONTACT_KINDS
    return {
        "code": producer.code,
        "name": producer.name,
        "kind": producer.kind,
        "province_code": _code(producer.current_province),
        "province": _name(producer.current_province),
        "commune_code": _code(producer.current_commune),
        "commune": _name(producer.current_commune),
        "address": producer.public_address,
        "phone": "" if private else producer.phone,
        "email": "" if private else producer.email,
        "website": producer.website,
    }


# Certificates -----------------------------------------------------------------------------------------------


def published_certificates(day: datetime.date) -> QuerySet:
    return Certificate.objects.filter(
        Exists(published_producers(day).filter(pk=OuterRef("product__producer_id")))
    ).select_related("product__producer", "province")


def certificate_row(certificate, day):
    return {
        "number": certificate.number,
        "product_code": certificate.product.code,
        "product_name": certificate.product.name,
        "producer_code": certificate.product.producer.code,
        "province_code": certificate.province.code,
        "province": certificate.province.name,
        "stars": certificate.stars,
        "issued_on": certificate.issued_on,
        "valid_until": valid_until(certificate),
        "withdrawn_on": certificate.withdrawn_on,
        "status": str(certificate.status_on(day)),
    }


# Sales points -----------------------------------------------------------------------------------------------


def open_sales_points(day: datetime.date) -> QuerySet:
    return SalesPoint.objects.filter(is_open=True).select_related("commune", "province")


def sales_point_row(point, day):
    return {
        "code": point.code,
        "name": point.name,
        "operator": point.operator,
        "address": point.address,
        "province_code": _code(point.province),
        "province": _name(point.province),
        "commune_code": _code(point.commune),
        "commune": _name(point.commune),
        "opening_hours": point.opening_hours,
        "phone": point.phone,
        "latitude": float(point.latitude) if point.latitude is not None else None,
        "longitude": float(point.longitude) if point.longitude is not None else None,
    }


# Events -----------------------------------------------------------------------------------------------------


def calendar_events(day: datetime.date) -> QuerySet:
    return public_events().select_related("province")


def event_row(event, day):
    return {
        "code": event.code,
        "kind": event.kind,
        "topic": event.topic,
        "starts_on": event.starts_on,
        "ends_on": event.ends_on,
        "place": event.place,
        "link": event.link,
        "organiser": event.organiser,
        "province_code": _code(event.province),
        "province": _name(event.province),
    }


# Statistics -------------------------------------------------------------------------------------------------

NATION = "VN"


def statistics_records(day: datetime.date) -> list[dict]:
    """Certificates in force on `day` and the products and producers they cover, by star, for each province of
    today that has any, then for the nation (code VN), from the reports' certificate rollup."""
    in_force = CertificateFigure.objects.filter(issued_on__lte=day, in_force_until__gte=day)
    counts = {
        "certificates": Count("pk"),
        "products": Count("product_id", distinct=True),
        "producers": Count("producer_id", distinct=True),
        **{f"stars_{n}": Count("pk", filter=Q(stars=n)) for n in (3, 4, 5)},
    }
    by_province = {
        r["current_province"]: r
        for r in in_force.exclude(current_province=None).values("current_province").annotate(**counts).order_by()
    }
    provinces = Area.objects.filter(pk__in=by_province).order_by("code")
    records = [{"area_code": p.code, "area": p.name, **_counts(by_province[p.pk])} for p in provinces]
    records.append({"area_code": NATION, "area": "Việt Nam", **_counts(in_force.aggregate(**counts))})
    return records


def _counts(values):
    return {k: values[k] for k in ("certificates", "products", "producers", "stars_3", "stars_4", "stars_5")}


PROVINCE_FIELDS = (
    Field(
        "province_code",
        "string",
        ("Mã tỉnh", "Mã tỉnh, thành phố hiện nay (34 tỉnh từ 01/07/2025)"),
        ("Province code", "Official code of today's province (34 since 1 July 2025)"),
    ),
    Field("province", "string", ("Tỉnh", "Tên tỉnh, thành phố hiện nay"), ("Province", "Name of today's province")),
)
COMMUNE_FIELDS = (
    Field("commune_code", "string", ("Mã xã", "Mã xã, phường hiện nay"), ("Commune code", "Code of today's commune")),
    Field("commune", "string", ("Xã", "Tên xã, phường hiện nay"), ("Commune", "Name of today's commune")),
)
STATUS = Field(
    "status",
    "string",
    (
        "Tình trạng",
        "Tình trạng giấy chứng nhận hôm nay: active, due_for_renewal, extended, expired, withdrawn, superseded",
    ),
    ("Status", "The certificate's status today: active, due_for_renewal, extended, expired, withdrawn, superseded"),
)
VALID_UNTIL = Field(
    "valid_until",
    "date",
    ("Hiệu lực đến", "Ngày cuối còn hiệu lực (kể cả gia hạn)"),
    ("Valid until", "Last day of validity (extension included)"),
    orderable="expires_on",
)

DATASETS = {
    d.name: d
    for d in (
        Dataset(
            name="products",
            vi=("Sản phẩm OCOP", "Sản phẩm có giấy chứng nhận OCOP còn hiệu lực, hạng sao và thời hạn"),
            en=("OCOP products", "Products whose OCOP certificate is in force, with their stars and validity"),
            fields=(
                Field(
                    "code",
                    "string",
                    ("Mã sản phẩm", "Mã tra cứu cố định của sản phẩm"),
                    ("Product code", "The product's stable public code"),
                    orderable="code",
                ),
                Field("name", "string", ("Tên sản phẩm", ""), ("Product name", ""), orderable="name"),
                Field("producer_code", "string", ("Mã chủ thể", ""), ("Producer code", "")),
                Field("producer_name", "string", ("Chủ thể", "Tên chủ thể sản xuất"), ("Producer", "")),
                *PROVINCE_FIELDS,
                *COMMUNE_FIELDS,
                Field("group", "string", ("Nhóm sản phẩm", ""), ("Product group", "")),
                Field(
                    "stars", "integer", ("Hạng sao", "3, 4 hoặc 5"), ("Stars", "3, 4 or 5"), orderable="current_stars"
                ),
                Field("certificate_number", "string", ("Số giấy chứng nhận", ""), ("Certificate number", "")),
                VALID_UNTIL,
                STATUS,
            ),
            records=starred_products,
            row=product_row,
            province="producer__current_province__code",
            star="current_stars",
            default_order=("name", "id"),
        ),
        Dataset(
            name="producers",
            vi=("Chủ thể OCOP", "Chủ thể đã xác minh có sản phẩm OCOP còn hiệu lực, các thông tin công khai"),
            en=("OCOP producers", "Verified producers with an OCOP product in force, their public details"),
            fields=(
                Field("code", "string", ("Mã chủ thể", ""), ("Producer code", ""), orderable="code"),
                Field("name", "string", ("Tên chủ thể", ""), ("Name", ""), orderable="name"),
                Field(
                    "kind",
                    "string",
                    (
                        "Loại hình",
                        "cooperative, cooperative_group, enterprise, farm, household, association, operating_centre",
                    ),
                    ("Kind", "Legal kind of the producer"),
                ),
                *PROVINCE_FIELDS,
                *COMMUNE_FIELDS,
                Field("address", "string", ("Địa chỉ", ""), ("Address", "")),
                Field(
                    "phone",
                    "string",
                    ("Điện thoại", "Để trống với hộ sản xuất (dữ liệu cá nhân)"),
                    ("Phone", "Empty for a household (personal data)"),
                ),
                Field(
                    "email",
                    "string",
                    ("Thư điện tử", "Để trống với hộ sản xuất (dữ liệu cá nhân)"),
                    ("E-mail", "Empty for a household (personal data)"),
                ),
                Field("website", "string", ("Trang web", ""), ("Website", "")),
            ),
            records=published_producers,
            row=producer_row,
            province="current_province__code",
            default_order=("name", "id"),
        ),
        Dataset(
            name="certificates",
            vi=("Giấy chứng nhận OCOP", "Giấy chứng nhận của sản phẩm các chủ thể trên, với tình trạng hôm nay"),
            en=("OCOP certificates", "The certificates of those producers' products, with their status today"),
            fields=(
                Field("number", "string", ("Số giấy chứng nhận", ""), ("Number", ""), orderable="number"),
                Field("product_code", "string", ("Mã sản phẩm", ""), ("Product code", "")),
                Field("product_name", "string", ("Tên sản phẩm", ""), ("Product name", "")),
                Field("producer_code", "string", ("Mã chủ thể", ""), ("Producer code", "")),
                *PROVINCE_FIELDS,
                Field("stars", "integer", ("Hạng sao", ""), ("Stars", ""), orderable="stars"),
                Field("issued_on", "date", ("Ngày cấp", ""), ("Issued on", ""), orderable="issued_on"),
                VALID_UNTIL,
                Field("withdrawn_on", "date", ("Ngày thu hồi", ""), ("Withdrawn on", "")),
                STATUS,
            ),
            records=published_certificates,
            row=certificate_row,
            province="province__code",
            star="stars",
            default_order=("number",),
        ),
        Dataset(
            name="sales_points",
            vi=("Điểm giới thiệu và bán sản phẩm OCOP", "Các điểm đang hoạt động"),
            en=("OCOP sales points", "Points of sale in operation"),
            fields=(
                Field("code", "string", ("Mã", ""), ("Code", ""), orderable="code"),
                Field("name", "string", ("Tên điểm bán", ""), ("Name", ""), orderable="name"),
                Field("operator", "string", ("Đơn vị vận hành", ""), ("Operator", "")),
                Field("address", "string", ("Địa chỉ", ""), ("Address", "")),
                *PROVINCE_FIELDS,
                *COMMUNE_FIELDS,
                Field("opening_hours", "string", ("Giờ mở cửa", ""), ("Opening hours", "")),
                Field("phone", "string", ("Điện thoại", ""), ("Phone", "")),
                Field("latitude", "number", ("Vĩ độ", "WGS 84"), ("Latitude", "WGS 84")),
                Field("longitude", "number", ("Kinh độ", "WGS 84"), ("Longitude", "WGS 84")),
            ),
            records=open_sales_points,
            row=sales_point_row,
            province="province__code",
            default_order=("name", "id"),
        ),
        Dataset(
            name="events",
            vi=("Sự kiện xúc tiến thương mại", "Hội chợ, tuần hàng, phiên livestream… của lịch công khai"),
            en=("Trade events", "Fairs, product weeks, livestreams… of the public calendar"),
            fields=(
                Field("code", "string", ("Mã", ""), ("Code", ""), orderable="code"),
                Field("kind", "string", ("Loại", ""), ("Kind", "")),
                Field("topic", "string", ("Chủ đề", ""), ("Topic", "")),
                Field("starts_on", "date", ("Từ ngày", ""), ("Starts on", ""), orderable="starts_on"),
                Field("ends_on", "date", ("Đến ngày", ""), ("Ends on", ""), orderable="ends_on"),
                Field("place", "string", ("Địa điểm", ""), ("Place", "")),
                Field("link", "string", ("Đường dẫn trực tuyến", ""), ("Online link", "")),
                Field("organiser", "string", ("Đơn vị tổ chức", ""), ("Organiser", "")),
                *PROVINCE_FIELDS,
            ),
            records=calendar_events,
            row=event_row,
            province="province__code",
            default_order=("starts_on", "id"),
        ),
        Dataset(
            name="statistics",
            vi=(
                "Số liệu tổng hợp",
                "Giấy chứng nhận còn hiệu lực, sản phẩm và chủ thể theo hạng sao, mỗi tỉnh và cả nước (VN)",
            ),
            en=(
                "Aggregate statistics",
                "Certificates in force, products and producers by stars, per province and for the nation (VN)",
            ),
            fields=(
                Field(
                    "area_code",
                    "string",
                    ("Mã địa bàn", "Mã tỉnh, hoặc VN: cả nước"),
                    ("Area code", "Province code, or VN: the nation"),
                ),
                Field("area", "string", ("Địa bàn", ""), ("Area", "")),
                Field("certificates", "integer", ("Giấy chứng nhận còn hiệu lực", ""), ("Certificates in force", "")),
                Field("products", "integer", ("Sản phẩm", ""), ("Products", "")),
                Field("producers", "integer", ("Chủ thể", ""), ("Producers", "")),
                Field("stars_3", "integer", ("3 sao", ""), ("3 stars", "")),
                Field("stars_4", "integer", ("4 sao", ""), ("4 stars", "")),
                Field("stars_5", "integer", ("5 sao", ""), ("5 stars", "")),
            ),
            records=statistics_records,
            row=lambda record, day: record,
        ),
    )
}
