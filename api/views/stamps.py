"""Stamp batches (order, status, the printer's CSV) for whoever sees them, and the public check of one stamp: the
verdict of the verification page, recorded as the page records a scan and limited as the page's look-ups are."""

from django.http import FileResponse, Http404, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, permissions, serializers, status, throttling, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from core import ratelimit
from stamps import clients, domain, scanning
from stamps.forms import SheetForm
from stamps.models import StampBatch, StampSheet, Verdict
from stamps.rules import can_manage_batch
from stamps.verdicts import revoke_reason

from .. import filtering
from ..errors import domain_errors
from ..schema import BAD_INPUT, NOT_ALLOWED, NOT_FOUND, error_response
from ..serializers.certificates import (
    StampBatchOrderSerializer,
    StampBatchSerializer,
    StampCheckSerializer,
    StampSheetRequestSerializer,
    StampSheetSerializer,
    valid_until,
)
from ..serializers.dossiers import product_in_scope
from ..tokens import WriteScope

BATCH_LIST = filtering.ListQuery(
    filters=(
        filtering.choice("status", "status", StampBatch.Status.choices, "Issuing status."),
        filtering.producer_area("area", "product__producer"),
        filtering.year("created_at__year", "Year the batch was ordered."),
        filtering.text("product", "product__code", "The product's `code`."),
    ),
    ordering={"created": "created_at", "quantity": "quantity", "lot": "lot", "status": "status"},
    default=("-created",),
)
SCOPE = "A batch outside the user's scope (that of its product's producer) answers 404."


@extend_schema(tags=["stamps"])
@extend_schema_view(
    list=extend_schema(summary="List stamp batches", description=SCOPE, parameters=BATCH_LIST.parameters()),
    retrieve=extend_schema(
        summary="Get a stamp batch (its issuing status)",
        description=SCOPE,
        responses={200: StampBatchSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Order a stamp batch",
        description="For a product whose current certificate shows its star, by the producer's users or the "
        "officers of its commune or province. The batch is issued in the background: poll its `status`.",
        request=StampBatchOrderSerializer,
        responses={201: StampBatchSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED},
    ),
)
class StampBatchViewSet(viewsets.ModelViewSet):
    token_scope = WriteScope.STAMPS
    serializer_class = StampBatchSerializer
    lookup_field = "code"
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        queryset = StampBatch.objects.visible_to(self.request.user).select_related("product", "certificate")
        if self.action == "list":
            return BATCH_LIST.apply(self.request, queryset)
        return queryset

    def create(self, request, *args, **kwargs):
        write = StampBatchOrderSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        values = dict(write.validated_data)
        code = values.pop("product")
        product = product_in_scope(request.user, code)
        with domain_errors():
            batch = domain.order_batch(product=product, by=request.user, **values)
        fresh = self.get_queryset().get(pk=batch.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Download the batch's stamps for a printer (CSV)",
        description="The printable stamps (revoked ones left out), as the batch's page offers them: for whoever may "
        "order stamps for the product, while its certificate shows the star. Audited.",
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="UTF-8 CSV, header first."),
            400: BAD_INPUT,
            403: NOT_ALLOWED,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["get"])
    def csv(self, request, *args, **kwargs):
        batch = self._managed()
        with domain_errors():
            lines = domain.csv_lines(batch=batch, by=request.user)
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="tem-{batch.code}.csv"'
        return response

    def _managed(self) -> StampBatch:
        batch = self.get_object()
        if not can_manage_batch(self.request.user, batch):
            raise exceptions.PermissionDenied
        return batch

    @extend_schema(
        methods=["GET"],
        summary="The batch's print files",
        description="The PDFs of stamps asked for this batch, newest first, as the batch's page lists them.",
        responses={200: StampSheetSerializer(many=True), 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        summary="Ask for a print file",
        description="A PDF of stamps `first`…`first + count - 1` in a stamp size, rendered in the background; "
        "refused (400) while the product's certificate does not show its star or once the batch is revoked.",
        request=StampSheetRequestSerializer,
        responses={201: StampSheetSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get", "post"])
    def sheets(self, request, *args, **kwargs):
        batch = self._managed()
        context = self.get_serializer_context()
        if request.method == "GET":
            return Response(StampSheetSerializer(batch.sheets.select_related("batch"), many=True, context=context).data)
        form = SheetForm(request.data)
        if not form.is_valid():
            raise serializers.ValidationError({field: list(messages) for field, messages in form.errors.items()})
        with domain_errors():
            sheet = domain.request_sheet(
                batch=batch,
                by=request.user,
                first=form.cleaned_data["first"],
                count=form.cleaned_data["count"],
                layout=form.layout(),
            )
        return Response(StampSheetSerializer(sheet, context=context).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Download a print file (PDF)",
        description="A ready print file, for whoever may print the batch, while its certificate shows the star.",
        parameters=[OpenApiParameter("sheet", OpenApiTypes.STR, OpenApiParameter.PATH, description="The file's code.")],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            400: BAD_INPUT,
            403: NOT_ALLOWED,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["get"], url_path=r"sheets/(?P<sheet>[^/.]+)/pdf")
    def sheet_pdf(self, request, *args, sheet: str, **kwargs):
        batch = self._managed()
        found = batch.sheets.filter(code=sheet, status=StampSheet.Status.READY).first()
        if found is None:
            raise Http404
        with domain_errors():
            domain.check_printable(batch=batch, by=request.user)
        last = found.first + found.count - 1
        return FileResponse(
            found.file.open("rb"),
            as_attachment=True,
            filename=f"tem-{batch.code}-{found.first}-{last}.pdf",
            content_type="application/pdf",
        )


class StampLookupThrottle(throttling.BaseThrottle):
    """The public page's look-up limit, on the same counter (`stamps.clients`): a client has one allowance of
    STAMP_LOOKUP_RATE_PER_MINUTE look-ups, through the page and the API together."""

    def allow_request(self, request, view) -> bool:
        return clients.allow_lookup(request)

    def wait(self) -> float:
        return ratelimit.seconds_left(clients.LOOKUP_WINDOW)


class StampCheckView(APIView):
    # Public like the verification page: no sign-in, no session; each check is recorded.
    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_classes = [StampLookupThrottle]

    @extend_schema(
        tags=["stamps"],
        operation_id="stamp_check",
        summary="Check one stamp",
        description="The verdict the public verification page gives for a serial (unknown, revoked, suspicious, "
        "withdrawn, expired, extended, genuine), recorded as a scan exactly as the page records one (it counts "
        "towards the stamp's checks). Public; limited per client as the page's look-ups are.",
        responses={200: StampCheckSerializer, 429: error_response("Too many checks from this client.")},
    )
    def get(self, request, serial: str):
        check = scanning.check_stamp(
            serial=serial,
            client_hash=clients.client_hash(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
        certificate = check.certificate if check.stamp is not None else None
        product = check.product
        body = {
            "serial": check.serial,
            "verdict": check.verdict.value,
            "verdict_label": check.verdict.label,
            "shows_star": check.shows_star,
            "stars": certificate.stars if certificate is not None and check.shows_star else None,
            "product": (
                {"code": product.code, "official_code": product.official_code, "name": product.name}
                if product is not None
                else None
            ),
            "certificate": certificate.number if certificate is not None else None,
            "valid_until": valid_until(certificate) if certificate is not None else None,
            "revoke_reason": revoke_reason(check.stamp) if check.verdict == Verdict.REVOKED else None,
            "scan_count": check.scan_count,
            "first_scanned_at": check.first_scanned_at,
        }
        response = Response(StampCheckSerializer(body).data)
        response["Cache-Control"] = "no-store"
        return response
