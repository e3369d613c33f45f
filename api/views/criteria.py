from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, viewsets

from .. import params
from ..schema import NOT_FOUND
from ..serializers.criteria import CriteriaSetSerializer, criteria_sets_in_force

LEGAL_VERSION = OpenApiParameter(
    "legal_version",
    OpenApiTypes.STR,
    description="Code of the legal version, e.g. `QD26_2026`. Default: the version in force today.",
)


@extend_schema(tags=["criteria-sets"])
@extend_schema_view(
    list=extend_schema(
        summary="List product sets",
        description="The OCOP classification: sector, group and product set (QĐ 26/2026, Phụ lục I), with the "
        "managing agency. Public: no sign-in.",
        parameters=[
            LEGAL_VERSION,
            OpenApiParameter("sector", OpenApiTypes.STR, description="Sector numeral, e.g. `I`."),
            OpenApiParameter("group", OpenApiTypes.STR, description="Group code, e.g. `I.3`."),
        ],
    ),
    retrieve=extend_schema(
        summary="Get a product set",
        description="Public: no sign-in.",
        parameters=[
            OpenApiParameter("number", OpenApiTypes.INT, OpenApiParameter.PATH, description="Set number, 1–26."),
            LEGAL_VERSION,
        ],
        responses={200: CriteriaSetSerializer, 404: NOT_FOUND},
    ),
)
class CriteriaSetViewSet(viewsets.ReadOnlyModelViewSet):
    # The classification is public reference data: anyone may read it.
    serializer_class = CriteriaSetSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "number"
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        request = self.request
        queryset = criteria_sets_in_force(params.text(request, "legal_version")).select_related(
            "group__sector", "legal_version"
        )
        if self.action != "list":
            return queryset
        if sector := params.text(request, "sector"):
            queryset = queryset.filter(group__sector__numeral=sector)
        if group := params.text(request, "group"):
            queryset = queryset.filter(group__code=group)
        return queryset
