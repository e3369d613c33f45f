from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, viewsets

from areas.models import Area, AreaMapping

from .. import params
from ..schema import NOT_FOUND
from ..serializers.areas import AreaSerializer

AREA_FILTERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Name search, diacritics optional: `chuong my`."),
    OpenApiParameter("era", OpenApiTypes.STR, enum=Area.Era.values, description="2025: today; 2019: before 1/7/2025."),
    OpenApiParameter("level", OpenApiTypes.STR, enum=Area.Level.values),
    OpenApiParameter(
        "parent",
        OpenApiTypes.STR,
        description="Code of the parent unit, e.g. `01` (Hà Nội). Combine with `era`: codes repeat across eras.",
    ),
]
AREA_KEY = [
    OpenApiParameter("era", OpenApiTypes.STR, OpenApiParameter.PATH, enum=Area.Era.values),
    OpenApiParameter("level", OpenApiTypes.STR, OpenApiParameter.PATH, enum=Area.Level.values),
    OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH, description="Official code, e.g. `10030`."),
]


@extend_schema(tags=["areas"])
@extend_schema_view(
    list=extend_schema(
        summary="List administrative units",
        description="Provinces, districts (before 1 July 2025) and communes of both eras. Public: no sign-in.",
        parameters=AREA_FILTERS,
    ),
    retrieve=extend_schema(
        summary="Get an administrative unit",
        description="A unit of before 1 July 2025 names the units of today that took it over. Public: no sign-in.",
        parameters=AREA_KEY,
        responses={200: AreaSerializer, 404: NOT_FOUND},
    ),
)
class AreaViewSet(viewsets.ReadOnlyModelViewSet):
    # Administrative units are public reference data: anyone may read them.
    serializer_class = AreaSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        mappings = Prefetch("mapped_to", queryset=AreaMapping.objects.select_related("new__parent"))
        queryset = Area.objects.select_related("parent__parent", "current_province").prefetch_related(mappings)
        if self.action != "list":
            return queryset
        request = self.request
        if q := params.text(request, "q"):
            queryset = queryset.search(q)
        if era := params.choice(request, "era", Area.Era.choices):
            queryset = queryset.filter(era=era)
        if level := params.choice(request, "level", Area.Level.choices):
            queryset = queryset.filter(level=level)
        if parent := params.text(request, "parent"):
            queryset = queryset.filter(parent__code=parent)
        return queryset

    def get_object(self):
        # A unit is known by (era, level, code), never by its database id.
        kwargs = self.kwargs
        return get_object_or_404(self.get_queryset(), era=kwargs["era"], level=kwargs["level"], code=kwargs["code"])
