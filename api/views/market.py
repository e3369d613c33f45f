"""The market side of trade events (producers' applications and invitations, the organiser's decisions, the event's
outcome), under the event's code. Every write is the function the event page calls (market.domain.participation),
which checks the right, audits and tells the other side."""

from django.db.models import Q
from django.http import Http404
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import exceptions, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from market import rules
from market.calendar import public_events, reachable_event
from market.domain import participation as domain
from market.figures import event_memoranda
from market.forms import certified
from market.models import Outcome, Participation
from producers.models import Producer
from products.models import Product
from programme.models import Event

from .. import filtering
from ..errors import domain_errors
from ..permissions import TokenScopes
from ..schema import BAD_INPUT, NOT_ALLOWED, NOT_FOUND
from ..serializers.market import (
    PARTICIPATION_RELATED,
    AnswerInvitationSerializer,
    ApplySerializer,
    DecisionSerializer,
    EventOutcomeSerializer,
    InviteSerializer,
    OutcomeWriteSerializer,
    ParticipationSerializer,
    by_codes,
    one_by_code,
)
from ..tokens import WriteScope

PARTICIPATION_LIST = filtering.ListQuery(
    filters=(filtering.choice("status", "status", Participation.Status.choices, "The participation's state."),),
    ordering={"producer": "producer__name", "created": "created_at", "status": "status"},
    default=("producer",),
)
SEEN = (
    "The event's organisers (the officers of its area) and national roles see every producer on its list; a "
    "producer its own line; everyone, signed in or not, the accepted participants of an event of the public "
    "calendar and their products, as its public page shows them (without reasons). An event the caller reaches "
    "in none of these ways answers 404."
)
REASON_EXAMPLE = OpenApiExample(
    "decline", value={"accept": False, "reason": "Gian hàng đã kín chỗ."}, request_only=True
)


def read(serializer_class, view):
    write = serializer_class(data=view.request.data, context=view.get_serializer_context())
    write.is_valid(raise_exception=True)
    return write.validated_data


class EventMixin:
    """The event of the URL: reachable behind the login (`market.calendar.reachable_event`) or, for reading,
    on the public calendar; anything else is a 404."""

    def event_for_reading(self) -> tuple[Event, bool]:
        """The event and whether the caller reaches it beyond the public."""
        code = self.kwargs["event"]
        event = reachable_event(self.request.user, code)
        if event is not None:
            return event, True
        event = public_events().filter(code=code).first()
        if event is None:
            raise Http404
        return event, False

    def event_for_writing(self) -> Event:
        event = reachable_event(self.request.user, self.kwargs["event"])
        if event is None:
            raise Http404
        return event

    def get_permissions(self):
        # Reading is open to the public (what the event's public page shows); TokenScopes still sees every request.
        if self.request.method in permissions.SAFE_METHODS:
            return [TokenScopes()]
        return super().get_permissions()


@extend_schema(tags=["events"])
@extend_schema_view(
    list=extend_schema(
        summary="List an event's producers",
        description=SEEN,
        parameters=PARTICIPATION_LIST.parameters(),
        responses={200: ParticipationSerializer(many=True), 404: NOT_FOUND},
    ),
    retrieve=extend_schema(
        summary="Get one producer at an event",
        description=SEEN,
        responses={200: ParticipationSerializer, 404: NOT_FOUND},
    ),
)
class ParticipationViewSet(EventMixin, viewsets.GenericViewSet):
    lookup_field = "code"
    serializer_class = ParticipationSerializer
    token_scope = WriteScope.MARKET

    def get_queryset(self):
        event, beyond_public = self.event_for_reading()
        seen = Participation.objects.visible_to(self.request.user).filter(event=event) if beyond_public else None
        rows = Participation.objects.filter(event=event)
        on_calendar = public_events().filter(pk=event.pk).exists()
        public = Q(status=Participation.Status.ACCEPTED) if on_calendar else Q(pk__in=[])
        rows = rows.filter(public | Q(pk__in=seen.values("pk"))) if seen is not None else rows.filter(public)
        self.in_scope = set(seen.values_list("pk", flat=True)) if seen is not None else set()
        rows = rows.select_related(*PARTICIPATION_RELATED).prefetch_related("products")
        return PARTICIPATION_LIST.apply(self.request, rows) if self.action == "list" else rows

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "in_scope": getattr(self, "in_scope", set())}

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)

    def _respond(self, participation: Participation, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=participation.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def _line(self) -> Participation:
        """A line of the event's list the caller sees through its scope (404 otherwise), for its writes."""
        event = self.event_for_writing()
        found = Participation.objects.visible_to(self.request.user).filter(event=event, code=self.kwargs["code"])
        participation = found.select_related(*PARTICIPATION_RELATED).first()
        if participation is None:
            raise Http404
        return participation

    @extend_schema(
        summary="Apply to take part",
        description="A producer's user applies for its producer with some of its products, each with a certificate "
        "showing a star. The event must take applications and not be over; the organisers are told.",
        request=ApplySerializer,
        responses={201: ParticipationSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
        examples=[OpenApiExample("apply", value={"products": ["7K3M9QXZ2A"]}, request_only=True)],
    )
    @action(detail=False, methods=["post"])
    def apply(self, request, *args, **kwargs):
        event = self.event_for_writing()
        producer = request.user.producer if request.user.producer_id else None
        if producer is None or not rules.can_apply(request.user, producer):
            raise exceptions.PermissionDenied
        values = read(ApplySerializer, self)
        products = by_codes(certified(Product.objects.filter(producer=producer)), values["products"], "products")
        with domain_errors():
            participation = domain.apply(event=event, producer=producer, products=products, by=request.user)
        return self._respond(participation, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Invite a producer",
        description="An organiser invites a producer it sees; its users are told and answer with their products.",
        request=InviteSerializer,
        responses={201: ParticipationSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=False, methods=["post"])
    def invite(self, request, *args, **kwargs):
        event = self.event_for_writing()
        if not rules.can_organise(request.user, event):
            raise exceptions.PermissionDenied
        values = read(InviteSerializer, self)
        producer = one_by_code(Producer.objects.visible_to(request.user), values["producer"], "producer")
        with domain_errors():
            participation = domain.invite(event=event, producer=producer, by=request.user)
        return self._respond(participation, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Answer an invitation",
        description="The invited producer's user accepts with its products (the event's capacity holds) or "
        "declines with a reason; the organisers are told.",
        request=AnswerInvitationSerializer,
        responses={200: ParticipationSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
        examples=[
            OpenApiExample("accept", value={"accept": True, "products": ["7K3M9QXZ2A"]}, request_only=True),
            REASON_EXAMPLE,
        ],
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, *args, **kwargs):
        participation = self._line()
        if not rules.can_answer(request.user, participation):
            raise exceptions.PermissionDenied
        values = read(AnswerInvitationSerializer, self)
        products = []
        if values["accept"]:
            mine = certified(Product.objects.filter(producer=participation.producer))
            products = by_codes(mine, values["products"], "products")
        with domain_errors():
            domain.answer(
                participation=participation,
                accept=values["accept"],
                products=products,
                reason=values["reason"],
                by=request.user,
            )
        return self._respond(participation)

    @extend_schema(
        summary="Decide on an application",
        description="An organiser accepts an application (while the event has room) or declines it with a reason, "
        "which the producer reads; its users are told.",
        request=DecisionSerializer,
        responses={200: ParticipationSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
        examples=[OpenApiExample("accept", value={"accept": True}, request_only=True), REASON_EXAMPLE],
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, *args, **kwargs):
        participation = self._line()
        if not rules.can_decide(request.user, participation):
            raise exceptions.PermissionDenied
        values = read(DecisionSerializer, self)
        with domain_errors():
            domain.decide(
                participation=participation, accept=values["accept"], reason=values["reason"], by=request.user
            )
        return self._respond(participation)


@extend_schema(tags=["events"])
class OutcomeViewSet(EventMixin, viewsets.GenericViewSet):
    serializer_class = EventOutcomeSerializer
    token_scope = WriteScope.MARKET

    def _answer(self, event: Event) -> Response:
        outcome = Outcome.objects.filter(event=event).first()
        data = {
            "visitors": outcome.visitors if outcome else None,
            "sales": outcome.sales if outcome else None,
            "note": outcome.note if outcome else "",
            "memoranda": event_memoranda(event),
            "updated_at": outcome.updated_at if outcome else None,
        }
        return Response(EventOutcomeSerializer(data).data)

    @extend_schema(
        summary="Get an event's outcome",
        description="Visitors, sales and the memoranda signed at it, for whoever reaches the event (its public page "
        "shows them too). Nulls until the organisers record it.",
        responses={200: EventOutcomeSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request, *args, **kwargs):
        event, _beyond_public = self.event_for_reading()
        return self._answer(event)

    @extend_schema(
        summary="Record an event's outcome",
        description="An organiser records or corrects what the event achieved (audited). Memoranda are counted from "
        "the trade agreements signed at it, not written here.",
        request=OutcomeWriteSerializer,
        responses={200: EventOutcomeSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
        examples=[
            OpenApiExample("outcome", value={"visitors": 12000, "sales": 850000000, "note": ""}, request_only=True)
        ],
    )
    def update(self, request, *args, **kwargs):
        event = self.event_for_writing()
        if not rules.can_organise(request.user, event):
            raise exceptions.PermissionDenied
        values = read(OutcomeWriteSerializer, self)
        with domain_errors():
            domain.record_outcome(event=event, by=request.user, **values)
        return self._answer(event)
