"""OCOP sales points: the list and each point as the scope shows them, created and changed by the officers of their
area (the operator changes its own fields), and the products they carry set by the officers and the operator, all
through `market.domain.sales_points` as the pages."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action

from market import rules
from market.domain.sales_points import SALES_POINT_FIELDS, save_sales_point, set_products
from market.models import SalesPoint

from .. import filtering
from ..errors import domain_errors
from ..schema import BAD_INPUT, NOT_ALLOWED, NOT_FOUND
from ..serializers.market_sales_points import (
    SALES_POINT_RELATED,
    SalesPointProductsSerializer,
    SalesPointSerializer,
    SalesPointWriteSerializer,
    shelf_prefetch,
)
from ..tokens import WriteScope
from .writes import DomainWrites

SALES_POINT_LIST = filtering.ListQuery(
    filters=(
        filtering.unit_area("area"),
        filtering.boolean("open", "is_open", "Open (in business) or closed."),
        filtering.text("product", "products__code", "Carries the product with this `code`."),
    ),
    ordering={"name": "name", "decision_date": "decision_date", "updated": "updated_at"},
    default=("name",),
)
SCOPE = (
    "A sales point outside the user's scope answers 404: the officers of its commune and province (and the "
    "inspectors and national roles) see it, and its operator's accounts see their own one only."
)
FIELDS = (
    "The officers of its area change every field; its operator's accounts only `opening_hours`, `phone`, `email` and "
    "`is_open` (403 for any other)."
)


@extend_schema(tags=["market"])
@extend_schema_view(
    list=extend_schema(summary="List sales points", description=SCOPE, parameters=SALES_POINT_LIST.parameters()),
    retrieve=extend_schema(
        summary="Get a sales point", description=SCOPE, responses={200: SalesPointSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary="Record a sales point",
        description="By an officer of the commune of today it is in (or of its province), with the decision that "
        "recognised it.",
        request=SalesPointWriteSerializer,
        responses={201: SalesPointSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED},
    ),
    partial_update=extend_schema(
        summary="Change a sales point",
        description=FIELDS,
        request=SalesPointWriteSerializer,
        responses={200: SalesPointSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    ),
)
class SalesPointViewSet(DomainWrites, viewsets.ModelViewSet):
    # get_queryset is the visibility query, so whatever is outside the scope is a 404; writes go through
    # market.domain.sales_points, which checks market.rules and audits.
    serializer_class = SalesPointSerializer
    lookup_field = "code"
    token_scope = WriteScope.MARKET
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        queryset = (
            SalesPoint.objects.visible_to(self.request.user)
            .select_related(*SALES_POINT_RELATED)
            .prefetch_related(shelf_prefetch())
        )
        return SALES_POINT_LIST.apply(self.request, queryset) if self.action == "list" else queryset

    def create(self, request, *args, **kwargs):
        if not rules.can_keep_sales_points(request.user):
            raise exceptions.PermissionDenied
        values = self._read(SalesPointWriteSerializer)
        with domain_errors(area="area_code"):
            point = save_sales_point(sales_point=SalesPoint(**values), by=request.user)
        return self._respond(point, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        point = self.get_object()
        if not rules.sales_point_fields_for(request.user, point, SALES_POINT_FIELDS):
            raise exceptions.PermissionDenied
        values = self._read(SalesPointWriteSerializer, partial=True)
        for name, value in values.items():
            setattr(point, name, value)
        with domain_errors(area="area_code"):
            save_sales_point(sales_point=point, by=request.user)
        return self._respond(point)

    @extend_schema(
        summary="Set the products a sales point carries",
        description="The whole list, by product code, as the sales point's page keeps it: by the officers of its "
        "area and its operator's accounts. A product put on the shelf must have a certificate showing a star today "
        "(400 otherwise); one already carried may stay or be taken off whatever its certificate says now.",
        request=SalesPointProductsSerializer,
        responses={200: SalesPointSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def products(self, request, *args, **kwargs):
        point = self.get_object()
        if not rules.can_keep_shelf(request.user, point):
            raise exceptions.PermissionDenied
        values = self._read(SalesPointProductsSerializer)
        with domain_errors():
            set_products(sales_point=point, products=values["products"], by=request.user)
        return self._respond(point)
