from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from areas.domain import commune_by_code
from areas.models import Area
from producers.domain import EDITABLE_FIELDS
from producers.models import EnterpriseForm, Gender, Producer, ProducerKind

from ..schema import EnumChoiceField
from . import expand_fields
from .areas import AreaSummarySerializer

# Joins that the read serializers need, so that a page of producers costs a fixed number of queries.
PRODUCER_RELATED = ("area__parent__parent", "current_commune__parent", "current_province")


class ProducerSummarySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:v1:producer-detail", lookup_field="code")

    class Meta:
        model = Producer
        fields = ["url", "code", "name"]


class ProducerSerializer(serializers.ModelSerializer):
    """A producer (chủ thể OCOP) as declared in Mẫu 01/02, with its verification by the commune."""

    url = serializers.HyperlinkedIdentityField(view_name="api:v1:producer-detail", lookup_field="code")
    # Read-only fields get no `allow_blank` from DRF, and the schema would then refuse the empty address.
    email = serializers.EmailField(read_only=True, allow_blank=True)
    website = serializers.URLField(read_only=True, allow_blank=True)
    area = AreaSummarySerializer(
        read_only=True, help_text="The commune as registered (possibly one of before 1 July 2025)."
    )
    current_commune = AreaSummarySerializer(read_only=True, allow_null=True)
    current_province = AreaSummarySerializer(read_only=True)
    kind = EnumChoiceField(ProducerKind, read_only=True)
    enterprise_form = EnumChoiceField(EnterpriseForm, read_only=True, allow_blank=True)
    representative_gender = EnumChoiceField(Gender, read_only=True)
    status = EnumChoiceField(Producer.Status, read_only=True)

    class Meta:
        model = Producer
        fields = [
            "url",
            "code",
            *expand_fields(EDITABLE_FIELDS, {"area": ("area", "current_commune", "current_province")}),
            "status",
            "status_note",
            "verified_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ProducerWriteSerializer(serializers.ModelSerializer):
    """A producer's declared data. The address is a commune, given by its official code."""

    # Only types are checked here. The rules (tax code check digit, one registration per tax code, a
    # commune-level address…) are producers.domain's, so the API answers with the same messages as the forms.
    # The fields are the domain's editable ones (Meta); each is declared here with the API's own type and help.

    name = serializers.CharField()
    kind = EnumChoiceField(ProducerKind)
    enterprise_form = EnumChoiceField(EnterpriseForm, required=False, allow_blank=True)
    tax_code = serializers.CharField(
        help_text="10 digits (enterprise, cooperative), `0101234567-001` (branch) or a 12-digit personal ID."
    )
    founded_on = serializers.DateField(required=False, allow_null=True)
    representative_name = serializers.CharField()
    representative_position = serializers.CharField(required=False, allow_blank=True)
    representative_gender = EnumChoiceField(Gender)
    representative_ethnicity = serializers.CharField(required=False)
    representative_has_disability = serializers.BooleanField(required=False)
    street_address = serializers.CharField()
    area_code = serializers.CharField(help_text="Official code of the commune of the seat, e.g. `10030`.")
    area_era = EnumChoiceField(
        Area.Era,
        default=Area.Era.CURRENT,
        help_text="Era of `area_code`: 2025 (today, the default) or 2019 (before 1 July 2025).",
    )
    phone = serializers.CharField()
    email = serializers.EmailField(required=False, allow_blank=True)
    website = serializers.URLField(required=False, allow_blank=True)
    local_capital_percent = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, allow_null=True)

    class Meta:
        model = Producer
        fields = expand_fields(EDITABLE_FIELDS, {"area": ("area_code", "area_era")})

    def validate(self, attrs):
        """Replace (area_code, area_era) by the commune they name, which is what the domain takes."""
        era = attrs.pop("area_era", Area.Era.CURRENT)
        if "area_code" in attrs:
            try:
                attrs["area"] = commune_by_code(attrs.pop("area_code"), era=era)
            except DjangoValidationError as error:
                raise serializers.ValidationError({"area_code": error.messages}) from None
        return attrs


class ProducerVerifySerializer(serializers.Serializer):
    approve = serializers.BooleanField(help_text="true: verified; false: could not be verified.")
    note = serializers.CharField(
        allow_blank=True, default="", help_text="Why it could not be verified (required when `approve` is false)."
    )
