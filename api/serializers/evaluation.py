from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evaluation.calendar import date_warnings
from evaluation.models import CouncilMembership, Evaluation, Level, MemberSheet, ResultDecision, Round

from ..schema import EnumChoiceField
from .areas import AreaSummarySerializer
from .council import SiteVisitSerializer
from .dossiers import ProductLinkSerializer
from .messages import VietnameseSerializer

ROUND_RELATED = ("province",)
EVALUATION_RELATED = ("round", "application__product", "criteria_set")


class MembershipSerializer(serializers.ModelSerializer):
    role = EnumChoiceField(CouncilMembership.Role, read_only=True)
    name = serializers.SerializerMethodField()

    class Meta:
        model = CouncilMembership
        fields = ["role", "name", "agency"]
        read_only_fields = fields

    def get_name(self, membership) -> str:
        return membership.user.get_full_name() or membership.user.get_username()


class RoundSerializer(serializers.ModelSerializer):
    """An evaluation round (đợt đánh giá) and its council."""

    url = serializers.HyperlinkedIdentityField(view_name="api:v1:round-detail", lookup_field="code")
    level = EnumChoiceField(Level, read_only=True)
    status = EnumChoiceField(Round.Status, read_only=True)
    province = AreaSummarySerializer(read_only=True, allow_null=True)
    legal_version = serializers.CharField(source="legal_version.code", read_only=True)
    council = MembershipSerializer(source="memberships", many=True, read_only=True)
    date_warnings = serializers.SerializerMethodField()

    class Meta:
        model = Round
        fields = [
            "url",
            "code",
            "level",
            "province",
            "name",
            "proposal_cutoff",
            "evaluate_by",
            "status",
            "council_decision",
            "legal_version",
            "council",
            "date_warnings",
        ]
        read_only_fields = fields

    def get_date_warnings(self, round_: Round) -> list[str]:
        """What in the round's dates departs from the statutory calendar (the round page's warnings)."""
        return date_warnings(level=round_.level, proposal_cutoff=round_.proposal_cutoff, evaluate_by=round_.evaluate_by)


class ResultDecisionSerializer(serializers.ModelSerializer):
    kind = EnumChoiceField(ResultDecision.Kind, read_only=True)

    class Meta:
        model = ResultDecision
        fields = ["kind", "decision_number", "decision_date", "signer", "reason", "recorded_at"]
        read_only_fields = fields


class ResultSerializer(serializers.Serializer):
    rankable = serializers.BooleanField(allow_null=True)
    reason = serializers.CharField()
    mean_total = serializers.FloatField(allow_null=True, help_text="Mean of the members' totals (0–100).")
    band = serializers.IntegerField(allow_null=True)
    stars = serializers.IntegerField(allow_null=True)
    parts = serializers.DictField(child=serializers.FloatField())
    failed_minimums = serializers.ListField(child=serializers.DictField())
    divergence_flag = serializers.BooleanField()
    closed_at = serializers.DateTimeField()


class EvaluationSerializer(serializers.ModelSerializer):
    """One dossier's session in a round; its result once the chair has closed it, and the decisions on it."""

    url = serializers.HyperlinkedIdentityField(view_name="api:v1:evaluation-detail", lookup_field="code")
    round = serializers.HyperlinkedRelatedField(
        view_name="api:v1:round-detail", lookup_field="code", read_only=True, help_text="The round's address."
    )
    round_code = serializers.CharField(source="round.code", read_only=True)
    dossier = serializers.CharField(source="application.code", read_only=True, help_text="The dossier's `code`.")
    product = ProductLinkSerializer(source="application.product", read_only=True)
    level = EnumChoiceField(Level, read_only=True)
    status = EnumChoiceField(Evaluation.Status, read_only=True)
    criteria_set = serializers.IntegerField(source="criteria_set.number", read_only=True)
    result = serializers.SerializerMethodField()
    decisions = ResultDecisionSerializer(many=True, read_only=True)
    site_visits = SiteVisitSerializer(many=True, read_only=True, help_text="Site visits, extra tests, requests.")

    class Meta:
        model = Evaluation
        fields = [
            "url",
            "code",
            "round",
            "round_code",
            "dossier",
            "product",
            "level",
            "status",
            "criteria_set",
            "result",
            "decisions",
            "site_visits",
        ]
        read_only_fields = fields

    @extend_schema_field(ResultSerializer(allow_null=True))
    def get_result(self, evaluation: Evaluation):
        if evaluation.status != Evaluation.Status.CLOSED:
            return None
        return ResultSerializer(
            {
                "rankable": evaluation.rankable,
                "reason": evaluation.reason,
                "mean_total": evaluation.mean_total,
                "band": evaluation.band,
                "stars": evaluation.stars,
                "parts": evaluation.parts,
                "failed_minimums": evaluation.failed_minimums,
                "divergence_flag": evaluation.divergence_flag,
                "closed_at": evaluation.closed_at,
            }
        ).data


class MemberSheetSerializer(serializers.ModelSerializer):
    class Meta:
        model = MemberSheet
        fields = ["choices", "knockouts", "stops", "comment", "total", "submitted_at"]
        read_only_fields = fields


class SheetWriteSerializer(VietnameseSerializer):
    """The member's own sheet, as the sheet page posts it."""

    choices = serializers.DictField(
        child=serializers.IntegerField(allow_null=True),
        required=False,
        help_text="Criterion code → position of the ticked option as printed (from 1; yes/no items 0 or 1).",
    )
    knockouts = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="Lines of “Hồ sơ bị loại khi” ticked (from 0)."
    )
    stops = serializers.ListField(child=serializers.CharField(), required=False, help_text="Stop rules ticked.")
    comment = serializers.CharField(allow_blank=True, required=False)
    submit = serializers.BooleanField(
        default=False, help_text="Submit the sheet (it must then be complete); otherwise save a draft."
    )
