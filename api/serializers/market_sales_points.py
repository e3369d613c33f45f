"""OCOP sales points: read with the products they carry and each one's certificate status today; written through
`market.domain.sales_points` (`save_sales_point`, `set_products`), as the pages do."""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from areas.domain import commune_by_code
from certificates.models import SHOWS_STAR, CertificateStatus
from certificates.queries import current_certificate, with_current_certificate
from market.domain.sales_points import SALES_POINT_FIELDS
from market.models import SalesPoint
from products.models import Product

from ..schema import EnumChoiceField
from . import expand_fields
from .areas import AreaSummarySerializer

SALES_POINT_RELATED = ("area__parent", "commune__parent", "province")


def shelf_prefetch() -> Prefetch:
    """The carried products with their producer and current certificate, for a list in a fixed number of queries."""
    products = with_current_certificate(Product.objects.select_related("producer").order_by("name", "pk"))
    return Prefetch("products", queryset=products)


class ShelfProductSerializer(serializers.ModelSerializer):
    """A product on the shelf, with its current certificate's status today (the one status rule)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:v1:product-detail", lookup_field="code")
    producer = serializers.CharField(source="producer.name", read_only=True)
    certificate = serializers.SerializerMethodField(help_text="The current certificate's number, if any.")
    status = serializers.SerializerMethodField(help_text="The current certificate's status today, if any.")
    stars = serializers.SerializerMethodField(help_text="The stars shown today: none once expired or withdrawn.")
    valid_until = serializers.SerializerMethodField(help_text="Last day the current certificate holds.")

    class Meta:
        model = Product
        fields = ["url", "code", "name", "producer", "certificate", "status", "stars", "valid_until"]
        read_only_fields = fields

    def _status(self, product) -> str | None:
        certificate = current_certificate(product)
        return certificate.status_on(timezone.localdate()) if certificate else None

    def get_certificate(self, product) -> str | None:
        certificate = current_certificate(product)
        return certificate.number if certificate else None

    @extend_schema_field(EnumChoiceField(CertificateStatus, allow_null=True))
    def get_status(self, product) -> str | None:
        return self._status(product)

    def get_stars(self, product) -> int | None:
        return current_certificate(product).stars if self._status(product) in SHOWS_STAR else None

    def get_valid_until(self, product) -> datetime.date | None:
        certificate, status = current_certificate(product), self._status(product)
        if certificate is None:
            return None
        return certificate.extended_until if status == CertificateStatus.EXTENDED else certificate.expires_on


class SalesPointSerializer(serializers.ModelSerializer):
    """An OCOP introduction and sales point (điểm giới thiệu và bán sản phẩm OCOP) and the products it carries."""

    url = serializers.HyperlinkedIdentityField(view_name="api:v1:salespoint-detail", lookup_field="code")
    area = AreaSummarySerializer(read_only=True, help_text="The commune of today it is in.")
    province = AreaSummarySerializer(read_only=True)
    email = serializers.EmailField(read_only=True, allow_blank=True)
    products = ShelfProductSerializer(many=True, read_only=True)

    class Meta:
        model = SalesPoint
        fields = [
            "url",
            "code",
            *expand_fields(SALES_POINT_FIELDS, {"area": ("area", "province")}),
            "products",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class SalesPointWriteSerializer(serializers.ModelSerializer):
    """A sales point's data; its commune is given by its official code of today. Its operator's accounts change only
    `opening_hours`, `phone`, `email` and `is_open`."""

    # Only types are checked here; the rules (a commune of today in the officer's area, both coordinates or none,
    # who changes which field) are market.domain's and market.rules'.
    area_code = serializers.CharField(help_text="Official code of the commune of today, e.g. `10030`.")

    class Meta:
        model = SalesPoint
        fields = expand_fields(SALES_POINT_FIELDS, {"area": ("area_code",)})

    def validate(self, attrs):
        """Replace `area_code` by the commune it names, which is what the domain takes."""
        if "area_code" in attrs:
            try:
                attrs["area"] = commune_by_code(attrs.pop("area_code"))
            except DjangoValidationError as error:
                raise serializers.ValidationError({"area_code": error.messages}) from None
        return attrs


class SalesPointProductsSerializer(serializers.Serializer):
    """The whole list of products the sales point carries, by their `code`: an empty list clears the shelf."""

    products = serializers.ListField(
        child=serializers.CharField(max_length=20),
        max_length=500,
        allow_empty=True,
        help_text="Product codes. A product added must have a certificate showing a star today.",
    )

    def validate_products(self, codes: list[str]) -> list[Product]:
        found = {p.code: p for p in Product.objects.filter(code__in=set(codes))}
        unknown = [code for code in dict.fromkeys(codes) if code not in found]
        if unknown:
            raise serializers.ValidationError(
                _("Không có sản phẩm nào mã %(codes)s.") % {"codes": ", ".join(unknown[:10])}
            )
        return [found[code] for code in dict.fromkeys(codes)]
