"""The market's records in the API: producers at trade events and the events' outcomes, trade agreements and
marketplace listings. Buyers, demands and conversations are in `demands`. Records are named by their codes; the
write serializers only parse input (codes become the records the caller may choose, as the forms offer them), then
the views hand it to market.domain, as the pages do."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from market.models import CounterpartKind, Listing, Marketplace, Participation, TradeAgreement

from ..schema import EnumChoiceField
from .dossiers import ProductLinkSerializer
from .messages import VietnameseFields, VietnameseSerializer
from .producers import ProducerSummarySerializer

PARTICIPATION_RELATED = ("event", "producer")


def by_codes(queryset, codes: list[str], field: str) -> list:
    """The records of `queryset` named by `codes`, in the order given; a code it does not hold is a 400 on `field`
    (the caller cannot tell a record outside its scope from one that does not exist)."""
    found = {row.code: row for row in queryset.filter(code__in=codes)}
    missing = [code for code in codes if code not in found]
    if missing:
        raise serializers.ValidationError({field: [_("Không có mã “%(code)s” trong lựa chọn.") % {"code": missing[0]}]})
    return [found[code] for code in dict.fromkeys(codes)]


def one_by_code(queryset, code: str, field: str):
    return by_codes(queryset, [code], field)[0]


def codes(**kwargs) -> serializers.ListField:
    """A list of records' codes."""
    return serializers.ListField(child=serializers.CharField(max_length=20), max_length=100, **kwargs)


# Producers at trade events -------------------------------------------------------------------------------------


class ParticipationSerializer(serializers.ModelSerializer):
    """A producer at a trade event with the products it shows: applied or invited, then accepted or declined."""

    event = serializers.CharField(source="event.code", read_only=True, help_text="The event's `code`.")
    status = EnumChoiceField(Participation.Status, read_only=True)
    producer = ProducerSummarySerializer(read_only=True)
    products = ProductLinkSerializer(many=True, read_only=True)
    reason = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="The organiser's or producer's reason (a decline's is required). Null for a participant read "
        "as the public reads it, on the event's public list.",
    )
    decided_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Participation
        fields = ["code", "event", "status", "producer", "products", "reason", "decided_at", "created_at"]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.pk not in self.context.get("in_scope", ()):
            data["reason"] = None
            data["decided_at"] = None
        return data


class ApplySerializer(VietnameseSerializer):
    products = codes(
        help_text="The `code`s of the producer's products to show: each with a certificate showing a star."
    )


class InviteSerializer(VietnameseSerializer):
    producer = serializers.CharField(max_length=20, help_text="The invited producer's `code`.")


class AnswerInvitationSerializer(VietnameseSerializer):
    accept = serializers.BooleanField(help_text="true: take part (with `products`); false: decline (with `reason`).")
    products = codes(default=list, help_text="The products shown, when accepting.")
    reason = serializers.CharField(max_length=500, allow_blank=True, default="", help_text="Why, when declining.")


class DecisionSerializer(VietnameseSerializer):
    accept = serializers.BooleanField(help_text="true: accepted (while the event has room); false: declined.")
    reason = serializers.CharField(
        max_length=500, allow_blank=True, default="", help_text="Required when declining; the producer reads it."
    )


class EventOutcomeSerializer(serializers.Serializer):
    """What a trade event achieved; memoranda are counted from the agreements signed at it."""

    visitors = serializers.IntegerField(allow_null=True, read_only=True)
    sales = serializers.IntegerField(allow_null=True, read_only=True, help_text="Sales in đồng.")
    note = serializers.CharField(read_only=True)
    memoranda = serializers.IntegerField(read_only=True, help_text="Trade agreements recorded as signed at it.")
    updated_at = serializers.DateTimeField(allow_null=True, read_only=True, help_text="Null until one is recorded.")


class OutcomeWriteSerializer(VietnameseSerializer):
    visitors = serializers.IntegerField(min_value=0, max_value=2_147_483_647, allow_null=True, default=None)
    sales = serializers.IntegerField(
        min_value=0, max_value=9_223_372_036_854_775_807, allow_null=True, default=None, help_text="In đồng."
    )
    note = serializers.CharField(allow_blank=True, default="")


# Trade agreements ----------------------------------------------------------------------------------------------


class AgreementSerializer(serializers.ModelSerializer):
    """A memorandum or contract a producer signed with a buyer or distributor, possibly at a trade event or
    answering a buyer's demand."""

    kind = EnumChoiceField(TradeAgreement.Kind, read_only=True)
    producer = ProducerSummarySerializer(read_only=True)
    counterpart_kind = EnumChoiceField(CounterpartKind, read_only=True)
    products = ProductLinkSerializer(many=True, read_only=True)
    event = serializers.CharField(source="event.code", read_only=True, allow_null=True, help_text="Event `code`.")
    buyer = serializers.CharField(
        source="buyer.code", read_only=True, allow_null=True, help_text="The buyer's `code`, when on the platform."
    )
    demand = serializers.CharField(source="demand.code", read_only=True, allow_null=True, help_text="Demand `code`.")

    class Meta:
        model = TradeAgreement
        fields = [
            "code",
            "kind",
            "producer",
            "counterpart_name",
            "counterpart_kind",
            "products",
            "signed_on",
            "value",
            "event",
            "buyer",
            "demand",
            "note",
            "created_at",
        ]
        read_only_fields = fields


class AgreementWriteSerializer(VietnameseFields, serializers.Serializer):
    """The agreement page's fields, by code. The choices are the page's: producers the caller sees, their
    products, events where the caller sees an accepted participation, demands it talked about."""

    producer = serializers.CharField(max_length=20, help_text="The producer's `code`.")
    kind = EnumChoiceField(TradeAgreement.Kind, default=TradeAgreement.Kind.MEMORANDUM)
    demand = serializers.CharField(
        max_length=20, required=False, allow_blank=True, help_text="A demand's `code`: its buyer signs."
    )
    counterpart_name = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    counterpart_kind = EnumChoiceField(CounterpartKind, required=False, allow_blank=True, default="")
    products = codes(default=list)
    signed_on = serializers.DateField()
    value = serializers.IntegerField(
        min_value=0, max_value=9_223_372_036_854_775_807, allow_null=True, default=None, help_text="In đồng."
    )
    event = serializers.CharField(
        max_length=20, required=False, allow_blank=True, help_text="The `code` of the event it was signed at."
    )
    note = serializers.CharField(max_length=500, allow_blank=True, default="")


# Marketplace listings ------------------------------------------------------------------------------------------


class ListingSerializer(serializers.ModelSerializer):
    """A product's page on an e-commerce marketplace or its producer's own shop."""

    product = serializers.CharField(source="product.code", read_only=True, help_text="The product's `code`.")
    marketplace = EnumChoiceField(Marketplace, read_only=True)

    class Meta:
        model = Listing
        fields = ["code", "product", "marketplace", "url", "created_at"]
        read_only_fields = fields


class ListingWriteSerializer(VietnameseSerializer):
    marketplace = EnumChoiceField(Marketplace)
    url = serializers.CharField(
        max_length=500, help_text="An https address on the marketplace's own domain (checked as the page checks it)."
    )
