"""Annual plans (programme): the targets per area, year and indicator, a province's split over its communes, and
plan against actual as the report computes it (`reports.figures`, the tables in `PLANNED`)."""

from django.db.models import Q
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import scope
from areas.keys import area_key
from areas.models import Area
from programme import domain, rules
from programme.models import Indicator, Plan
from reports.figures import PLANNED, TABLE_KEYS, report_tables
from reports.filters import read_report
from reports.rules import can_view_reports

from .. import filtering, params
from ..errors import domain_errors
from ..schema import BAD_INPUT, NOT_ALLOWED, NOT_FOUND
from ..serializers.messages import MESSAGES
from ..serializers.programme import (
    PLAN_RELATED,
    PlanSerializer,
    PlanSetSerializer,
    SharesSetSerializer,
    SplitSerializer,
    TargetSerializer,
    area_named,
)
from ..statistics import TABLE_FIELDS
from ..tokens import WriteScope
from .writes import DomainWrites

PLAN_LIST = filtering.ListQuery(
    filters=(
        filtering.area_q(
            "area",
            lambda area: Q(area=area),
            "The unit the plan is set for (its own targets): " + filtering.AREA_DESCRIPTION,
        ),
        filtering.area_q(
            "province",
            lambda area: Q(province=area),
            "Every plan that rolls up to this province of today (its own and its communes' and former districts' "
            "shares), by its area key.",
        ),
        filtering.year("year", "The plan's year."),
        filtering.choice("indicator", "indicator", Indicator.choices, "What the target is for."),
    ),
    ordering={"year": "year", "area": "area__code", "indicator": "indicator", "target": "target"},
    default=("-year", "area", "indicator"),
)
SCOPE = (
    "Plans reach the province's OCOP office (its own, its communes' and former districts') and each commune's "
    "officers (their commune's share); the national roles read every plan. A plan outside that answers 404."
)
WHO = (
    "Set by the province's OCOP officers for their province, its communes and former districts, and by administrators."
)
PLANNED_KEYS = [key for key in TABLE_KEYS if key in PLANNED]
PROGRESS = inline_serializer(
    "PlanProgress",
    {
        "area": serializers.CharField(),
        "area_name": serializers.CharField(),
        "year": serializers.IntegerField(),
        "tables": inline_serializer("PlanProgressTable", TABLE_FIELDS, many=True),
    },
)


def _split_body(province: Area, year: int, indicator: str, split: domain.Split, context) -> dict:
    communes = Area.objects.filter(pk__in=split.shares).select_related("parent").order_by("name")
    return SplitSerializer(
        {
            "province": province,
            "year": year,
            "indicator": indicator,
            "target": split.target,
            "total": split.total,
            "difference": split.difference,
            "shares": [{"commune": commune, "target": split.shares[commune.pk]} for commune in communes],
        },
        context=context,
    ).data


@extend_schema(tags=["plans"])
@extend_schema_view(
    list=extend_schema(summary="List plan targets", description=SCOPE, parameters=PLAN_LIST.parameters()),
    retrieve=extend_schema(
        summary="Get a plan target", description=SCOPE, responses={200: PlanSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary="Set a plan target",
        description="The target of an area's plan for a year and indicator: created (201), or changed when that "
        "area, year and indicator already has one (200). " + WHO,
        request=PlanSetSerializer,
        responses={200: PlanSerializer, 201: PlanSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED},
    ),
    partial_update=extend_schema(
        summary="Change a plan target",
        description="Its target or note; the area, year and indicator stay. " + WHO,
        request=TargetSerializer,
        responses={200: PlanSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    ),
    destroy=extend_schema(
        summary="Delete a plan target", description=WHO, responses={204: None, 403: NOT_ALLOWED, 404: NOT_FOUND}
    ),
)
class PlanViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
    DomainWrites,
):
    # get_queryset is the visibility query (404 outside it); every write is programme.domain's, as the plan pages'.
    serializer_class = PlanSerializer
    lookup_field = "code"
    token_scope = WriteScope.PROGRAMME
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        queryset = Plan.objects.visible_to(self.request.user).select_related(*PLAN_RELATED)
        if self.action == "list":
            return PLAN_LIST.apply(self.request, queryset)
        return queryset

    def create(self, request, *args, **kwargs):
        if not rules.can_plan(request.user):
            raise exceptions.PermissionDenied
        values = self._read(PlanSetSerializer)
        key = {name: values[name] for name in ("area", "year", "indicator")}
        existed = Plan.objects.filter(**key).exists()
        with domain_errors():
            plan = domain.set_plan(by=request.user, target=values["target"], note=values["note"], **key)
        return self._respond(plan, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        plan = self.get_object()
        if not rules.can_edit_plan(request.user, plan):
            raise exceptions.PermissionDenied
        values = self._read(TargetSerializer, partial=True)
        with domain_errors():
            domain.set_plan(
                area=plan.area,
                year=plan.year,
                indicator=plan.indicator,
                target=values.get("target", plan.target),
                note=values.get("note", plan.note),
                by=request.user,
            )
        return self._respond(plan)

    def destroy(self, request, *args, **kwargs):
        plan = self.get_object()
        domain.delete_plan(plan=plan, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _province(self, key: str | None) -> Area:
        """The province whose split is read or set, among those the scope rule gives the caller (its own for a
        province's officer; any for the national roles, who name it). Another one is a 404."""
        provinces = scope.in_area(self.request.user, Area.objects.current().filter(level=Area.Level.PROVINCE))
        if key:
            province = provinces.filter(pk=area_named(key, "province").pk).first()
        else:
            province = provinces.filter(pk=self.request.user.area_id).first() if self.request.user.area_id else None
        if province is None:
            raise Http404
        return province

    @extend_schema(
        methods=["GET"],
        summary="A province's split over its communes",
        description="The province's target for a year and indicator, and each commune's share.",
        parameters=[
            OpenApiParameter("province", OpenApiTypes.STR, description="Area key; default: the caller's own province."),
            OpenApiParameter("year", OpenApiTypes.INT, required=True),
            OpenApiParameter("indicator", OpenApiTypes.STR, required=True, enum=Indicator.values),
        ],
        responses={200: SplitSerializer, 400: BAD_INPUT, 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        summary="Split a province's plan over its communes",
        description="Each listed commune's share is set (null removes it), in one transaction, each change audited; "
        "communes not listed keep theirs. The shares need not add up to the province's target: `difference` says "
        "by how much they differ. " + WHO,
        request=SharesSetSerializer,
        responses={200: SplitSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=False, methods=["get", "post"])
    def shares(self, request, *args, **kwargs):
        if request.method == "GET":
            year = params.integer(request, "year", bounds=(2018, 2100))
            indicator = params.choice(request, "indicator", Indicator.choices)
            missing = {
                name: [str(MESSAGES["required"])]
                for name, value in (("year", year), ("indicator", indicator))
                if not value
            }
            if missing:
                raise serializers.ValidationError(missing)
            province = self._province(params.text(request, "province"))
            split = domain.split(province=province, year=year, indicator=indicator)
        else:
            values = self._read(SharesSetSerializer)
            province = self._province(values.get("province"))
            year, indicator = values["year"], values["indicator"]
            with domain_errors():
                split = domain.set_shares(
                    province=province, year=year, indicator=indicator, shares=values["shares"], by=request.user
                )
        return Response(_split_body(province, year, indicator, split, self.get_serializer_context()))

    @extend_schema(
        summary="Plan against actual",
        description="The report's tables that compare with the plan (`"
        + "`, `".join(PLANNED_KEYS)
        + "`) for an area and year, as `/api/v1/statistics/` gives them: the same values as the report page.",
        parameters=[
            OpenApiParameter(
                "area",
                OpenApiTypes.STR,
                description="Area key; default: the caller's own area (the country for national roles).",
            ),
            OpenApiParameter("year", OpenApiTypes.INT, description="Default: this year."),
        ],
        responses={200: PROGRESS, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=False, methods=["get"])
    def progress(self, request, *args, **kwargs):
        if not can_view_reports(request.user):
            raise exceptions.PermissionDenied
        query = {"area": request.query_params.get("area", ""), "period": "years"}
        if (year := params.integer(request, "year", bounds=filtering.YEARS)) is not None:
            query.update(first=year, last=year)
        asked = read_report(request.user, query)
        if asked.report is None:
            raise serializers.ValidationError(asked.form.errors)
        report = asked.report
        return Response(
            {
                "area": area_key(report.area),
                "area_name": report.area.full_name if report.area else "",
                "year": report.period.first,
                "tables": [table.as_dict() for table in report_tables(report, PLANNED_KEYS)],
            }
        )
