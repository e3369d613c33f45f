from django.utils.translation import gettext as _
from rest_framework import serializers

from producers.models import Producer
from products.domain import EDITABLE_FIELDS, IP_TITLE_FIELDS
from products.models import IntellectualProperty, Product, ProductImage

from ..schema import EnumChoiceField
from . import expand_fields
from .areas import AreaSummarySerializer
from .criteria import CriteriaSetSummarySerializer, criteria_sets_in_force
from .producers import ProducerSummarySerializer

PRODUCT_RELATED = ("producer", "criteria_set__legal_version", "serial_area__parent")
PRODUCT_PREFETCH = ("images", "ip_titles")


class ProductImageSerializer(serializers.ModelSerializer):
    """An image and its thumbnail, as absolute addresses."""

    image = serializers.ImageField(read_only=True, use_url=True)
    thumbnail = serializers.ImageField(read_only=True, use_url=True)

    class Meta:
        model = ProductImage
        fields = ["image", "thumbnail", "caption", "position"]


class IntellectualPropertySerializer(serializers.ModelSerializer):
    kind = EnumChoiceField(IntellectualProperty.Kind, read_only=True)
    status = EnumChoiceField(IntellectualProperty.Status, read_only=True)

    class Meta:
        model = IntellectualProperty
        fields = list(IP_TITLE_FIELDS)


class ProductSerializer(serializers.ModelSerializer):
    """A registered product with its official code (mã sản phẩm), producer, product set, images and
    intellectual-property titles."""

    url = serializers.HyperlinkedIdentityField(view_name="api:v1:product-detail", lookup_field="code")
    producer = ProducerSummarySerializer(read_only=True)
    criteria_set = CriteriaSetSummarySerializer(read_only=True)
    serial_area = AreaSummarySerializer(
        read_only=True, help_text="The commune of today whose serial the official code carries."
    )
    images = ProductImageSerializer(many=True, read_only=True)
    ip_titles = IntellectualPropertySerializer(many=True, read_only=True)

    class Meta:
        model = Product
        fields = [
            "url",
            "code",
            "official_code",
            *expand_fields(
                EDITABLE_FIELDS, {"name": ("name", "producer"), "criteria_set": ("criteria_set", "serial_area")}
            ),
            "images",
            "ip_titles",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ProductUpdateSerializer(serializers.ModelSerializer):
    """A product's data; the product set is given by its number in the legal version in force."""

    # Only types are checked here; content rules (GTIN check digit, the tourism-only set for associations…)
    # are products.domain's. The fields are the domain's editable ones (Meta); each is declared here with the
    # API's own type and help.

    name = serializers.CharField()
    criteria_set = serializers.IntegerField(help_text="Product set number (1–26) in the legal version in force.")
    description = serializers.CharField(required=False, allow_blank=True)
    specification = serializers.CharField(required=False, allow_blank=True)
    standard = serializers.CharField(required=False, allow_blank=True)
    gtin = serializers.CharField(required=False, allow_blank=True, help_text="GTIN-8, 12, 13 or 14; stored as GTIN-14.")
    story = serializers.CharField(required=False, allow_blank=True)
    quality_declaration = serializers.CharField(required=False, allow_blank=True)
    food_safety_certificate = serializers.CharField(required=False, allow_blank=True)
    food_safety_certificate_expires_on = serializers.DateField(required=False, allow_null=True)
    raw_material_area = serializers.CharField(required=False, allow_blank=True)

    class Meta:
        model = Product
        fields = list(EDITABLE_FIELDS)

    def validate_criteria_set(self, number: int):
        criteria_set = criteria_sets_in_force().filter(number=number).first()
        if criteria_set is None:
            raise serializers.ValidationError(_("Không có bộ sản phẩm số %(number)s.") % {"number": number})
        return criteria_set


class ProductCreateSerializer(ProductUpdateSerializer):
    """A new product: its producer, given by the producer's `code`, and its data."""

    producer = serializers.CharField(help_text="The producer's `code`.")

    class Meta(ProductUpdateSerializer.Meta):
        fields = [*EDITABLE_FIELDS, "producer"]

    def validate_producer(self, code: str) -> Producer:
        user = self.context["request"].user
        producer = Producer.objects.visible_to(user).filter(code=code).first()
        if producer is None:
            raise serializers.ValidationError(_("Không có chủ thể nào mã %(code)s.") % {"code": code})
        return producer
