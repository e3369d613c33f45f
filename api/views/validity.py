from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import permissions, serializers
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from certificates.models import CertificateStatus
from stamps.models import Verdict

from .. import validity
from ..models import ApiToken
from ..permissions import READ, TokenScopes
from ..throttling import SharedScopedRateThrottle, TokenRateThrottle


class ValidityItemSerializer(serializers.Serializer):
    value = serializers.CharField(
        max_length=100, trim_whitespace=True, help_text="A GTIN, certificate number or stamp serial."
    )
    kind = serializers.ChoiceField(
        choices=validity.Kind.CHOICES,
        required=False,
        help_text="Left out: recognised (digits of a GTIN's length: a GTIN; a well-formed stamp serial: a serial; "
        "anything else: a certificate number).",
    )

    def validate(self, attrs):
        try:
            return validity.read_item(attrs["value"], attrs.get("kind"))
        except ValueError as error:
            raise serializers.ValidationError({"value": [str(error)]}) from None


class ValidityRequestSerializer(serializers.Serializer):
    items = serializers.ListField(
        child=ValidityItemSerializer(),
        min_length=1,
        max_length=validity.MAX_ITEMS,
        error_messages={"max_length": gettext_lazy("Tối đa {max_length} mã một lần.")},
    )


class ValidityAnswerSerializer(serializers.Serializer):
    query = serializers.CharField()
    kind = serializers.ChoiceField(choices=validity.Kind.CHOICES)
    found = serializers.BooleanField()
    product_code = serializers.CharField(allow_null=True)
    product_name = serializers.CharField(allow_null=True)
    producer_name = serializers.CharField(allow_null=True)
    certificate_number = serializers.CharField(allow_null=True)
    shows_star = serializers.BooleanField()
    stars = serializers.IntegerField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    withdrawn = serializers.BooleanField()
    withdrawn_on = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(
        choices=[*CertificateStatus.values, *(v for v in Verdict.values if v not in CertificateStatus.values)],
        allow_null=True,
        help_text="A certificate's status (GTIN: the product's current certificate; a certificate number: that "
        "certificate), or for a stamp serial the stamp's verdict; null for a product without a certificate or "
        "an unknown GTIN or number.",
    )
    status_label = serializers.CharField()


class ValidityThrottle(SharedScopedRateThrottle):
    """Per client at `validity`; with a token at the higher `validity_token` (on top of the token's own rate)."""

    def allow_request(self, request, view) -> bool:
        view.throttle_scope = "validity_token" if isinstance(request.auth, ApiToken) else "validity"
        return super().allow_request(request, view)


class ValidityView(APIView):
    # Public data: open to anonymous callers, throttled per client; a POST that only reads.
    permission_classes = [permissions.AllowAny, TokenScopes]
    token_scope = READ
    parser_classes = [JSONParser]
    throttle_classes = [ValidityThrottle, TokenRateThrottle]
    throttle_scope = "validity"

    @extend_schema(
        tags=["validity"],
        summary="Look up the validity of GTINs, certificate numbers and stamp serials",
        description=f"Up to {validity.MAX_ITEMS} items, mixed, answered in order: the product, its star (shown "
        "or not), valid until, withdrawn and when, and the status as the public pages show it. For a marketplace "
        "checking its OCOP catalogue. Public; throttled per client, higher with a token. Records no stamp check.",
        request=ValidityRequestSerializer,
        responses={200: ValidityAnswerSerializer(many=True)},
        examples=[
            OpenApiExample(
                "mixed",
                value={"items": [{"value": "8934563138167"}, {"value": "12/GCN-OCOP", "kind": "certificate"}]},
                request_only=True,
            )
        ],
    )
    def post(self, request):
        data = ValidityRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answers = validity.look_up(data.validated_data["items"], today=timezone.localdate())
        return Response(ValidityAnswerSerializer(answers, many=True).data)
