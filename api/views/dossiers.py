from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from dossiers import domain
from dossiers.forms import EvidenceUploadForm
from dossiers.models import Application, ApplicationKind, ApplicationStatus, Document
from dossiers.rules import is_applicant, is_commune_officer_of

from .. import filtering
from ..errors import domain_errors
from ..schema import BAD_INPUT, NOT_ALLOWED, NOT_FOUND
from ..serializers.documents import AttachSerializer
from ..serializers.dossiers import (
    DOSSIER_RELATED,
    CommuneReviewSerializer,
    DossierCreateSerializer,
    DossierDetailSerializer,
    DossierSerializer,
    DossierUpdateSerializer,
    EvidenceUploadSerializer,
    ReasonSerializer,
    SelfAssessmentSerializer,
)
from ..tokens import WriteScope

DOSSIER_LIST = filtering.ListQuery(
    filters=(
        filtering.choice("status", "status", ApplicationStatus.choices, "The dossier's state."),
        filtering.choice("kind", "kind", ApplicationKind.choices, "First evaluation, upgrade or re-evaluation."),
        filtering.producer_area("area", "product__producer"),
        filtering.year("created_at__year", "Year the dossier was opened."),
        filtering.text("product", "product__code", "The product's `code`."),
    ),
    ordering={
        "created": "created_at",
        "submitted": "submitted_at",
        "commune_deadline": "commune_deadline",
        "status": "status",
    },
    default=("-created",),
)
SCOPE = (
    "A dossier outside the user's scope answers 404: producers see their own, communes those filed with them, "
    "provinces those filed (never a draft), council members those of the sessions they sit on."
)
STATE = "A dossier not in the state the step needs answers 400 with the reason."


@extend_schema(tags=["dossiers"])
@extend_schema_view(
    list=extend_schema(summary="List dossiers", description=SCOPE, parameters=DOSSIER_LIST.parameters()),
    retrieve=extend_schema(
        summary="Get a dossier", description=SCOPE, responses={200: DossierDetailSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary="Open a dossier",
        description="A producer's user opens a draft for one of its products, under the legal version in force and "
        "the product's set; the filing rules decide which kind may be filed (an upgrade or a re-evaluation brings "
        "what the product's last dossier held).",
        request=DossierCreateSerializer,
        responses={201: DossierDetailSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED},
    ),
    partial_update=extend_schema(
        summary="Fill Mẫu 01 and Mẫu 02",
        description="The applicant, while the dossier is a draft or returned. " + STATE,
        request=DossierUpdateSerializer,
        responses={200: DossierDetailSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    ),
    destroy=extend_schema(
        summary="Delete a draft",
        description="A draft that was never submitted, by the applicant; its documents stay in the library. A "
        "submitted dossier stays, for the record (403).",
        responses={204: None, 403: NOT_ALLOWED, 404: NOT_FOUND},
    ),
)
class DossierViewSet(viewsets.ModelViewSet):
    # get_queryset is the visibility query, so whatever is outside the scope is a 404; every write is the
    # function the dossier's pages call (dossiers.domain), which checks the right, the state, audits and notifies.
    lookup_field = "code"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    token_scope = WriteScope.DOSSIERS

    def get_serializer_class(self):
        return DossierSerializer if self.action == "list" else DossierDetailSerializer

    def get_queryset(self):
        queryset = Application.objects.visible_to(self.request.user).select_related(*DOSSIER_RELATED)
        if self.action == "list":
            return DOSSIER_LIST.apply(self.request, queryset)
        return queryset.prefetch_related("commune_reviews", "evidence__document")

    def _respond(self, application: Application, code: int = status.HTTP_200_OK) -> Response:
        # Read back through the scoped query so the answer has the same shape (and joins) as a GET; every step
        # leaves the dossier in the sight of whoever took it.
        fresh = self.get_queryset().get(pk=application.pk)
        return Response(DossierDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    def _read(self, serializer_class):
        write = serializer_class(data=self.request.data, context=self.get_serializer_context())
        write.is_valid(raise_exception=True)
        return write.validated_data

    def create(self, request, *args, **kwargs):
        values = self._read(DossierCreateSerializer)
        with domain_errors():
            application = domain.create_application(product=values["product"], kind=values["kind"], by=request.user)
        return self._respond(application, status.HTTP_201_CREATED)

    def _own(self) -> Application:
        """The dossier for a producer-side change: 404 outside scope, 403 for someone else's (as the pages)."""
        application = self.get_object()
        if not is_applicant(self.request.user, application):
            raise exceptions.PermissionDenied
        return application

    def partial_update(self, request, *args, **kwargs):
        application = self._own()
        values = self._read(DossierUpdateSerializer)
        with domain_errors():
            domain.update_application(application=application, by=request.user, **values)
        return self._respond(application)

    def destroy(self, request, *args, **kwargs):
        application = self._own()
        domain.delete_application(application=application, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Save the self-score",
        description="Mẫu 02 part III: each sheet line's chosen option by criterion code, and a note per line. "
        "A partial score may be saved while drafting; submission needs it complete. " + STATE,
        request=SelfAssessmentSerializer,
        responses={200: DossierDetailSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="self-assessment")
    def self_assessment(self, request, *args, **kwargs):
        application = self._own()
        values = self._read(SelfAssessmentSerializer)
        with domain_errors():
            domain.save_self_assessment(
                application=application, by=request.user, choices=values["choices"], notes=values["notes"]
            )
        return self._respond(application)

    @extend_schema(
        summary="Upload and attach evidence",
        description="A file (multipart) into the producer's library, attached to the dossier or to one sheet line, "
        "as the dossier page uploads it: the same content is stored once. " + STATE,
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={200: DossierDetailSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, *args, **kwargs):
        application = self._own()
        form = EvidenceUploadForm(request.data, request.FILES)
        if not form.is_valid():
            raise serializers.ValidationError({field: list(messages) for field, messages in form.errors.items()})
        with domain_errors():
            domain.upload_evidence(
                application=application,
                by=request.user,
                criterion_code=form.cleaned_data["criterion_code"],
                **form.domain_fields(),
            )
        return self._respond(application)

    @extend_schema(
        summary="Submit the dossier to the commune",
        description="The applicant submits a draft or a returned dossier; every missing part is listed at once "
        "(400). The commune's 15 working days start.",
        request=None,
        responses={200: DossierDetailSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        application = self._own()
        with domain_errors():
            domain.submit_application(application=application, by=request.user)
        return self._respond(application)

    @extend_schema(
        summary="The commune's check (Mẫu 03)",
        description="An officer of the dossier's commune forwards it to the province (`decision: forward`, "
        "`complete: true` and the four assessments) or returns it to the producer (`decision: return` with a "
        "`reason`). " + STATE,
        request=CommuneReviewSerializer,
        responses={200: DossierDetailSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="commune-review")
    def commune_review(self, request, *args, **kwargs):
        application = self.get_object()
        if not is_commune_officer_of(request.user, application):
            raise exceptions.PermissionDenied
        values = self._read(CommuneReviewSerializer)
        with domain_errors():
            domain.review_by_commune(application=application, by=request.user, **values)
        return self._respond(application)

    @extend_schema(
        summary="The province receives the dossier",
        description="An OCOP officer of the dossier's province receives a dossier the commune forwarded. " + STATE,
        request=None,
        responses={200: DossierDetailSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def receive(self, request, *args, **kwargs):
        application = self.get_object()
        with domain_errors():
            domain.receive_application(application=application, by=request.user)
        return self._respond(application)

    @extend_schema(
        summary="The province returns the dossier",
        description="An OCOP officer of the dossier's province returns a forwarded or received dossier to the "
        "producer, with a `reason`. " + STATE,
        request=ReasonSerializer,
        responses={200: DossierDetailSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="return")
    def province_return(self, request, *args, **kwargs):
        application = self.get_object()
        values = self._read(ReasonSerializer)
        with domain_errors():
            domain.return_by_province(application=application, by=request.user, reason=values["reason"])
        return self._respond(application)

    def _library_document(self, application: Application, code: str) -> Document:
        document = Document.objects.filter(producer_id=application.product.producer_id, code=code).first()
        if document is None:
            raise serializers.ValidationError(
                {"document": [_("Thư viện không có tài liệu mã “%(code)s”.") % {"code": code}]}
            )
        return document

    @extend_schema(
        summary="Attach a library document",
        description="A document of the producer's library (`/api/v1/documents/`) to the dossier, or to one sheet "
        "line (`criterion_code`); attaching it twice to the same place changes nothing. " + STATE,
        request=AttachSerializer,
        responses={200: DossierDetailSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="evidence/attach")
    def attach(self, request, *args, **kwargs):
        application = self._own()
        values = self._read(AttachSerializer)
        document = self._library_document(application, values["document"])
        with domain_errors():
            domain.attach_evidence(
                application=application, document=document, by=request.user, criterion_code=values["criterion_code"]
            )
        return self._respond(application)

    @extend_schema(
        summary="Take a document off the dossier",
        description="It stays in the library. The document and the place (`criterion_code`, blank: the dossier) "
        "it was attached to. " + STATE,
        request=AttachSerializer,
        responses={200: DossierDetailSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="evidence/detach")
    def detach(self, request, *args, **kwargs):
        application = self._own()
        values = self._read(AttachSerializer)
        code = (values["criterion_code"] or "").strip()
        evidence = application.evidence.filter(document__code=values["document"], criterion_code=code).first()
        if evidence is None:
            raise serializers.ValidationError({"document": [_("Tài liệu này không được đính kèm ở đó.")]})
        with domain_errors():
            domain.detach_evidence(evidence=evidence, by=request.user)
        return self._respond(application)
