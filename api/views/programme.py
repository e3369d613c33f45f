"""Support given to producers (programme): funding records, consultants and their assignments. Plans are in
`api.views.plans`, events and attendees in `api.views.events`."""

from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from programme import domain, rules
from programme.models import Assignment, Consultant, Funding, FundingSource

from .. import filtering
from ..errors import domain_errors
from ..schema import BAD_INPUT, NOT_ALLOWED, NOT_FOUND
from ..serializers.programme import (
    ASSIGNMENT_RELATED,
    CONSULTANT_RELATED,
    FUNDING_RELATED,
    AssignmentSerializer,
    AssignmentWriteSerializer,
    ConsultantSerializer,
    ConsultantWriteSerializer,
    EndAssignmentSerializer,
    FundingSerializer,
    FundingWriteSerializer,
)
from ..tokens import WriteScope
from .writes import DomainWrites

FUNDING_LIST = filtering.ListQuery(
    filters=(
        filtering.producer_area("area", "producer"),
        filtering.year("granted_on__year", "Year the support was granted."),
        filtering.choice("source", "source", FundingSource.choices, "Where the money came from."),
        filtering.text("producer", "producer__code", "The producer's `code`."),
    ),
    ordering={"granted": "granted_on", "amount": "amount", "created": "created_at"},
    default=("-granted",),
)
CONSULTANT_LIST = filtering.ListQuery(
    filters=(
        filtering.choice("kind", "kind", Consultant.Kind.choices, "A person or a consulting firm."),
        filtering.area_q("province", lambda area: Q(province=area), "The province's area key."),
    ),
    ordering={"name": "name", "created": "created_at"},
    default=("name",),
)
ASSIGNMENT_LIST = filtering.ListQuery(
    filters=(
        filtering.text("consultant", "consultant__code", "The consultant's `code`."),
        filtering.text("producer", "producer__code", "The `code` of a producer advised by name."),
    ),
    ordering={"starts": "starts_on", "ends": "ends_on"},
    default=("-starts",),
)
FUNDING_SCOPE = (
    "Funding reaches the producer's users, its commune's officers and its province's office; the national roles "
    "read all. A record outside that answers 404."
)
FUNDING_WHO = "By the officers whose area holds the producer: its commune's and its province's, and administrators."
CONSULTANT_SCOPE = (
    "A province's consultants reach its OCOP office and its communes' officers; the national roles read all. "
    "Another one answers 404."
)
CONSULTANT_WHO = "The province's OCOP officers keep its list of consultants and assign them (and administrators)."


class ProgrammeViewSet(DomainWrites, viewsets.GenericViewSet):
    lookup_field = "code"
    token_scope = WriteScope.PROGRAMME
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]


@extend_schema(tags=["support"])
@extend_schema_view(
    list=extend_schema(summary="List funding", description=FUNDING_SCOPE, parameters=FUNDING_LIST.parameters()),
    retrieve=extend_schema(
        summary="Get a funding record", description=FUNDING_SCOPE, responses={200: FundingSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary="Record funding",
        description="Money given to a producer the caller sees, for one of its dossiers or the producer as a whole. "
        + FUNDING_WHO,
        request=FundingWriteSerializer,
        responses={201: FundingSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED},
    ),
    partial_update=extend_schema(
        summary="Change a funding record",
        description="Its amount, source, purpose, date or dossier; the producer stays. " + FUNDING_WHO,
        request=FundingWriteSerializer,
        responses={200: FundingSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    ),
    destroy=extend_schema(
        summary="Delete a funding record",
        description=FUNDING_WHO,
        responses={204: None, 403: NOT_ALLOWED, 404: NOT_FOUND},
    ),
)
class FundingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ProgrammeViewSet,
):
    serializer_class = FundingSerializer

    def get_queryset(self):
        queryset = Funding.objects.visible_to(self.request.user).select_related(*FUNDING_RELATED)
        return FUNDING_LIST.apply(self.request, queryset) if self.action == "list" else queryset

    def create(self, request, *args, **kwargs):
        if not rules.can_record_support(request.user):
            raise exceptions.PermissionDenied
        values = self._read(FundingWriteSerializer)
        with domain_errors(application="dossier"):
            funding = domain.record_funding(by=request.user, **values)
        return self._respond(funding, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        funding = self.get_object()
        if not rules.can_edit_funding(request.user, funding):
            raise exceptions.PermissionDenied
        values = self._read(FundingWriteSerializer, partial=True)
        if "producer" in values and values["producer"].pk != funding.producer_id:
            raise serializers.ValidationError({"producer": [_("Không đổi được chủ thể của khoản hỗ trợ.")]})
        values.pop("producer", None)
        with domain_errors(application="dossier"):
            domain.update_funding(funding=funding, by=request.user, **values)
        return self._respond(funding)

    def destroy(self, request, *args, **kwargs):
        funding = self.get_object()
        domain.delete_funding(funding=funding, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["support"])
@extend_schema_view(
    list=extend_schema(
        summary="List consultants", description=CONSULTANT_SCOPE, parameters=CONSULTANT_LIST.parameters()
    ),
    retrieve=extend_schema(
        summary="Get a consultant", description=CONSULTANT_SCOPE, responses={200: ConsultantSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary="Add a consultant",
        description="A person or firm the province works with; in the caller's own province (an administrator "
        "names it). " + CONSULTANT_WHO,
        request=ConsultantWriteSerializer,
        responses={201: ConsultantSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED},
    ),
    partial_update=extend_schema(
        summary="Change a consultant",
        description="Its kind, name, organisation, expertise and contacts; the province stays. " + CONSULTANT_WHO,
        request=ConsultantWriteSerializer,
        responses={200: ConsultantSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    ),
)
class ConsultantViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ProgrammeViewSet,
):
    serializer_class = ConsultantSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        queryset = Consultant.objects.visible_to(self.request.user).select_related(*CONSULTANT_RELATED)
        return CONSULTANT_LIST.apply(self.request, queryset) if self.action == "list" else queryset

    def create(self, request, *args, **kwargs):
        if not rules.can_manage_consultants(request.user):
            raise exceptions.PermissionDenied
        values = self._read(ConsultantWriteSerializer)
        if "province" not in values and request.user.area_id is None:
            raise serializers.ValidationError({"province": [_("Chọn tỉnh của tư vấn.")]})
        with domain_errors():
            consultant = domain.save_consultant(consultant=Consultant(**values), by=request.user)
        return self._respond(consultant, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        consultant = self.get_object()
        if not rules.can_edit_consultant(request.user, consultant):
            raise exceptions.PermissionDenied
        values = self._read(ConsultantWriteSerializer, partial=True)
        if "province" in values and values.pop("province").pk != consultant.province_id:
            raise serializers.ValidationError({"province": [_("Không đổi được tỉnh của tư vấn.")]})
        stored = Consultant.objects.get(pk=consultant.pk)
        for name, value in values.items():
            setattr(stored, name, value)
        with domain_errors():
            domain.save_consultant(consultant=stored, by=request.user)
        return self._respond(consultant)


@extend_schema(tags=["support"])
@extend_schema_view(
    list=extend_schema(
        summary="List consultant assignments",
        description="Assignments reach the offices whose area holds the producer or area advised, and the producer "
        "advised by name. " + CONSULTANT_WHO,
        parameters=ASSIGNMENT_LIST.parameters(),
    ),
    retrieve=extend_schema(summary="Get an assignment", responses={200: AssignmentSerializer, 404: NOT_FOUND}),
    create=extend_schema(
        summary="Assign a consultant",
        description="To one producer (`producer`) or to every producer of an area (`area`: a former district, a "
        "commune or a province of today), in the consultant's province. " + CONSULTANT_WHO,
        request=AssignmentWriteSerializer,
        responses={201: AssignmentSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED},
    ),
)
class AssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ProgrammeViewSet):
    serializer_class = AssignmentSerializer
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        queryset = Assignment.objects.visible_to(self.request.user).select_related(*ASSIGNMENT_RELATED)
        return ASSIGNMENT_LIST.apply(self.request, queryset) if self.action == "list" else queryset

    def create(self, request, *args, **kwargs):
        if not rules.can_manage_consultants(request.user):
            raise exceptions.PermissionDenied
        values = self._read(AssignmentWriteSerializer)
        with domain_errors():
            assignment = domain.assign_consultant(by=request.user, **values)
        return self._respond(assignment, status.HTTP_201_CREATED)

    @extend_schema(
        summary="End an assignment",
        description="The last day the consultant advises. " + CONSULTANT_WHO,
        request=EndAssignmentSerializer,
        responses={200: AssignmentSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def end(self, request, *args, **kwargs):
        assignment = self.get_object()
        if not rules.can_edit_assignment(request.user, assignment):
            raise exceptions.PermissionDenied
        values = self._read(EndAssignmentSerializer)
        with domain_errors():
            domain.end_assignment(assignment=assignment, ends_on=values["ends_on"], by=request.user)
        return self._respond(assignment)
