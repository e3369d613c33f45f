"""Trade agreements and a product's marketplace listings: the pages' writes (market.domain.agreements,
market.domain.listings), each checking the right and auditing."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.response import Response

from market import rules
from market.domain import agreements, listings
from market.models import Conversation, Demand, Participation, TradeAgreement
from producers.models import Producer
from products.models import Product
from products.rules import can_edit_product
from programme.models import Event

from .. import filtering
from ..errors import domain_errors
from ..schema import BAD_INPUT, NOT_ALLOWED, NOT_FOUND
from ..serializers.market import (
    AgreementSerializer,
    AgreementWriteSerializer,
    ListingSerializer,
    ListingWriteSerializer,
    by_codes,
    one_by_code,
)
from ..tokens import WriteScope
from .market import read

AGREEMENT_LIST = filtering.ListQuery(
    filters=(
        filtering.choice("kind", "kind", TradeAgreement.Kind.choices, "Memorandum or contract."),
        filtering.text("producer", "producer__code", "The producer's `code`."),
        filtering.text("event", "event__code", "The `code` of the event it was signed at."),
        filtering.producer_area("area", "producer"),
        filtering.year("signed_on__year", "Year it was signed."),
    ),
    ordering={"signed_on": "signed_on", "value": "value", "created": "created_at"},
    default=("-signed_on",),
)
AGREEMENT_SCOPE = (
    "Producers see their own agreements, officers those of the producers of their area, national roles all; "
    "anything else answers 404."
)


@extend_schema(tags=["trade agreements"])
@extend_schema_view(
    list=extend_schema(
        summary="List trade agreements", description=AGREEMENT_SCOPE, parameters=AGREEMENT_LIST.parameters()
    ),
    retrieve=extend_schema(
        summary="Get a trade agreement",
        description=AGREEMENT_SCOPE,
        responses={200: AgreementSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Record a trade agreement",
        description="A producer's user or an officer of its area records a memorandum or contract, for some of the "
        "producer's products, possibly signed at an event the producer took part in, or answering a demand it "
        "talked about (whose buyer then signs). Audited; counted in the event's outcome and the reports.",
        request=AgreementWriteSerializer,
        responses={201: AgreementSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED},
        examples=[
            OpenApiExample(
                "memorandum at a fair",
                value={
                    "producer": "9F2K7M3QXA",
                    "kind": "memorandum",
                    "counterpart_name": "Chuỗi siêu thị Thủ Đô",
                    "counterpart_kind": "supermarket",
                    "products": ["7K3M9QXZ2A"],
                    "signed_on": "2026-11-20",
                    "value": 120000000,
                    "event": "H4N0IFAIR1",
                },
                request_only=True,
            )
        ],
    ),
    destroy=extend_schema(
        summary="Delete a trade agreement",
        description="Recorded by mistake: by the producer's users or the officers of its area. Audited.",
        responses={204: None, 403: NOT_ALLOWED, 404: NOT_FOUND},
    ),
)
class AgreementViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    lookup_field = "code"
    serializer_class = AgreementSerializer
    token_scope = WriteScope.MARKET

    def get_queryset(self):
        rows = (
            TradeAgreement.objects.visible_to(self.request.user)
            .select_related("producer", "event", "buyer", "demand")
            .prefetch_related("products")
        )
        return AGREEMENT_LIST.apply(self.request, rows) if self.action == "list" else rows

    def create(self, request, *args, **kwargs):
        values = dict(read(AgreementWriteSerializer, self))
        user = request.user
        # The agreement page's choices (market.forms.AgreementForm), by code.
        producers = Producer.objects.visible_to(user)
        values["producer"] = one_by_code(producers, values["producer"], "producer")
        values["products"] = by_codes(Product.objects.filter(producer__in=producers), values["products"], "products")
        accepted = Participation.objects.visible_to(user).filter(status=Participation.Status.ACCEPTED)
        events = Event.objects.filter(pk__in=accepted.values("event_id"))
        values["event"] = one_by_code(events, values["event"], "event") if values.get("event") else None
        talked = Conversation.objects.visible_to(user).values("demand_id")
        demands = Demand.objects.visible_to(user).filter(pk__in=talked)
        values["demand"] = one_by_code(demands, values["demand"], "demand") if values.get("demand") else None
        with domain_errors():
            agreement = agreements.record_agreement(by=user, **values)
        fresh = self.get_queryset().get(pk=agreement.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        agreement = self.get_object()
        if not rules.can_edit_agreement(request.user, agreement):
            raise exceptions.PermissionDenied
        agreements.delete_agreement(agreement=agreement, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


LISTING_SCOPE = "Under a product the caller sees (404 otherwise): its producer's users, the officers of its area."


@extend_schema(tags=["products"])
@extend_schema_view(
    list=extend_schema(summary="List a product's marketplace listings", description=LISTING_SCOPE),
    create=extend_schema(
        summary="Add a marketplace listing",
        description="Whoever may edit the product links its page on a marketplace or its producer's own shop. The "
        "address is checked as the page checks it (https, the marketplace's own domain). Audited.",
        request=ListingWriteSerializer,
        responses={201: ListingSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
        examples=[
            OpenApiExample(
                "shopee",
                value={"marketplace": "shopee", "url": "https://shopee.vn/mut-gung-phu-nghia-i.123.456"},
                request_only=True,
            )
        ],
    ),
    destroy=extend_schema(
        summary="Remove a marketplace listing",
        description="Whoever may edit the product. Audited.",
        responses={204: None, 403: NOT_ALLOWED, 404: NOT_FOUND},
    ),
)
class ListingViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    lookup_field = "code"
    serializer_class = ListingSerializer
    token_scope = WriteScope.MARKET

    def product(self) -> Product:
        return get_object_or_404(Product.objects.visible_to(self.request.user), code=self.kwargs["product"])

    def get_queryset(self):
        return self.product().listings.select_related("product").order_by("marketplace", "pk")

    def create(self, request, *args, **kwargs):
        product = self.product()
        if not can_edit_product(request.user, product):
            raise exceptions.PermissionDenied
        values = read(ListingWriteSerializer, self)
        with domain_errors():
            listing = listings.add_listing(product=product, by=request.user, **values)
        return Response(self.get_serializer(listing).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        listing = self.get_queryset().filter(code=self.kwargs["code"]).first()
        if listing is None:
            raise Http404
        if not rules.can_edit_listing(request.user, listing):
            raise exceptions.PermissionDenied
        listings.remove_listing(listing=listing, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
