from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from producers import domain
from producers.models import Producer, ProducerKind
from producers.rules import can_create_producer, can_delete_producer, can_edit_producer, can_verify_producer

from .. import params
from ..errors import domain_errors
from ..schema import BAD_INPUT, NOT_ALLOWED, NOT_FOUND
from ..serializers.producers import (
    PRODUCER_RELATED,
    ProducerSerializer,
    ProducerVerifySerializer,
    ProducerWriteSerializer,
)
from ..tokens import WriteScope

PRODUCER_FILTERS = [
    OpenApiParameter(
        "q", OpenApiTypes.STR, description="Search by name or representative (diacritics optional), or tax code."
    ),
    OpenApiParameter("status", OpenApiTypes.STR, enum=Producer.Status.values),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=ProducerKind.values),
]
SCOPE = (
    "A producer outside the user's scope (own producer; commune; province; all for ministry and administrators) "
    "answers 404."
)


@extend_schema(tags=["producers"])
@extend_schema_view(
    list=extend_schema(summary="List producers", description=SCOPE, parameters=PRODUCER_FILTERS),
    retrieve=extend_schema(
        summary="Get a producer", description=SCOPE, responses={200: ProducerSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary="Register a producer",
        description="For commune and province officers and administrators, in a commune of their area. The "
        "producer then waits for its commune to verify it.",
        request=ProducerWriteSerializer,
        responses={201: ProducerSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED},
    ),
    partial_update=extend_schema(
        summary="Change a producer",
        description="For the producer's own users and the officers of its area. A verified producer that changes "
        "its name, type, tax code or address through its own account goes back to its commune for verification.",
        request=ProducerWriteSerializer,
        responses={200: ProducerSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    ),
    destroy=extend_schema(
        summary="Delete a producer registered by mistake",
        description="For province officers and administrators; a producer with products cannot be deleted.",
        responses={204: None, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    ),
)
class ProducerViewSet(viewsets.ModelViewSet):
    # get_queryset is the visibility query, so whatever is outside the scope is a 404; writes go through
    # producers.domain (validation and audit), and its permission rules decide 403 for what the user sees.
    serializer_class = ProducerSerializer
    lookup_field = "code"
    token_scope = WriteScope.PRODUCERS
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        queryset = Producer.objects.visible_to(self.request.user).select_related(*PRODUCER_RELATED)
        if self.action != "list":
            return queryset
        request = self.request
        if q := params.text(request, "q"):
            queryset = queryset.search(q)
        if state := params.choice(request, "status", Producer.Status.choices):
            queryset = queryset.filter(status=state)
        if kind := params.choice(request, "kind", ProducerKind.choices):
            queryset = queryset.filter(kind=kind)
        return queryset

    def _respond(self, producer: Producer, code: int = status.HTTP_200_OK) -> Response:
        # Read back through the scoped query so the answer has the same shape (and joins) as a GET.
        fresh = self.get_queryset().get(pk=producer.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs):
        if not can_create_producer(request.user):
            raise exceptions.PermissionDenied
        write = ProducerWriteSerializer(data=request.data, context=self.get_serializer_context())
        write.is_valid(raise_exception=True)
        with domain_errors(area="area_code"):
            producer = domain.create_producer(by=request.user, **write.validated_data)
        return self._respond(producer, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        producer = self.get_object()
        if not can_edit_producer(request.user, producer):
            raise exceptions.PermissionDenied
        write = ProducerWriteSerializer(data=request.data, partial=True, context=self.get_serializer_context())
        write.is_valid(raise_exception=True)
        with domain_errors(area="area_code"):
            domain.update_producer(producer=producer, by=request.user, **write.validated_data)
        return self._respond(producer)

    def destroy(self, request, *args, **kwargs):
        producer = self.get_object()
        if not can_delete_producer(request.user, producer):
            raise exceptions.PermissionDenied
        with domain_errors():
            domain.delete_producer(producer=producer, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Verify a producer",
        description="The commune (or the province, or an administrator) confirms that the producer exists as "
        "declared (`approve: true`), or records why it could not (`approve: false` with a `note`).",
        request=ProducerVerifySerializer,
        responses={200: ProducerSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def verify(self, request, *args, **kwargs):
        producer = self.get_object()
        if not can_verify_producer(request.user, producer):
            raise exceptions.PermissionDenied
        write = ProducerVerifySerializer(data=request.data)
        write.is_valid(raise_exception=True)
        with domain_errors():
            domain.verify_producer(producer=producer, by=request.user, **write.validated_data)
        return self._respond(producer)
