from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from certificates.models import Certificate, CertificateStatus
from certificates.queries import status_q

from .. import filtering
from ..schema import NOT_FOUND
from ..serializers.certificates import CERTIFICATE_RELATED, CertificateSerializer

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

    def get_queryset(self):
        queryset = Certificate.objects.visible_to(self.request.user).select_related(*CERTIFICATE_RELATED)
        if self.action == "list":
            return CERTIFICATE_LIST.apply(self.request, queryset)
        return queryset
