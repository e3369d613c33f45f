from django.http import FileResponse, Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, viewsets
from rest_framework.response import Response

from certificates import domain
from certificates.decisions import recognition_decision, withdrawal_decision
from certificates.models import Certificate, CertificateStatus
from certificates.queries import status_q
from certificates.rules import can_withdraw

from .. import filtering
from ..errors import domain_errors
from ..schema import BAD_INPUT, NOT_ALLOWED, NOT_FOUND
from ..serializers.certificates import CERTIFICATE_RELATED, DECISION_PATHS, CertificateSerializer
from ..serializers.inspections import WithdrawSerializer
from ..tokens import WriteScope

CERTIFICATE_LIST = filtering.ListQuery(
    filters=(
        filtering.choice_q(
            "status",
            CertificateStatus.choices,
            lambda value: status_q(value, timezone.localdate()),
            "Status today, by the certificate's own rule (withdrawn, superseded, expired, extended, due for renewal, "
            "active).",
        ),
        filtering.integer("stars", "stars", "Star rank, 3–5."),
        filtering.producer_area("area", "product__producer"),
        filtering.year("issued_on__year", "Year of issue."),
        filtering.text("product", "product__code", "The product's `code`."),
    ),
    ordering={"issued": "issued_on", "expires": "expires_on", "number": "number", "stars": "stars"},
    default=("-issued",),
)
SCOPE = "A certificate outside the user's scope (that of its product's producer, or its province) answers 404."


@extend_schema(tags=["certificates"])
@extend_schema_view(
    list=extend_schema(summary="List certificates", description=SCOPE, parameters=CERTIFICATE_LIST.parameters()),
    retrieve=extend_schema(
        summary="Get a certificate", description=SCOPE, responses={200: CertificateSerializer, 404: NOT_FOUND}
    ),
)
class CertificateViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CertificateSerializer
    lookup_field = "number"
    # A certificate number may hold a slash ("12/2026/OCOP"), as the certificate's own page allows.
    lookup_value_regex = ".+"
    token_scope = WriteScope.CERTIFICATES

    def get_queryset(self):
        queryset = Certificate.objects.visible_to(self.request.user).select_related(*CERTIFICATE_RELATED)
        if self.action == "list":
            return CERTIFICATE_LIST.apply(self.request, queryset)
        return queryset

    @extend_schema(
        summary="Withdraw a certificate",
        description="Record the decision withdrawing the certificate on a ground of QĐ 26/2026 Điều 8, as its "
        "withdrawal form does: by the authority that recognised it (the province's OCOP officers for 3★/4★, the "
        "ministry's officers for 5★; 403 for the others who see it). The decision is dated on or after the "
        "conclusion, not in the future; one past the 15 days is recorded as late and needs `late_reason`. A "
        "certificate already withdrawn or superseded answers 400. The producer's users, the commune's officers and "
        "the province's inspectors are told. Answers the certificate, `status` `withdrawn`. "
        "(Routed in api/urls.py: a number may hold a slash.) " + SCOPE,
        request=WithdrawSerializer,
        responses={200: CertificateSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def withdraw(self, request, *args, **kwargs):
        certificate = self.get_object()
        if not can_withdraw(request.user, certificate):
            raise exceptions.PermissionDenied
        write = WithdrawSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        with domain_errors():
            domain.withdraw(certificate=certificate, by=request.user, **write.validated_data)
        fresh = self.get_queryset().get(pk=certificate.pk)
        return Response(self.get_serializer(fresh).data)

    @extend_schema(
        summary="Download a signed decision (PDF)",
        description="The certificate's recognition decision (`recognition`) or withdrawal decision (`withdrawal`) "
        "as its official digitally signed it on the platform: the stored file, byte for byte, never signed again "
        "(its address is the certificate's `decision_signed_pdf`, its withdrawal's `signed_pdf`). 404 while the "
        "decision is not signed, for a certificate without that decision, and outside scope. (Routed in "
        "api/urls.py: a number may hold a slash.) " + SCOPE,
        parameters=[
            OpenApiParameter(
                "kind",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                enum=sorted(DECISION_PATHS.values()),
                description="Which decision: `recognition` or `withdrawal`.",
            )
        ],
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY), 404: NOT_FOUND},
    )
    def decision(self, request, *args, kind: str, **kwargs):
        certificate = self.get_object()
        reader = {"recognition": recognition_decision, "withdrawal": withdrawal_decision}.get(kind)
        decision = reader(certificate) if reader else None
        signed = decision.signed if decision is not None else None
        if signed is None:
            raise Http404
        return FileResponse(
            signed.file.open("rb"),
            as_attachment=True,
            filename=f"{kind}-{signed.sha256[:12]}.pdf",
            content_type="application/pdf",
        )
