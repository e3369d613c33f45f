"""Open data as public API lists (`/api/v1/open/<dataset>/`): the same records and rows as the files of
`/du-lieu-mo/` (`opendata.datasets`), paginated, filtered by today's province and by star, ordered by a field."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from opendata.datasets import DATASETS
from opendata.export import resource

from .. import params
from ..schema import NOT_FOUND

DATASET = OpenApiParameter("dataset", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(DATASETS))
FILTERS = [
    OpenApiParameter("province", OpenApiTypes.STR, description="Code of today's province, e.g. `01` (Hà Nội)."),
    OpenApiParameter("star", OpenApiTypes.INT, enum=[3, 4, 5], description="Products and certificates only."),
    OpenApiParameter(
        "ordering",
        OpenApiTypes.STR,
        description="A field marked orderable in the data dictionary (`/api/v1/open/`), `-` first for descending.",
    ),
    OpenApiParameter("page", OpenApiTypes.INT),
]
PAGE = inline_serializer(
    "OpenDataPage",
    {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": serializers.ListField(child=serializers.DictField()),
    },
)


def _plain(row: dict) -> dict:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in row.items()}


class OpenDataIndexView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        tags=["open data"],
        operation_id="open_data_index",
        summary="List the open data sets and their data dictionary",
        description="Each set's fields (name, type, meaning in Vietnamese and English) and licence. Public.",
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        return Response({"datasets": [resource(d) for d in DATASETS.values()]})


class OpenDataListView(APIView):
    # Public data, as on the public pages: anyone may read it.
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        tags=["open data"],
        operation_id="open_data_list",
        summary="List an open data set",
        description="The rows of the file `/du-lieu-mo/<dataset>.csv` of today, live, paginated. Public: no sign-in.",
        parameters=[DATASET, *FILTERS],
        responses={200: PAGE, 400: OpenApiTypes.OBJECT, 404: NOT_FOUND},
    )
    def get(self, request, dataset: str):
        found = DATASETS.get(dataset)
        if found is None:
            raise Http404
        day = timezone.localdate()
        records = found.ordered(day)
        province = params.text(request, "province")
        star = params.choice(request, "star", [("3", "3"), ("4", "4"), ("5", "5")])
        ordering = params.text(request, "ordering")
        if isinstance(records, QuerySet):
            if province:
                records = records.filter(**{found.province: province}) if found.province else self._refuse("province")
            if star:
                records = records.filter(**{found.star: int(star)}) if found.star else self._refuse("star")
            if ordering:
                field = found.orderings.get(ordering.removeprefix("-"))
                if field is None:
                    raise ValidationError(
                        {"ordering": _("Chỉ sắp xếp được theo: %(fields)s.") % {"fields": ", ".join(found.orderings)}}
                    )
                descending = "-" if ordering.startswith("-") else ""
                records = records.order_by(f"{descending}{field}", *found.default_order)
        else:
            if star or ordering:
                self._refuse("star" if star else "ordering")
            if province:
                records = [r for r in records if r["area_code"] == province]
        paginator = api_settings.DEFAULT_PAGINATION_CLASS()
        page = paginator.paginate_queryset(records, request, view=self)
        return paginator.get_paginated_response([_plain(row) for row in found.rows(day, page)])

    @staticmethod
    def _refuse(name: str):
        raise ValidationError({name: _("Bộ dữ liệu này không lọc hoặc sắp xếp theo tham số này.")})
