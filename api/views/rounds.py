"""Rounds, their councils and the council's regulation: what the round, council and regulation pages do, through
the same `evaluation.domain` functions (rights, validation, audit, notifications)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from evaluation import domain
from evaluation.domain._common import regulation_of
from evaluation.domain.rounds import NOT_ELIGIBLE, ROUND_EDITABLE
from evaluation.models import Evaluation, Level, Round
from evaluation.rules import can_manage_round, can_organise, organiser_level

from .. import filtering
from ..errors import domain_errors
from ..schema import BAD_INPUT, NOT_ALLOWED, NOT_FOUND
from ..serializers.council import (
    AssignSerializer,
    CouncilMemberSerializer,
    EligibleAccountSerializer,
    MemberWriteSerializer,
    RegulationSerializer,
    RoundStatusSerializer,
    RoundWriteSerializer,
    SeatQuerySerializer,
)
from ..serializers.dossiers import dossier_in_scope
from ..serializers.evaluation import EVALUATION_RELATED, ROUND_RELATED, EvaluationSerializer, RoundSerializer
from ..tokens import WriteScope

ROUND_LIST = filtering.ListQuery(
    filters=(
        filtering.choice("status", "status", Round.Status.choices, "The round's state."),
        filtering.choice("level", "level", Level.choices, "Provincial or central round."),
        filtering.year("evaluate_by__year", "Year the round is to be evaluated by."),
    ),
    ordering={"evaluate_by": "evaluate_by", "proposal_cutoff": "proposal_cutoff", "created": "created_at"},
    default=("-evaluate_by",),
)
ROUND_SCOPE = (
    "A round outside the user's scope answers 404: a province's officers see its rounds, council members the "
    "rounds they sit on until closed, national roles all."
)
ORGANISERS = (
    "The round's organisers: its province's OCOP officers (central round: ministry officers), or an "
    "administrator; anyone else who sees the round gets 403."
)


@extend_schema(tags=["evaluation"])
@extend_schema_view(
    list=extend_schema(summary="List evaluation rounds", description=ROUND_SCOPE, parameters=ROUND_LIST.parameters()),
    retrieve=extend_schema(
        summary="Get a round and its council", description=ROUND_SCOPE, responses={200: RoundSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary="Create a round",
        description="A province's OCOP officer creates a round of their province; a ministry officer (or an "
        "administrator) a central round. It opens for dossiers, under the legal version in force on the proposal "
        "cut-off. Dates off the statutory calendar are allowed and listed in `date_warnings`.",
        request=RoundWriteSerializer,
        responses={201: RoundSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED},
    ),
    partial_update=extend_schema(
        summary="Change a round's name, dates or council decision",
        description=ORGANISERS + " Refused (400) once the round is closed.",
        request=RoundWriteSerializer,
        responses={200: RoundSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    ),
)
class RoundViewSet(viewsets.ReadOnlyModelViewSet):
    # get_queryset is the visibility query (404 outside the scope); every write is the function the round's pages
    # call, which checks the organiser's right (403), the round's state, audits and notifies.
    serializer_class = RoundSerializer
    lookup_field = "code"
    token_scope = WriteScope.SCORING

    def get_queryset(self):
        queryset = (
            Round.objects.visible_to(self.request.user)
            .select_related(*ROUND_RELATED, "legal_version")
            .prefetch_related("memberships__user")
        )
        if self.action == "list":
            return ROUND_LIST.apply(self.request, queryset)
        return queryset

    def _read(self, serializer_class, data=None, **kwargs):
        write = serializer_class(data=self.request.data if data is None else data, **kwargs)
        write.is_valid(raise_exception=True)
        return write.validated_data

    def _managed(self) -> Round:
        """The round for an organiser's change: 404 outside the scope, 403 for whoever only sees it (as the pages)."""
        round_ = self.get_object()
        if not can_manage_round(self.request.user, round_):
            raise exceptions.PermissionDenied
        return round_

    def _respond(self, round_: Round, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=round_.pk)
        return Response(RoundSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):
        organiser = organiser_level(request.user)
        if organiser is None:
            raise exceptions.PermissionDenied
        level, _province_id = organiser
        values = self._read(RoundWriteSerializer)
        with domain_errors():
            round_ = domain.create_round(
                by=request.user, level=level, province=request.user.area if level == Level.PROVINCE else None, **values
            )
        return self._respond(round_, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        round_ = self._managed()
        values = self._read(RoundWriteSerializer, partial=True)
        current = {name: getattr(round_, name) for name in ROUND_EDITABLE}
        with domain_errors():
            domain.update_round(round_=round_, by=request.user, **{**current, **values})
        return self._respond(round_)

    @extend_schema(
        summary="Move a round: open, scoring, closed",
        description=ORGANISERS + " open (taking dossiers) ⇄ scoring → closed; the round closes only once every "
        "session in it is closed (400 otherwise).",
        request=RoundStatusSerializer,
        responses={200: RoundSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, *args, **kwargs):
        round_ = self._managed()
        values = self._read(RoundStatusSerializer)
        with domain_errors():
            domain.set_round_status(round_=round_, status=values["status"], by=request.user)
        return self._respond(round_)

    @extend_schema(
        methods=["GET"],
        summary="The round's council, by username",
        description=ORGANISERS,
        responses={200: CouncilMemberSerializer(many=True), 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        summary="Seat an account in the council",
        description=ORGANISERS + " As chair (one per round), member or advisory-team member; the account is one of "
        "`eligible-members` for that role (400 otherwise). The member is told, and a chair or member is invited to "
        "score each session of the round still open.",
        request=MemberWriteSerializer,
        responses={201: CouncilMemberSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    # A council is a few people: listed whole, not by pages.
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def members(self, request, *args, **kwargs):
        round_ = self._managed()
        if request.method == "GET":
            seats = round_.memberships.select_related("user").order_by("role", "id")
            return Response(CouncilMemberSerializer(seats, many=True).data)
        values = self._read(MemberWriteSerializer)
        # As the council page's list of accounts: only those that may take that seat can be named.
        user = domain.eligible_accounts(round_, seat=values["role"]).filter(username=values["username"]).first()
        if user is None:
            raise exceptions.ValidationError({"username": [str(NOT_ELIGIBLE)]})
        with domain_errors(user="username"):
            membership = domain.add_member(
                round_=round_, user=user, role=values["role"], agency=values["agency"], by=request.user
            )
        return Response(CouncilMemberSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Accounts that may take a seat",
        description=ORGANISERS + " Active accounts that may sit in the council as `role`, not seated yet: the "
        "province's council (or advisory) accounts; for a central round national ones and ministry officers.",
        parameters=[SeatQuerySerializer],
        responses={200: EligibleAccountSerializer(many=True), 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"], url_path="eligible-members", pagination_class=None)
    def eligible(self, request, *args, **kwargs):
        round_ = self._managed()
        seat = self._read(SeatQuerySerializer, data=request.query_params)["role"]
        return Response(EligibleAccountSerializer(domain.eligible_accounts(round_, seat=seat), many=True).data)

    @extend_schema(
        summary="Take a seat away",
        description=ORGANISERS + " Refused (400) while the member has a submitted sheet in the round or once the "
        "round is closed; their drafts stay but no longer count. The member is told.",
        parameters=[OpenApiParameter("username", str, OpenApiParameter.PATH, description="The seated account.")],
        responses={204: None, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["delete"], url_path=r"members/(?P<username>[^/]+)")
    def member(self, request, *args, **kwargs):
        round_ = self._managed()
        membership = get_object_or_404(
            round_.memberships.select_related("user", "round"), user__username=kwargs["username"]
        )
        with domain_errors():
            domain.remove_member(membership=membership, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Assign a dossier to the round",
        description=ORGANISERS + " Opens the dossier's session, scored on the sheet of its own legal version and "
        "criteria set, while the round takes dossiers: a provincial round takes its province's received dossiers "
        "(which move to in-round), the central round those proposed for 5★. The council is invited to score. A "
        "dossier the user does not see, or in another state, is a 400.",
        request=AssignSerializer,
        responses={201: EvaluationSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, *args, **kwargs):
        round_ = self._managed()
        values = self._read(AssignSerializer)
        application = dossier_in_scope(request.user, values["dossier"])
        with domain_errors():
            evaluation = domain.assign_to_round(round_=round_, application=application, by=request.user)
        fresh = Evaluation.objects.select_related(*EVALUATION_RELATED).get(pk=evaluation.pk)
        body = EvaluationSerializer(fresh, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(tags=["evaluation"])
class RegulationView(APIView):
    """The council regulation of the caller's council: a province's OCOP officer's province, the central council's
    for ministry officers and administrators. Anyone else has none (404), as on the regulation page."""

    token_scope = WriteScope.SCORING

    def _organiser(self, request) -> tuple[str, int | None]:
        organiser = organiser_level(request.user)
        if organiser is None or not can_organise(request.user, level=organiser[0], province_id=organiser[1]):
            raise Http404
        return organiser

    @extend_schema(
        summary="The council's regulation",
        description="Quorum and maximum gap of the caller's council (the defaults until one is set).",
        responses={200: RegulationSerializer, 404: NOT_FOUND},
    )
    def get(self, request):
        _level, province_id = self._organiser(request)
        return Response(RegulationSerializer(regulation_of(province_id), context={"request": request}).data)

    @extend_schema(
        summary="Set the council's regulation",
        description="The quorum of submitted sheets a session needs to close (at least 1) and the maximum gap "
        "between members' totals (above 0), as the regulation page sets them; audited.",
        request=RegulationSerializer,
        responses={200: RegulationSerializer, 400: BAD_INPUT, 404: NOT_FOUND},
    )
    def put(self, request):
        level, _province_id = self._organiser(request)
        write = RegulationSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        with domain_errors():
            regulation = domain.set_regulation(
                province=request.user.area if level == Level.PROVINCE else None,
                by=request.user,
                quorum=write.validated_data["quorum"],
                max_gap=write.validated_data["max_gap"],
            )
        return Response(RegulationSerializer(regulation, context={"request": request}).data)
