"""A producer's document library through the API: the same functions as the library page
(`dossiers.domain.documents`): identical content is stored once, every change is audited, and a document is
seen by its producer's users and, once attached to a dossier, by whoever sees that dossier."""

from django.http import FileResponse
from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.pagination import count_of
from dossiers import domain
from dossiers.forms import DocumentUploadForm
from dossiers.models import Document, DocumentKind, Evidence
from dossiers.rules import can_manage_documents

from .. import filtering
from ..errors import domain_errors
from ..schema import BAD_INPUT, NOT_ALLOWED, NOT_FOUND
from ..serializers.documents import (
    DocumentSerializer,
    DocumentUpdateSerializer,
    DocumentUploadedSerializer,
    DocumentUploadSerializer,
)
from ..tokens import WriteScope

DOCUMENT_LIST = filtering.ListQuery(
    filters=(
        filtering.choice("kind", "kind", DocumentKind.choices, "The document's type."),
        filtering.text("producer", "producer__code", "The producer's `code`."),
    ),
    ordering={"uploaded": "uploaded_at", "title": "title", "valid_until": "valid_until"},
    default=("-uploaded",),
)
SCOPE = (
    "A producer's users see its whole library; officers and council members only the documents attached to a "
    "dossier they see. Anything else answers 404."
)


@extend_schema(tags=["documents"])
@extend_schema_view(
    list=extend_schema(summary="List library documents", description=SCOPE, parameters=DOCUMENT_LIST.parameters()),
    retrieve=extend_schema(
        summary="Get a library document", description=SCOPE, responses={200: DocumentSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary="Upload a document to the library",
        description="A producer's user, as the library page: the file (PDF, JPEG or PNG, checked by content) is "
        "stored once per content; uploading the same content again keeps the existing document (`created: false`) "
        "with the kind, title and validity given.",
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: DocumentUploadedSerializer, 200: DocumentUploadedSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED},
    ),
    partial_update=extend_schema(
        summary="Correct a document's type, title or validity",
        description="Its producer's users; the file never changes.",
        request=DocumentUpdateSerializer,
        responses={200: DocumentSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    ),
)
class DocumentViewSet(viewsets.ModelViewSet):
    serializer_class = DocumentSerializer
    lookup_field = "code"
    http_method_names = ["get", "post", "patch", "head", "options"]
    token_scope = WriteScope.DOSSIERS

    def get_parsers(self):
        if getattr(self, "action", None) == "create":
            return [MultiPartParser(), FormParser()]
        return super().get_parsers()

    def get_queryset(self):
        queryset = Document.objects.visible_to(self.request.user).annotate(
            dossier_count=count_of(Evidence.objects.all(), "document", distinct="application")
        )
        if self.action == "list":
            return DOCUMENT_LIST.apply(self.request, queryset)
        return queryset

    def _respond(self, document: Document, code: int = status.HTTP_200_OK, *, created: bool | None = None):
        fresh = self.get_queryset().get(pk=document.pk)
        serializer_class = DocumentSerializer if created is None else DocumentUploadedSerializer
        if created is not None:
            fresh.created = created
        return Response(serializer_class(fresh, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):
        if not can_manage_documents(request.user, request.user.producer_id):
            raise exceptions.PermissionDenied
        form = DocumentUploadForm(request.data, request.FILES)
        if not form.is_valid():
            raise serializers.ValidationError({field: list(messages) for field, messages in form.errors.items()})
        with domain_errors():
            document, result = domain.upload_document(
                producer=request.user.producer, by=request.user, **form.domain_fields()
            )
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return self._respond(document, code, created=result.created)

    def partial_update(self, request, *args, **kwargs):
        document = self.get_object()
        write = DocumentUpdateSerializer(document, data=request.data, partial=True)
        write.is_valid(raise_exception=True)
        values = {field: getattr(document, field) for field in ("kind", "title", "valid_until")}
        values |= write.validated_data
        with domain_errors():
            domain.update_document(document=document, by=request.user, **values)
        return self._respond(document)

    @extend_schema(
        summary="Download the document's file",
        description=SCOPE,
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY), 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"])
    def download(self, request, *args, **kwargs):
        document = self.get_object()
        response = FileResponse(
            document.file.open("rb"),
            content_type=document.content_type,
            filename=f"{slugify(document.title) or 'tai-lieu'}.{document.extension}",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
