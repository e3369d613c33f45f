from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from audit.models import AuditEntry
from criteria.sheets import leaf_codes
from dossiers.domain.applications import FORM_FIELDS
from dossiers.models import Application, ApplicationKind, ApplicationStatus, CommuneReview, DocumentKind, Evidence
from dossiers.preview import preview_self_score
from products.models import Product

from ..schema import EnumChoiceField
from .areas import AreaSummarySerializer
from .messages import VietnameseFields, VietnameseSerializer
from .producers import ProducerSummarySerializer

DOSSIER_RELATED = (
    "product__producer",
    "criteria_set",
    "legal_version",
    "commune__parent",
    "province",
)


class ProductLinkSerializer(serializers.ModelSerializer):
    """A product as the spine's records refer to it."""

    url = serializers.HyperlinkedIdentityField(view_name="api:v1:product-detail", lookup_field="code")

    class Meta:
        model = Product
        fields = ["url", "code", "official_code", "name"]


class SelfScoreSerializer(serializers.Serializer):
    complete = serializers.BooleanField(help_text="Every line of the sheet has an option.")
    total = serializers.FloatField(
        allow_null=True, help_text="Points (0–100, 2 decimals); lines not chosen count as their lowest option."
    )
    stars = serializers.IntegerField(allow_null=True, help_text="The rank the self-score would earn.")


class TransitionSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    before = serializers.CharField(allow_null=True, help_text="The state left (null at creation).")
    after = serializers.CharField()
    note = serializers.CharField()
    actor = serializers.CharField(help_text="Who acted, as recorded in the audit trail.")


class DossierSerializer(serializers.ModelSerializer):
    """A product dossier (hồ sơ sản phẩm): Mẫu 01 and 02, its state and the deadline of the step it is in."""

    url = serializers.HyperlinkedIdentityField(view_name="api:v1:dossier-detail", lookup_field="code")
    kind = EnumChoiceField(ApplicationKind, read_only=True)
    status = EnumChoiceField(ApplicationStatus, read_only=True)
    product = ProductLinkSerializer(read_only=True)
    producer = ProducerSummarySerializer(source="product.producer", read_only=True)
    commune = AreaSummarySerializer(read_only=True, help_text="The commune the dossier is filed with.")
    province = AreaSummarySerializer(read_only=True)
    criteria_set = serializers.IntegerField(source="criteria_set.number", read_only=True)
    legal_version = serializers.CharField(source="legal_version.code", read_only=True)
    current_deadline = serializers.DateField(
        read_only=True, allow_null=True, help_text="The legal limit of the step the dossier is in, if one runs."
    )
    is_overdue = serializers.BooleanField(read_only=True)
    self_score = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "url",
            "code",
            "kind",
            "status",
            "product",
            "producer",
            "commune",
            "province",
            "criteria_set",
            "legal_version",
            *FORM_FIELDS,
            "submitted_at",
            "commune_deadline",
            "received_at",
            "evaluation_deadline",
            "current_deadline",
            "is_overdue",
            "returned_reason",
            "self_score",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(SelfScoreSerializer(allow_null=True))
    def get_self_score(self, application: Application):
        if not application.self_choices or not leaf_codes(application.criteria_set_id):
            return None
        preview = preview_self_score(application.criteria_set_id, application.self_choices)
        result = preview.result
        return {
            "complete": preview.complete,
            "total": float(result.as_json()["mean_total"]) if result else None,
            "stars": result.stars if result else None,
        }


class CommuneReviewReadSerializer(serializers.ModelSerializer):
    decision = EnumChoiceField(CommuneReview.Decision, read_only=True)

    class Meta:
        model = CommuneReview
        fields = [
            "decision",
            "complete",
            "local_raw_materials",
            "local_labour",
            "idea_origin",
            "local_identity",
            "report",
            "decided_at",
        ]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    document = serializers.CharField(source="document.code", read_only=True, help_text="The document's `code`.")
    kind = EnumChoiceField(DocumentKind, source="document.kind", read_only=True)
    title = serializers.CharField(source="document.title", read_only=True)
    valid_until = serializers.DateField(source="document.valid_until", read_only=True, allow_null=True)
    criterion_code = serializers.CharField(read_only=True, help_text="Blank: evidence for the whole dossier.")

    class Meta:
        model = Evidence
        fields = ["document", "kind", "title", "valid_until", "criterion_code", "carried_over"]
        read_only_fields = fields


class DossierDetailSerializer(DossierSerializer):
    """A dossier with its self-score lines, evidence, the commune's Mẫu 03 reports and the history of its states."""

    evidence = EvidenceSerializer(many=True, read_only=True)
    commune_reviews = CommuneReviewReadSerializer(many=True, read_only=True)
    transitions = serializers.SerializerMethodField()

    class Meta(DossierSerializer.Meta):
        fields = [
            *DossierSerializer.Meta.fields,
            "self_choices",
            "self_notes",
            "evidence",
            "commune_reviews",
            "transitions",
        ]
        read_only_fields = fields

    @extend_schema_field(TransitionSerializer(many=True))
    def get_transitions(self, application: Application):
        """Creation and every change of state, oldest first, from the audit trail (what the page lists)."""
        entries = (
            AuditEntry.objects.filter(
                content_type__app_label="dossiers",
                content_type__model="application",
                object_id=str(application.pk),
                action__in=[AuditEntry.Action.CREATE, AuditEntry.Action.TRANSITION],
            )
            .select_related("actor")
            .order_by("timestamp", "id")
        )
        rows = []
        for entry in entries:
            before, after = entry.changes.get("status", [None, ApplicationStatus.DRAFT])
            rows.append(
                {
                    "at": entry.timestamp,
                    "before": before,
                    "after": after,
                    "note": entry.note,
                    "actor": entry.actor_repr or (str(entry.actor) if entry.actor else ""),
                }
            )
        return TransitionSerializer(rows, many=True).data


def product_in_scope(user, code: str) -> Product:
    """The product of that code among those the user sees, or a 400 on the field `product`."""
    product = Product.objects.visible_to(user).filter(code=code).first()
    if product is None:
        raise serializers.ValidationError({"product": [_("Không có sản phẩm nào mã %(code)s.") % {"code": code}]})
    return product


def dossier_in_scope(user, code: str) -> Application:
    """The dossier of that code among those the user sees, or a 400 on the field `dossier`."""
    application = Application.objects.visible_to(user).filter(code=code).first()
    if application is None:
        raise serializers.ValidationError({"dossier": [_("Không có hồ sơ nào mã %(code)s.") % {"code": code}]})
    return application


class DossierCreateSerializer(VietnameseSerializer):
    product = serializers.CharField(help_text="The product's `code`; one of the caller's producer's products.")
    kind = serializers.ChoiceField(choices=ApplicationKind.choices, default=ApplicationKind.FIRST)

    def validate(self, values):
        return {**values, "product": product_in_scope(self.context["request"].user, values["product"])}


class DossierUpdateSerializer(VietnameseFields, serializers.ModelSerializer):
    """Mẫu 01 and the written parts of Mẫu 02: the fields the dossier's form saves (`FORM_FIELDS`)."""

    class Meta:
        model = Application
        fields = list(FORM_FIELDS)
        extra_kwargs = {name: {"required": False} for name in FORM_FIELDS}


class SelfAssessmentSerializer(VietnameseSerializer):
    choices = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Criterion code → position of the chosen option as printed on the sheet (from 1).",
    )
    notes = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False, default=dict)


class CommuneReviewSerializer(VietnameseSerializer):
    """Mẫu 03: forward to the province (complete, with the four assessments) or return with a reason."""

    decision = serializers.ChoiceField(choices=CommuneReview.Decision.choices)
    complete = serializers.BooleanField(default=False)
    local_raw_materials = serializers.CharField(allow_blank=True, required=False, default="")
    local_labour = serializers.CharField(allow_blank=True, required=False, default="")
    idea_origin = serializers.CharField(allow_blank=True, required=False, default="")
    local_identity = serializers.CharField(allow_blank=True, required=False, default="")
    report = serializers.CharField(allow_blank=True, required=False, default="")
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class ReasonSerializer(VietnameseSerializer):
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class EvidenceUploadSerializer(serializers.Serializer):
    """Documents the multipart upload; the dossier page's own form reads it."""

    file = serializers.FileField(help_text="PDF, JPEG or PNG, at most MAX_DOCUMENT_BYTES.")
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    title = serializers.CharField(max_length=255)
    valid_until = serializers.DateField(required=False, help_text="For a document with a validity (YYYY-MM-DD).")
    criterion_code = serializers.CharField(required=False, help_text="The sheet line it supports; blank: the dossier.")
