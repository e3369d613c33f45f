from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from certificates.decisions import decision_keys, signed_decisions
from certificates.models import SHOWS_STAR, Certificate, CertificateStatus, SignedDecision, WithdrawalGround
from stamps.models import RevokeReason, StampBatch, StampSheet, StampSize, Verdict

from ..schema import EnumChoiceField
from .areas import AreaSummarySerializer
from .dossiers import ProductLinkSerializer
from .messages import VietnameseSerializer

CERTIFICATE_RELATED = ("product", "province", "withdrawal")


def valid_until(certificate: Certificate):
    """The last day it shows its star unless withdrawn: the extension of a late filer, else the expiry."""
    return max(certificate.expires_on, certificate.extended_until or certificate.expires_on)


# The decision kinds of a certificate, as the signed file's address names them.
DECISION_PATHS = {SignedDecision.Kind.RECOGNITION: "recognition", SignedDecision.Kind.WITHDRAWAL: "withdrawal"}


def _signed_pdf(serializer, certificate: Certificate, kind: str) -> str | None:
    """The address of the decision's signed PDF, or None while it is not signed. A list finds its certificates'
    signed decisions in one query (`CertificateListSerializer`)."""
    signed = serializer.context.get("signed_decisions")
    if signed is None:
        signed = signed_decisions([certificate])
    key = decision_keys(certificate).get(kind)
    if key is None or key not in signed:
        return None
    path = reverse("api:v1:certificate-decision", args=[certificate.number, DECISION_PATHS[kind]])
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class WithdrawalSerializer(serializers.Serializer):
    on = serializers.DateField(source="certificate.withdrawn_on", allow_null=True)
    ground = EnumChoiceField(WithdrawalGround, help_text="QĐ 26/2026 Điều 8: a, b, c, d, dd (đ) or e.")
    ground_label = serializers.CharField(source="get_ground_display")
    decision_number = serializers.CharField()
    decision_date = serializers.DateField()
    signed_pdf = serializers.SerializerMethodField(
        help_text="The withdrawal decision's digitally signed PDF, as its official signed it; null until signed."
    )

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_signed_pdf(self, withdrawal):
        return _signed_pdf(self, withdrawal.certificate, SignedDecision.Kind.WITHDRAWAL)


class CertificateListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        certificates = list(data.all() if hasattr(data, "all") else data)
        self.child.context["signed_decisions"] = signed_decisions(certificates)
        return super().to_representation(certificates)


class CertificateSerializer(serializers.ModelSerializer):
    """An OCOP certificate with its status today, computed by the certificate's own rule (`status_on`)."""

    url = serializers.HyperlinkedIdentityField(
        view_name="api:v1:certificate-detail", lookup_field="number", lookup_url_kwarg="number"
    )
    product = ProductLinkSerializer(read_only=True)
    province = AreaSummarySerializer(read_only=True, help_text="The province whose Chairman recognised it.")
    status = serializers.SerializerMethodField()
    shows_star = serializers.SerializerMethodField()
    valid_until = serializers.SerializerMethodField()
    withdrawal = serializers.SerializerMethodField()
    decision_signed_pdf = serializers.SerializerMethodField(
        help_text="The recognition decision's digitally signed PDF, as its official signed it; null until signed "
        "(and for a certificate imported from before the platform)."
    )

    class Meta:
        model = Certificate
        list_serializer_class = CertificateListSerializer
        fields = [
            "url",
            "number",
            "product",
            "stars",
            "province",
            "decision_number",
            "decision_date",
            "issued_on",
            "expires_on",
            "extended_until",
            "valid_until",
            "status",
            "shows_star",
            "withdrawal",
            "decision_signed_pdf",
        ]
        read_only_fields = fields

    @extend_schema_field(EnumChoiceField(CertificateStatus))
    def get_status(self, certificate: Certificate) -> str:
        return certificate.status.value

    def get_shows_star(self, certificate: Certificate) -> bool:
        return certificate.status in SHOWS_STAR

    @extend_schema_field(serializers.DateField())
    def get_valid_until(self, certificate: Certificate):
        return valid_until(certificate).isoformat()

    @extend_schema_field(WithdrawalSerializer(allow_null=True))
    def get_withdrawal(self, certificate: Certificate):
        withdrawal = getattr(certificate, "withdrawal", None) if certificate.withdrawn_on else None
        return WithdrawalSerializer(withdrawal, context=self.context).data if withdrawal is not None else None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_decision_signed_pdf(self, certificate: Certificate):
        return _signed_pdf(self, certificate, SignedDecision.Kind.RECOGNITION)


class StampBatchSerializer(serializers.ModelSerializer):
    """A batch of OCOP stamps for one lot of a product, and how far its issuing went."""

    url = serializers.HyperlinkedIdentityField(view_name="api:v1:stampbatch-detail", lookup_field="code")
    product = ProductLinkSerializer(read_only=True)
    certificate = serializers.CharField(source="certificate.number", read_only=True)
    status = EnumChoiceField(StampBatch.Status, read_only=True)
    revoke_reason = EnumChoiceField(RevokeReason, read_only=True, allow_blank=True)

    class Meta:
        model = StampBatch
        fields = [
            "url",
            "code",
            "product",
            "certificate",
            "quantity",
            "lot",
            "production_date",
            "expiry_date",
            "status",
            "progress",
            "error",
            "created_at",
            "issued_at",
            "revoked_at",
            "revoke_reason",
        ]
        read_only_fields = fields


class StampBatchOrderSerializer(VietnameseSerializer):
    product = serializers.CharField(help_text="The product's `code`.")
    quantity = serializers.IntegerField(help_text="Number of stamps, from 1 to STAMP_BATCH_MAX.")
    lot = serializers.CharField(max_length=40)
    production_date = serializers.DateField()
    expiry_date = serializers.DateField()


class StampProductSerializer(serializers.Serializer):
    code = serializers.CharField()
    official_code = serializers.CharField()
    name = serializers.CharField()


class StampCheckSerializer(serializers.Serializer):
    """The verdict of the public verification page for one stamp."""

    serial = serializers.CharField(help_text="The serial as read, normalised (upper case, no separators).")
    verdict = EnumChoiceField(Verdict)
    verdict_label = serializers.CharField()
    shows_star = serializers.BooleanField(help_text="The product is OCOP today and may show its star.")
    stars = serializers.IntegerField(allow_null=True)
    product = StampProductSerializer(allow_null=True)
    certificate = serializers.CharField(allow_null=True, help_text="The number of the certificate in force.")
    valid_until = serializers.DateField(allow_null=True)
    revoke_reason = EnumChoiceField(RevokeReason, allow_null=True)
    scan_count = serializers.IntegerField(help_text="Checks of this stamp, this one included (0 for an unknown code).")
    first_scanned_at = serializers.DateTimeField(allow_null=True)


class StampSheetSerializer(serializers.ModelSerializer):
    """A printable PDF of a range of a batch's stamps, rendered in the background: poll its `status`."""

    status = EnumChoiceField(StampSheet.Status, read_only=True)
    stamp_size = EnumChoiceField(StampSize, read_only=True)
    pdf = serializers.SerializerMethodField(help_text="The file's address once `status` is `ready`.")

    class Meta:
        model = StampSheet
        fields = ["code", "first", "count", "stamp_size", "margin_mm", "status", "progress", "created_at", "pdf"]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_pdf(self, sheet: StampSheet):
        if sheet.status != StampSheet.Status.READY:
            return None
        path = f"/api/v1/stamp-batches/{sheet.batch.code}/sheets/{sheet.code}/pdf/"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class StampSheetRequestSerializer(serializers.Serializer):
    """Documents the request; the batch page's own form reads it."""

    first = serializers.IntegerField(default=1, help_text="The first stamp, in issuing order (from 1).")
    count = serializers.IntegerField(help_text="How many stamps, up to STAMP_SHEET_MAX.")
    stamp_size = EnumChoiceField(StampSize)
    margin_mm = serializers.DecimalField(max_digits=4, decimal_places=1)
