from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, status, viewsets
from rest_framework.response import Response

from products import domain
from products.models import Product
from products.rules import can_edit_product

from .. import params
from ..errors import domain_errors
from ..schema import BAD_INPUT, NOT_ALLOWED, NOT_FOUND
from ..serializers.products import (
    PRODUCT_PREFETCH,
    PRODUCT_RELATED,
    ProductCreateSerializer,
    ProductSerializer,
    ProductUpdateSerializer,
)
from ..tokens import WriteScope

PRODUCT_FILTERS = [
    OpenApiParameter(
        "q",
        OpenApiTypes.STR,
        description="Search by product or producer name (diacritics optional), or the start of the official code.",
    ),
    OpenApiParameter("criteria_set", OpenApiTypes.INT, description="Product set number, 1–26."),
    OpenApiParameter("producer", OpenApiTypes.STR, description="The producer's `code`."),
]
SCOPE = "A product outside the user's scope (that of its producer) answers 404."


@extend_schema(tags=["products"])
@extend_schema_view(
    list=extend_schema(summary="List products", description=SCOPE, parameters=PRODUCT_FILTERS),
    retrieve=extend_schema(
        summary="Get a product", description=SCOPE, responses={200: ProductSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary="Register a product",
        description="For a verified producer, by its own users or the officers of its area. The product gets its "
        "official code, (province code)-(commune code)-(serial)-(year).",
        request=ProductCreateSerializer,
        responses={201: ProductSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED},
    ),
    partial_update=extend_schema(
        summary="Change a product",
        description="The official code never changes.",
        request=ProductUpdateSerializer,
        responses={200: ProductSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    ),
    destroy=extend_schema(
        summary="Delete a product registered by mistake",
        description="A product with a history (a dossier, a certificate, stamps) cannot be deleted: 400.",
        responses={204: None, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    ),
)
class ProductViewSet(viewsets.ModelViewSet):
    # get_queryset is the visibility query, so whatever is outside the scope is a 404; writes go through
    # products.domain (validation, numbering and audit).
    serializer_class = ProductSerializer
    lookup_field = "code"
    token_scope = WriteScope.PRODUCTS
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        queryset = (
            Product.objects.visible_to(self.request.user)
            .select_related(*PRODUCT_RELATED)
            .prefetch_related(*PRODUCT_PREFETCH)
        )
        if self.action != "list":
            return queryset
        request = self.request
        if q := params.text(request, "q"):
            queryset = queryset.search(q)
        if (number := params.integer(request, "criteria_set")) is not None:
            queryset = queryset.filter(criteria_set__number=number)
        if producer := params.text(request, "producer"):
            queryset = queryset.filter(producer__code=producer)
        return queryset

    def _respond(self, product: Product, code: int = status.HTTP_200_OK) -> Response:
        # Read back through the scoped query so the answer has the same shape (and joins) as a GET.
        fresh = self.get_queryset().get(pk=product.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs):
        write = ProductCreateSerializer(data=request.data, context=self.get_serializer_context())
        write.is_valid(raise_exception=True)
        fields = dict(write.validated_data)
        producer = fields.pop("producer")
        with domain_errors():
            product = domain.create_product(by=request.user, producer=producer, **fields)
        return self._respond(product, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        product = self.get_object()
        if not can_edit_product(request.user, product):
            raise exceptions.PermissionDenied
        write = ProductUpdateSerializer(data=request.data, partial=True, context=self.get_serializer_context())
        write.is_valid(raise_exception=True)
        with domain_errors():
            domain.update_product(product=product, by=request.user, **write.validated_data)
        return self._respond(product)

    def destroy(self, request, *args, **kwargs):
        product = self.get_object()
        if not can_edit_product(request.user, product):
            raise exceptions.PermissionDenied
        with domain_errors():
            domain.delete_product(product=product, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
