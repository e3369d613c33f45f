"""Post-recognition inspections (inspections): plans, inspections with their team, visits, findings, evidence and
outcomes, and the withdrawal of a certificate. Every record is named by its `code` (an outcome, which has none,
by its inspection and product); the writes are parsed here and handed to `inspections.domain` and
`certificates.domain.withdraw`, the functions the pages call."""

from django.db import models
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from certificates.models import WithdrawalGround
from inspections import checklist
from inspections.domain.inspections import MOVES
from inspections.models import (
    Evidence,
    Inspection,
    InspectionPlan,
    Kind,
    Outcome,
    OutcomeKind,
    RemediationStatus,
    Result,
    Status,
    Trigger,
    Visit,
)

from ..schema import EnumChoiceField
from .areas import AreaSummarySerializer
from .dossiers import ProductLinkSerializer
from .messages import VietnameseSerializer
from .producers import ProducerSummarySerializer

# The checklist (`inspections.checklist`, declared once) as a named enum of the schema.
ChecklistItem = models.TextChoices(
    "ChecklistItem", [(item.key.upper(), (item.key, item.label)) for item in checklist.ITEMS]
)

INSPECTION_RELATED = ("province", "plan")
STATUS, KIND = "InspectionStatusEnum", "InspectionKindEnum"


class InspectionLinkSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:v1:inspection-detail", lookup_field="code")
    kind = EnumChoiceField(Kind, name=KIND, read_only=True)
    status = EnumChoiceField(Status, name=STATUS, read_only=True)

    class Meta:
        model = Inspection
        fields = ["url", "code", "kind", "status", "starts_on", "ends_on"]


class InspectionPlanSerializer(serializers.ModelSerializer):
    """A province's plan of periodic inspections for a year, with the inspections opened under it."""

    url = serializers.HyperlinkedIdentityField(view_name="api:v1:inspectionplan-detail", lookup_field="code")
    province = AreaSummarySerializer(read_only=True)
    inspections = InspectionLinkSerializer(many=True, read_only=True)

    class Meta:
        model = InspectionPlan
        fields = ["url", "code", "province", "year", "title", "note", "created_at", "inspections"]
        read_only_fields = fields


class PlanCreateSerializer(VietnameseSerializer):
    year = serializers.IntegerField(min_value=2018, max_value=2100, help_text="From 2018 to next year.")
    title = serializers.CharField(max_length=300)
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text="Content and scope.")


class PersonSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField(source="__str__")


class InspectionSerializer(serializers.ModelSerializer):
    """An inspection (đợt kiểm tra) of producers of one province and some of their products."""

    url = serializers.HyperlinkedIdentityField(view_name="api:v1:inspection-detail", lookup_field="code")
    kind = EnumChoiceField(Kind, name=KIND, read_only=True)
    trigger = EnumChoiceField(Trigger, read_only=True)
    status = EnumChoiceField(Status, name=STATUS, read_only=True)
    plan = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text="The plan's `code` (a periodic inspection)."
    )
    province = AreaSummarySerializer(read_only=True, help_text="Today's province of the producers inspected.")
    producers = ProducerSummarySerializer(many=True, read_only=True)
    products = ProductLinkSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "url",
            "code",
            "kind",
            "trigger",
            "trigger_note",
            "status",
            "plan",
            "province",
            "producers",
            "products",
            "starts_on",
            "ends_on",
            "concluded_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class InspectionEvidenceSerializer(serializers.ModelSerializer):
    file = serializers.SerializerMethodField(help_text="Where to download it (for those who see the inspection).")

    class Meta:
        model = Evidence
        fields = ["code", "title", "content_type", "size", "uploaded_at", "file"]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField())
    def get_file(self, evidence: Evidence) -> str:
        inspection = self.context["inspection_code"]
        return reverse(
            "api:v1:inspection-evidence-file",
            kwargs={"code": inspection, "evidence": evidence.code},
            request=self.context.get("request"),
        )


class FindingSerializer(serializers.Serializer):
    item = EnumChoiceField(ChecklistItem, help_text="The checklist's item (QĐ 26/2026 Điều 9).")
    item_label = serializers.CharField(source="get_item_display")
    result = EnumChoiceField(Result)
    note = serializers.CharField()
    evidence = InspectionEvidenceSerializer(many=True)


class VisitSerializer(serializers.ModelSerializer):
    """A visit for one product: a result per checklist item checked, and the photos and PDFs taken."""

    product = ProductLinkSerializer(read_only=True)
    follow_up = serializers.SerializerMethodField(help_text="It checked a remediation again.")
    findings = FindingSerializer(many=True, read_only=True)
    evidence = serializers.SerializerMethodField(help_text="Photos and PDFs of the visit as a whole.")

    class Meta:
        model = Visit
        fields = ["code", "product", "visited_on", "place", "note", "follow_up", "findings", "evidence", "created_at"]
        read_only_fields = fields

    def get_follow_up(self, visit: Visit) -> bool:
        return visit.follows_id is not None

    @extend_schema_field(InspectionEvidenceSerializer(many=True))
    def get_evidence(self, visit: Visit):
        general = [one for one in visit.evidence.all() if one.finding_id is None]
        return InspectionEvidenceSerializer(general, many=True, context=self.context).data


class OutcomeSerializer(serializers.ModelSerializer):
    """The conclusion for one product (one each; a remediation left undone may be followed by a withdrawal
    proposal)."""

    product = ProductLinkSerializer(read_only=True)
    producer = ProducerSummarySerializer(read_only=True)
    kind = EnumChoiceField(OutcomeKind, read_only=True)
    remediation_status = EnumChoiceField(RemediationStatus, read_only=True, allow_blank=True)
    ground = EnumChoiceField(WithdrawalGround, read_only=True, allow_blank=True)
    certificate = serializers.SlugRelatedField(
        slug_field="number",
        read_only=True,
        allow_null=True,
        help_text="The certificate proposed for withdrawal: withdrawn through `POST /api/v1/certificates/<number>/"
        "withdraw/` by its authority.",
    )
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Outcome
        fields = [
            "product",
            "producer",
            "kind",
            "note",
            "concluded_on",
            "deadline",
            "remediation_status",
            "closed_on",
            "is_overdue",
            "ground",
            "certificate",
        ]
        read_only_fields = fields

    def get_is_overdue(self, outcome: Outcome) -> bool:
        return outcome.is_overdue()


class InspectionDetailSerializer(InspectionSerializer):
    team = PersonSerializer(many=True, read_only=True)
    moves = serializers.SerializerMethodField(help_text="The states `transitions` may move it to now.")
    visits = serializers.SerializerMethodField()
    outcomes = OutcomeSerializer(many=True, read_only=True)

    class Meta(InspectionSerializer.Meta):
        fields = [*InspectionSerializer.Meta.fields, "scope_note", "conclusion", "team", "moves", "visits", "outcomes"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=EnumChoiceField(Status, name=STATUS)))
    def get_moves(self, inspection: Inspection) -> list[str]:
        return sorted(MOVES[inspection.status])

    @extend_schema_field(VisitSerializer(many=True))
    def get_visits(self, inspection: Inspection):
        context = {**self.context, "inspection_code": inspection.code}
        return VisitSerializer(inspection.visits.all(), many=True, context=context).data


# --- writes -----------------------------------------------------------------------------------------------------


class InspectionOpenSerializer(VietnameseSerializer):
    kind = EnumChoiceField(Kind, name=KIND)
    trigger = EnumChoiceField(
        Trigger, required=False, help_text="Of an ad-hoc inspection; a periodic one's is `plan` (the default)."
    )
    trigger_note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    plan = serializers.CharField(required=False, allow_blank=True, default="", help_text="The plan's `code`.")
    products = serializers.ListField(
        child=serializers.CharField(), help_text="The products' `code`s; their producers are inspected with them."
    )
    team = serializers.ListField(child=serializers.CharField(), help_text="The inspectors' usernames.")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    scope_note = serializers.CharField(required=False, allow_blank=True, default="")


class TransitionRequestSerializer(VietnameseSerializer):
    to = EnumChoiceField(Status, name=STATUS)
    note = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", help_text="The reason (needed to cancel)."
    )
    conclusion = serializers.CharField(required=False, allow_blank=True, default="", help_text="To conclude.")
    concluded_on = serializers.DateField(required=False, allow_null=True, default=None, help_text="To conclude.")


class FindingInputSerializer(VietnameseSerializer):
    item = EnumChoiceField(ChecklistItem)
    result = EnumChoiceField(Result)
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class VisitCreateSerializer(VietnameseSerializer):
    product = serializers.CharField(help_text="The product's `code`: one of the inspection's.")
    visited_on = serializers.DateField()
    place = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    findings = serializers.ListField(child=FindingInputSerializer(), help_text="One per checklist item checked.")
    follow_up = serializers.BooleanField(
        default=False, help_text="It checks the product's open remediation of this inspection again."
    )
    resolved = serializers.BooleanField(default=False, help_text="A follow-up that closes the remediation.")

    def validate_findings(self, findings):
        items = [finding["item"] for finding in findings]
        if len(items) != len(set(items)):
            raise serializers.ValidationError(_("Mỗi nội dung kiểm tra chỉ ghi kết quả một lần."))
        return {finding["item"]: (finding["result"], finding["note"]) for finding in findings}


class VisitEvidenceUploadSerializer(VietnameseSerializer):
    """Documents the multipart request; the domain checks the file's content and size."""

    file = serializers.FileField(help_text="A JPEG, PNG or PDF.")
    finding = EnumChoiceField(
        ChecklistItem, required=False, allow_blank=True, help_text="The visit's finding it documents (its item)."
    )
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class OutcomeCreateSerializer(VietnameseSerializer):
    product = serializers.CharField(help_text="The product's `code`: one of the inspection's.")
    kind = EnumChoiceField(OutcomeKind)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    concluded_on = serializers.DateField()
    deadline = serializers.DateField(required=False, allow_null=True, default=None, help_text="Of a remediation.")
    ground = EnumChoiceField(
        WithdrawalGround, required=False, allow_blank=True, default="", help_text="Of a withdrawal proposal."
    )


class WithdrawSerializer(VietnameseSerializer):
    ground = EnumChoiceField(WithdrawalGround, help_text="QĐ 26/2026 Điều 8.")
    conclusion = serializers.CharField(help_text="The conclusion the withdrawal rests on.")
    concluded_on = serializers.DateField(help_text="Its date: the decision is due within 15 days of it.")
    decision_number = serializers.CharField(max_length=50)
    decision_date = serializers.DateField()
    signer = serializers.CharField(max_length=150)
    late_reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Needed when the decision is past the 15 days."
    )
