"""Buyers and their demands: the province's verification, demands with their ranked matches (`market.matching`,
never re-ranked here), producers' answers, and the conversations of a demand's buyer and a producer. Every write is
the function the pages call (market.domain.buyers, market.domain.demands)."""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from market import matching, rules
from market.domain import buyers as buyers_domain
from market.domain import demands as domain
from market.models import Buyer, Conversation, Demand
from producers.models import Producer

from .. import filtering
from ..errors import domain_errors
from ..schema import BAD_INPUT, NOT_ALLOWED, NOT_FOUND
from ..serializers.demands import (
    BUYER_RELATED,
    DEMAND_RELATED,
    AnswerDemandSerializer,
    BuyerSerializer,
    BuyerVerifySerializer,
    ConversationSerializer,
    DemandSerializer,
    DemandWriteSerializer,
    EndDemandSerializer,
    MatchSerializer,
    MessageSerializer,
    MessageWriteSerializer,
    StartConversationSerializer,
)
from ..serializers.market import by_codes, one_by_code
from ..tokens import WriteScope
from .market import read

BUYER_LIST = filtering.ListQuery(
    filters=(filtering.choice("status", "status", Buyer.Status.choices, "Waiting, verified or refused."),),
    ordering={"name": "name", "created": "created_at", "status": "status"},
    default=("status", "-created"),
)
DEMAND_LIST = filtering.ListQuery(
    filters=(filtering.choice("status", "status", Demand.Status.choices, "Open, closed or withdrawn."),),
    ordering={"created": "created_at", "deadline": "deadline", "title": "title"},
    default=("-created",),
)
BUYER_SCOPE = "The OCOP officers of the buyer's province (and national roles) see it, the buyer its own; else 404."
DEMAND_SCOPE = (
    "A buyer sees its own demands, the officers of its province theirs, a producer the open demands its products "
    "match (as its demands page shows) and those it talks about; anything else answers 404."
)
DEMAND_EXAMPLE = {
    "title": "Mứt, kẹo OCOP cho Tết",
    "criteria_set": 3,
    "quantity": "500.00",
    "unit": "hộp",
    "period_from": "2026-12-20",
    "period_to": "2027-01-31",
    "min_stars": 3,
    "certifications": ["vietgap"],
    "delivery_area": "2025-province-01",
    "deadline": "2026-12-15",
}


@extend_schema(tags=["buyers"])
@extend_schema_view(
    list=extend_schema(summary="List buyers", description=BUYER_SCOPE, parameters=BUYER_LIST.parameters()),
    retrieve=extend_schema(
        summary="Get a buyer", description=BUYER_SCOPE, responses={200: BuyerSerializer, 404: NOT_FOUND}
    ),
)
class BuyerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_field = "code"
    serializer_class = BuyerSerializer
    token_scope = WriteScope.MARKET

    def get_queryset(self):
        rows = Buyer.objects.visible_to(self.request.user).select_related(*BUYER_RELATED)
        return BUYER_LIST.apply(self.request, rows) if self.action == "list" else rows

    @extend_schema(
        summary="Verify a buyer",
        description="An OCOP officer of the buyer's province verifies it (it may then post demands) or refuses it "
        "with a reason. The buyer is told.",
        request=BuyerVerifySerializer,
        responses={200: BuyerSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
        examples=[OpenApiExample("verify", value={"approve": True}, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def verify(self, request, *args, **kwargs):
        buyer = self.get_object()
        values = read(BuyerVerifySerializer, self)
        with domain_errors():
            buyers_domain.verify_buyer(buyer=buyer, by=request.user, **values)
        return Response(self.get_serializer(self.get_queryset().get(pk=buyer.pk)).data)


@extend_schema(tags=["demands"])
@extend_schema_view(
    list=extend_schema(summary="List demands", description=DEMAND_SCOPE, parameters=DEMAND_LIST.parameters()),
    retrieve=extend_schema(
        summary="Get a demand", description=DEMAND_SCOPE, responses={200: DemandSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary="Post a demand",
        description="A verified buyer posts what it wants to buy. Audited.",
        request=DemandWriteSerializer,
        responses={201: DemandSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED},
        examples=[OpenApiExample("demand", value=DEMAND_EXAMPLE, request_only=True)],
    ),
    partial_update=extend_schema(
        summary="Change a demand",
        description="Its buyer, while it is open; only the fields sent change. Audited.",
        request=DemandWriteSerializer(partial=True),
        responses={200: DemandSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    ),
)
class DemandViewSet(viewsets.GenericViewSet):
    lookup_field = "code"
    serializer_class = DemandSerializer
    token_scope = WriteScope.MARKET

    def get_queryset(self):
        rows = matching.demands_seen_by(self.request.user, day=timezone.localdate()).select_related(*DEMAND_RELATED)
        return DEMAND_LIST.apply(self.request, rows)

    def get_object(self) -> Demand:
        demand = matching.demand_for(self.request.user, self.kwargs["code"], day=timezone.localdate())
        if demand is None:
            raise Http404
        return demand

    def _respond(self, demand: Demand, code: int = status.HTTP_200_OK) -> Response:
        fresh = Demand.objects.select_related(*DEMAND_RELATED).get(pk=demand.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return self._respond(self.get_object())

    def create(self, request, *args, **kwargs):
        values = read(DemandWriteSerializer, self)
        with domain_errors():
            demand = domain.post_demand(by=request.user, **values)
        return self._respond(demand, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        demand = self.get_object()
        if not rules.can_edit_demand(request.user, demand):
            raise exceptions.PermissionDenied
        write = DemandWriteSerializer(data=request.data, partial=True, context=self.get_serializer_context())
        write.is_valid(raise_exception=True)
        with domain_errors():
            domain.update_demand(demand=demand, by=request.user, **write.validated_data)
        return self._respond(demand)

    @extend_schema(
        summary="Close or withdraw a demand",
        description="Its buyer, while it is open. The producers who answered it are told.",
        request=EndDemandSerializer,
        responses={200: DemandSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def end(self, request, *args, **kwargs):
        demand = self.get_object()
        values = read(EndDemandSerializer, self)
        with domain_errors():
            domain.end_demand(demand=demand, by=request.user, status=values["status"])
        return self._respond(demand)

    @extend_schema(
        summary="The demand's matches",
        description="The certified products that match the demand, best first, each with its check of every "
        "requirement and its distance: for the demand's buyer and the officers who list buyers, every match (as "
        "the buyer's page shows them); for a producer's user, its own products' matches. A product whose "
        "certificate has expired or was withdrawn never matches. Others who see the demand: 403.",
        responses={200: MatchSerializer(many=True), 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"])
    def matches(self, request, *args, **kwargs):
        demand = self.get_object()
        user, day = request.user, timezone.localdate()
        buyer, producer = rules.buyer_of(user), rules.producer_of(user)
        context = self.get_serializer_context()
        if (buyer is not None and buyer.pk == demand.buyer_id) or rules.can_list_buyers(user):
            found = matching.rank(demand, day=day)
            context["conversations"] = {c.producer_id: c for c in demand.conversations.all()}
        elif producer is not None:
            found = matching.rank(demand, day=day, products=producer.products.all())
        else:
            raise exceptions.PermissionDenied
        page = self.paginate_queryset(found)
        return self.get_paginated_response(MatchSerializer(page, many=True, context=context).data)

    @extend_schema(
        summary="Answer a demand",
        description="A producer's user offers some of its products that match the open demand, a quantity, a price "
        "and a message; answering again updates the offer. The buyer is told. Answers the conversation.",
        request=AnswerDemandSerializer,
        responses={200: ConversationSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
        examples=[
            OpenApiExample(
                "offer",
                value={
                    "products": ["7K3M9QXZ2A"],
                    "message": "Chúng tôi cung cấp được 300 hộp trước Tết.",
                    "offered_quantity": "300 hộp",
                    "offered_price": "85.000 đ/hộp",
                },
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, *args, **kwargs):
        demand = self.get_object()
        producer = rules.producer_of(request.user)
        if producer is None:
            raise exceptions.PermissionDenied
        values = dict(read(AnswerDemandSerializer, self))
        mine = [m.product for m in matching.rank(demand, day=timezone.localdate(), products=producer.products.all())]
        # The answer page's choice: the producer's products that match (market.forms.AnswerForm).
        values["products"] = by_codes(
            producer.products.filter(pk__in=[p.pk for p in mine]), values["products"], "products"
        )
        with domain_errors():
            conversation = domain.answer_demand(demand=demand, producer=producer, by=request.user, **values)
        fresh = Conversation.objects.select_related("demand", "producer").get(pk=conversation.pk)
        return Response(ConversationSerializer(fresh, context=self.get_serializer_context()).data)


CONVERSATION_SCOPE = "Only its two parties, the demand's buyer and the producer's users, reach it; others get 404."


@extend_schema(tags=["demands"])
@extend_schema_view(
    list=extend_schema(summary="List a demand's conversations", description=CONVERSATION_SCOPE),
    retrieve=extend_schema(
        summary="Get a conversation",
        description=CONVERSATION_SCOPE,
        responses={200: ConversationSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Write to a producer about a demand",
        description="The demand's buyer starts (or continues) its conversation with a producer whose products "
        "match the open demand. The producer is told.",
        request=StartConversationSerializer,
        responses={201: ConversationSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    ),
)
class ConversationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_field = "code"
    serializer_class = ConversationSerializer
    token_scope = WriteScope.MARKET

    def get_queryset(self):
        rows = Conversation.objects.visible_to(self.request.user).filter(demand__code=self.kwargs["demand"])
        return rows.select_related("demand", "producer").prefetch_related("products").order_by("created_at", "pk")

    def _demand(self) -> Demand:
        demand = matching.demand_for(self.request.user, self.kwargs["demand"], day=timezone.localdate())
        if demand is None:
            raise Http404
        return demand

    def list(self, request, *args, **kwargs):
        self._demand()  # a demand the caller does not reach is a 404, not an empty list
        return super().list(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        demand = self._demand()
        buyer = rules.buyer_of(request.user)
        if buyer is None or buyer.pk != demand.buyer_id:
            raise exceptions.PermissionDenied
        values = read(StartConversationSerializer, self)
        producer = one_by_code(Producer.objects.all(), values["producer"], "producer")
        with domain_errors():
            message = domain.write(demand=demand, producer=producer, body=values["body"], by=request.user)
        fresh = self.get_queryset().get(pk=message.conversation_id)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="A conversation's messages",
        description=CONVERSATION_SCOPE + " Oldest first.",
        responses={200: MessageSerializer(many=True), 404: NOT_FOUND},
        methods=["GET"],
    )
    @extend_schema(
        summary="Write in a conversation",
        description=CONVERSATION_SCOPE + " The other side is told in the platform and by e-mail.",
        request=MessageWriteSerializer,
        responses={201: MessageSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
        methods=["POST"],
    )
    @action(detail=True, methods=["get", "post"])
    def messages(self, request, *args, **kwargs):
        conversation = self.get_object()
        if request.method == "POST":
            values = read(MessageWriteSerializer, self)
            with domain_errors():
                message = domain.write(
                    demand=conversation.demand, producer=conversation.producer, body=values["body"], by=request.user
                )
            return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)
        thread = conversation.messages.select_related("conversation__demand__buyer", "conversation__producer")
        page = self.paginate_queryset(thread.order_by("created_at", "pk"))
        return self.get_paginated_response(MessageSerializer(page, many=True).data)
