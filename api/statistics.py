"""Statistics: the report's tables (`reports.figures`), for the reader's scope, with the page's filters. The same
values as the page and its exports; an area outside the reader's scope is a 404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.databases import on_replica
from reports.figures import TABLE_KEYS, grouping_choices, report_tables
from reports.filters import area_key, read_report
from reports.rules import can_view_reports

from .throttling import SharedScopedRateThrottle, TokenRateThrottle

PARAMETERS = [
    OpenApiParameter(
        "area",
        OpenApiTypes.STR,
        description="Area key `<era>-<level>-<code>`, e.g. `2025-province-01` "
        "or a district of before 2025, `2019-district-277`. Default: the reader's own area (the country "
        "for national roles).",
    ),
    OpenApiParameter(
        "period",
        OpenApiTypes.STR,
        enum=["years", "dates", "round"],
        description="Kind of period (default `years`): years `first`–`last`; a date range `since`–`until` (dossiers "
        "filed, forwarded and received, results of sessions closed, stamps and scans on those days; certificates in "
        "force at `until` and expiring within 180 days of it); or an evaluation round `round` (its dossiers and "
        "results; only a round the reader can see, another one is a 404).",
    ),
    OpenApiParameter("first", OpenApiTypes.INT, description="`period=years`: first year (default: this year)."),
    OpenApiParameter("last", OpenApiTypes.INT, description="`period=years`: last year, included (default: `first`)."),
    OpenApiParameter(
        "since",
        OpenApiTypes.DATE,
        description="`period=dates`: first day, included, as `DD/MM/YYYY` or `YYYY-MM-DD`, from 01/01/2018.",
    ),
    OpenApiParameter(
        "until",
        OpenApiTypes.DATE,
        description="`period=dates`: last day, included, as `DD/MM/YYYY` or `YYYY-MM-DD`, up to 31/12 of this year.",
    ),
    OpenApiParameter("round", OpenApiTypes.STR, description="`period=round`: the round's code."),
    OpenApiParameter(
        "group",
        OpenApiTypes.STR,
        enum=[key for key, _label in grouping_choices()],
        description="Grouping of the breakdown table (default `area`: drills province → commune).",
    ),
]

TABLE_FIELDS = {
    "key": serializers.CharField(),
    "title": serializers.CharField(),
    "columns": serializers.ListField(child=serializers.CharField()),
    "notes": serializers.ListField(child=serializers.DictField()),
    "rows": serializers.ListField(child=serializers.ListField()),
}
REPORT = inline_serializer(
    "StatisticsReport",
    {
        "area": serializers.CharField(),
        "area_name": serializers.CharField(),
        "period": serializers.ChoiceField(choices=["years", "dates", "round"]),
        "first": serializers.IntegerField(),
        "last": serializers.IntegerField(),
        "since": serializers.DateField(),
        "until": serializers.DateField(),
        "round": serializers.CharField(allow_null=True),
        "group": serializers.CharField(),
        "tables": inline_serializer("StatisticsTable", TABLE_FIELDS, many=True),
    },
)


class StatisticsView(APIView):
    throttle_classes = [SharedScopedRateThrottle, TokenRateThrottle]
    throttle_scope = "statistics"

    def _report(self, request):
        if not can_view_reports(request.user):
            raise PermissionDenied
        asked = read_report(request.user, request.query_params)
        if asked.report is None:
            raise serializers.ValidationError(asked.form.errors)
        return asked

    def _tables(self, asked, keys):
        return [table.as_dict() for table in report_tables(asked.report, keys)]

    def _body(self, asked, tables):
        report = asked.report
        return {
            "area": area_key(report.area),
            "area_name": report.area.full_name if report.area else "",
            "period": report.period.kind,
            "first": report.period.first,
            "last": report.period.last,
            "since": report.period.start.isoformat(),
            "until": report.period.end.isoformat(),
            "round": report.period.round.code if report.period.round else None,
            "group": report.grouping,
            "tables": tables,
        }


REPORT_DESCRIPTION = (
    "Every table of the report page for an area and period within the reader's scope: dossiers received, forwarded "
    "and evaluated at each level, results by star, products at 3★ or more, producers with a recognised product by "
    "type, the breakdown by the chosen grouping, communes with and without an OCOP product, GI and collective-mark "
    "products, certificates expiring within 180 days, stamps and scans, and the time at each step. Percentages are "
    "to one decimal."
)


class StatisticsReportView(StatisticsView):
    @extend_schema(
        tags=["statistics"],
        operation_id="statistics_report",
        summary="The whole report",
        description=REPORT_DESCRIPTION,
        parameters=PARAMETERS,
        responses=REPORT,
    )
    @on_replica()
    def get(self, request):
        asked = self._report(request)
        return Response(self._body(asked, self._tables(asked, TABLE_KEYS)))


class StatisticsTableView(StatisticsView):
    @extend_schema(
        tags=["statistics"],
        operation_id="statistics_table",
        summary="One table of the report",
        description=f"One table of the report (`{'`, `'.join(TABLE_KEYS)}`), with the same filters.",
        parameters=PARAMETERS,
        responses=REPORT,
    )
    @on_replica()
    def get(self, request, table: str):
        if table not in TABLE_KEYS:
            raise Http404
        asked = self._report(request)
        return Response(self._body(asked, self._tables(asked, [table])))
