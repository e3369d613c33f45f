"""`POST /api/v1/signed-files/check/`: the public check of a signed PDF (the `/kiem-tra-van-ban/` page's), for
apps. The file is read in memory and never stored; throttled per client like the page."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from certificates.models import CertificateStatus
from certificates.signed_files import match_certificate, verdict
from core.uploads import InMemoryUpload
from signing.checking import check_pdf
from signing.kinds import DocumentKind

from ..schema import BAD_INPUT, error_response
from ..throttling import SharedScopedRateThrottle, TokenRateThrottle

PDF_TYPES = {"application/pdf", "application/x-pdf"}


class SignedFileUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The signed PDF (multipart). It is read in memory and never stored.")

    def __init__(self, *args, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def validate_file(self, upload) -> bytes:
        limit = settings.SIGNED_FILE_MAX_BYTES
        if self.too_large or upload.size > limit:
            raise serializers.ValidationError(_("Tệp quá lớn: tối đa %(mb)s MB.") % {"mb": limit // (1024 * 1024)})
        if (upload.content_type or "").split(";")[0].strip().lower() not in PDF_TYPES:
            raise serializers.ValidationError(_("Chỉ nhận tệp PDF."))
        data = upload.read(limit + 1)
        if b"%PDF-" not in data[:1024]:
            raise serializers.ValidationError(_("Tệp không phải là tệp PDF."))
        return data


class CertificateMatchSerializer(serializers.Serializer):
    number = serializers.CharField(help_text="The certificate number the signed file carries.")
    found = serializers.BooleanField()
    matches = serializers.BooleanField(help_text="Number, product, stars and dates as signed equal the record's.")
    differences = serializers.ListField(child=serializers.CharField())
    product_code = serializers.CharField(allow_null=True)
    product_name = serializers.CharField(allow_null=True)
    stars = serializers.IntegerField(allow_null=True)
    issued_on = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=CertificateStatus.values, allow_null=True, help_text="Today's.")
    shows_star = serializers.BooleanField()


class SignedFileCheckSerializer(serializers.Serializer):
    signed = serializers.BooleanField()
    intact = serializers.BooleanField(help_text="Not changed after signing.")
    trusted = serializers.BooleanField(help_text="The signer's certificate chains to a root the platform trusts.")
    signer_expired = serializers.BooleanField()
    revoked = serializers.BooleanField()
    valid = serializers.BooleanField(help_text="Signed, intact, trusted, neither expired nor revoked.")
    signer_name = serializers.CharField()
    agency = serializers.CharField()
    signed_at = serializers.DateTimeField(allow_null=True)
    timestamped = serializers.BooleanField(help_text="signed_at comes from a trusted timestamp.")
    signer_certificate_expires = serializers.DateTimeField(allow_null=True)
    kind = serializers.ChoiceField(choices=DocumentKind.values, allow_null=True)
    number = serializers.CharField()
    problems = serializers.ListField(child=serializers.CharField())
    verdict = serializers.CharField(help_text="The one-line answer, as the public page says it.")
    certificate = CertificateMatchSerializer(allow_null=True, help_text="For a certificate file not changed since.")


class SignedFileThrottle(SharedScopedRateThrottle):
    def get_rate(self):
        return f"{settings.SIGNED_FILE_CHECK_RATE_PER_HOUR}/hour"


def _answer(check, match, headline: str) -> dict:
    certificate = match.certificate if match else None
    return {
        "signed": check.signed,
        "intact": check.intact,
        "trusted": check.trusted,
        "signer_expired": check.signer_expired,
        "revoked": check.revoked,
        "valid": check.valid,
        "signer_name": check.signer_name,
        "agency": check.agency,
        "signed_at": check.signed_at,
        "timestamped": check.timestamped,
        "signer_certificate_expires": check.expires_at,
        "kind": check.kind if check.kind in DocumentKind.values else None,
        "number": check.number,
        "problems": check.problems,
        "verdict": headline,
        "certificate": None
        if match is None
        else {
            "number": match.number,
            "found": certificate is not None,
            "matches": match.matches,
            "differences": match.differences,
            "product_code": certificate.product.code if certificate else None,
            "product_name": certificate.product.name if certificate else None,
            "stars": certificate.stars if certificate else None,
            "issued_on": certificate.issued_on if certificate else None,
            "valid_until": certificate.expires_on if certificate else None,
            "status": match.status.value if match.status else None,
            "shows_star": match.shows_star,
        },
    }


class SignedFileCheckView(APIView):
    # Public: a check reads the file and changes nothing.
    permission_classes = [permissions.AllowAny]
    parser_classes = [MultiPartParser]
    throttle_classes = [SignedFileThrottle, TokenRateThrottle]
    throttle_scope = "signed_file"

    def initialize_request(self, request, *args, **kwargs):
        self.upload = InMemoryUpload(request, limit=settings.SIGNED_FILE_MAX_BYTES)
        request.upload_handlers = [self.upload]
        return super().initialize_request(request, *args, **kwargs)

    @extend_schema(
        tags=["validity"],
        summary="Check a signed PDF issued by the platform",
        description="Whether the file's signature is valid, who signed it, whether it was changed after signing, "
        "and for a certificate whether it matches the certificate the platform holds and its status today (a "
        "certificate withdrawn after signing: valid, matches, status `withdrawn`). The file is never stored. "
        "Public; throttled per client (SIGNED_FILE_CHECK_RATE_PER_HOUR).",
        request={"multipart/form-data": SignedFileUploadSerializer},
        responses={
            200: SignedFileCheckSerializer,
            400: BAD_INPUT,
            429: error_response("Too many checks from this client."),
        },
    )
    def post(self, request):
        data = SignedFileUploadSerializer(data=request.data, too_large=self.upload.too_large)
        data.is_valid(raise_exception=True)
        check = check_pdf(data.validated_data["file"])
        match = match_certificate(check, today=timezone.localdate())
        return Response(SignedFileCheckSerializer(_answer(check, match, verdict(check, match).headline)).data)
