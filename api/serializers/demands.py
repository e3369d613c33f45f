"""Buyers, their demands, the ranked matches of a demand (`market.matching`, as the buyer's page shows them), and the
conversations between a demand's buyer and a producer."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from areas.keys import area_from_key
from criteria.models import ProductGroup
from market.domain.demands import DEMAND_FIELDS
from market.models import Buyer, Certification, Conversation, CounterpartKind, Demand, Message

from ..schema import EnumChoiceField
from .areas import AreaSummarySerializer
from .criteria import CriteriaSetSummarySerializer, ProductGroupSerializer, criteria_sets_in_force
from .dossiers import ProductLinkSerializer
from .market import codes
from .messages import VietnameseFields, VietnameseSerializer
from .producers import ProducerSummarySerializer

BUYER_RELATED = ("area__parent__parent", "commune__parent", "province")
DEMAND_RELATED = ("buyer", "delivery_area__parent", "group", "criteria_set__legal_version")


class BuyerSerializer(serializers.ModelSerializer):
    """An organisation that buys OCOP products, verified by the OCOP officers of its province."""

    kind = EnumChoiceField(CounterpartKind, read_only=True)
    status = EnumChoiceField(Buyer.Status, read_only=True)
    area = AreaSummarySerializer(read_only=True, help_text="The commune of its seat, as registered.")
    commune = AreaSummarySerializer(read_only=True, allow_null=True)
    province = AreaSummarySerializer(read_only=True, allow_null=True)
    website = serializers.URLField(read_only=True, allow_blank=True)

    class Meta:
        model = Buyer
        fields = [
            "code",
            "name",
            "kind",
            "tax_code",
            "street_address",
            "area",
            "commune",
            "province",
            "contact_name",
            "phone",
            "email",
            "website",
            "status",
            "status_note",
            "verified_at",
            "created_at",
        ]
        read_only_fields = fields


class BuyerSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Buyer
        fields = ["code", "name"]


class BuyerVerifySerializer(VietnameseSerializer):
    approve = serializers.BooleanField(help_text="true: verified (it may post demands); false: refused.")
    note = serializers.CharField(
        max_length=500, allow_blank=True, default="", help_text="Why it is refused (required when `approve` is false)."
    )


# Demands -------------------------------------------------------------------------------------------------------


class DemandSerializer(serializers.ModelSerializer):
    """What a buyer wants to buy: products of a group or a criteria set, a quantity over a period, the requirements
    they must meet, where they are delivered and the day answers close."""

    buyer = BuyerSummarySerializer(read_only=True)
    group = ProductGroupSerializer(read_only=True, allow_null=True)
    criteria_set = CriteriaSetSummarySerializer(read_only=True, allow_null=True)
    certifications = serializers.ListField(child=EnumChoiceField(Certification), read_only=True)
    delivery_area = AreaSummarySerializer(read_only=True)
    status = EnumChoiceField(Demand.Status, read_only=True)

    class Meta:
        model = Demand
        fields = ["code", "buyer", *DEMAND_FIELDS, "status", "created_at", "updated_at"]
        read_only_fields = fields


class DemandWriteSerializer(VietnameseFields, serializers.Serializer):
    """The demand page's fields (market.domain.demands.DEMAND_FIELDS); the rules are the domain's. A partial update
    sends only the fields it changes."""

    title = serializers.CharField(max_length=255)
    group = serializers.CharField(
        max_length=10, required=False, allow_null=True, default=None, help_text="A product group's `code`."
    )
    criteria_set = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Product set number (1–26) in force."
    )
    quantity = serializers.DecimalField(max_digits=12, decimal_places=2)
    unit = serializers.CharField(max_length=30)
    period_from = serializers.DateField()
    period_to = serializers.DateField()
    min_stars = serializers.IntegerField(min_value=3, max_value=5, default=3)
    strict_min_stars = serializers.BooleanField(
        default=True, help_text="false: products below `min_stars` are still matched, ranked after the others."
    )
    certifications = serializers.ListField(child=EnumChoiceField(Certification), default=list, max_length=10)
    needs_gi = serializers.BooleanField(default=False, help_text="A geographical indication is required.")
    packaging = serializers.CharField(max_length=300, allow_blank=True, default="")
    delivery_area = serializers.CharField(
        max_length=40, help_text="A province or commune of today, by area key, e.g. `2025-province-01`."
    )
    deadline = serializers.DateField(help_text="The last day producers may answer.")
    note = serializers.CharField(max_length=5000, allow_blank=True, default="")

    def validate_group(self, code):
        if code is None:
            return None
        group = ProductGroup.objects.filter(code=code, criteria_sets__in=criteria_sets_in_force()).first()
        if group is None:
            raise serializers.ValidationError(_("Không có nhóm sản phẩm nào mã “%(code)s”.") % {"code": code})
        return group

    def validate_criteria_set(self, number):
        if number is None:
            return None
        criteria_set = criteria_sets_in_force().filter(number=number).first()
        if criteria_set is None:
            raise serializers.ValidationError(_("Không có bộ sản phẩm số %(number)s.") % {"number": number})
        return criteria_set

    def validate_delivery_area(self, key):
        area = area_from_key(key)
        if area is None:
            raise serializers.ValidationError(_("Không có địa bàn nào mã “%(key)s”.") % {"key": key})
        return area


class EndDemandSerializer(VietnameseSerializer):
    status = serializers.ChoiceField(
        choices=[Demand.Status.CLOSED, Demand.Status.WITHDRAWN],
        help_text="`closed` (its suppliers are found) or `withdrawn`.",
    )


class CheckSerializer(serializers.Serializer):
    requirement = serializers.CharField(help_text="One of the demand's requirements.")
    met = serializers.BooleanField()
    detail = serializers.CharField(help_text="What the product has.")


class MatchSerializer(serializers.Serializer):
    """A product that matches the demand, in the rank `market.matching` gives it, with the reason of its rank."""

    product = ProductLinkSerializer()
    producer = ProducerSummarySerializer(source="product.producer")
    stars = serializers.IntegerField(help_text="The stars its current certificate shows.")
    checks = CheckSerializer(many=True)
    missed = serializers.IntegerField(help_text="How many requirements it misses.")
    fits_all = serializers.BooleanField()
    below_min_stars = serializers.BooleanField(help_text="Below the minimum star (only when the demand allows it).")
    distance_km = serializers.FloatField(
        source="distance", allow_null=True, help_text="From the producer's commune to the delivery area."
    )
    conversation = serializers.SerializerMethodField(
        help_text="The `code` of the buyer's conversation with the product's producer, if any (buyer's side only)."
    )

    def get_conversation(self, match) -> str | None:
        found = self.context.get("conversations", {}).get(match.product.producer_id)
        return found.code if found is not None else None


class AnswerDemandSerializer(VietnameseSerializer):
    products = codes(help_text="The `code`s of the producer's products that match the demand (its `matches`).")
    message = serializers.CharField(max_length=3000, help_text="The offer's message to the buyer.")
    offered_quantity = serializers.CharField(max_length=100, allow_blank=True, default="")
    offered_price = serializers.CharField(max_length=100, allow_blank=True, default="")


# Conversations -------------------------------------------------------------------------------------------------


class ConversationSerializer(serializers.ModelSerializer):
    """A demand's buyer and one producer talking about it: the producer's answer and their messages."""

    demand = serializers.CharField(source="demand.code", read_only=True)
    producer = ProducerSummarySerializer(read_only=True)
    products = ProductLinkSerializer(many=True, read_only=True, help_text="The products offered.")

    class Meta:
        model = Conversation
        fields = ["code", "demand", "producer", "products", "offered_quantity", "offered_price", "answered_at"]
        read_only_fields = fields


class StartConversationSerializer(VietnameseSerializer):
    producer = serializers.CharField(max_length=20, help_text="The `code` of a producer whose products match.")
    body = serializers.CharField(max_length=3000)


class MessageSerializer(serializers.ModelSerializer):
    sender = serializers.SerializerMethodField(help_text="The buyer's or the producer's name.")

    class Meta:
        model = Message
        fields = ["from_buyer", "sender", "body", "created_at"]
        read_only_fields = fields

    def get_sender(self, message) -> str:
        conversation = message.conversation
        return conversation.demand.buyer.name if message.from_buyer else conversation.producer.name


class MessageWriteSerializer(VietnameseSerializer):
    body = serializers.CharField(max_length=3000)
