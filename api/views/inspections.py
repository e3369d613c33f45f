"""Post-recognition inspections (inspections): plans, inspections, their visits with findings and evidence, and
their outcomes. Every read is the visibility query (the province's inspectors and OCOP officers, and the national
roles, as on the pages: 404 for anyone else); every write is the function the pages call (`inspections.domain`),
after the same check of the right the pages make (403), and the domain checks the state and the input (400),
audits and notifies."""

from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts import people
from inspections import domain, rules
from inspections.domain.outcomes import open_remediation
from inspections.models import Evidence, Finding, Inspection, InspectionPlan, Kind, Status, Trigger, Visit
from products.models import Product

from .. import filtering
from ..errors import domain_errors
from ..schema import BAD_INPUT, NOT_ALLOWED, NOT_FOUND
from ..serializers.inspections import (
    INSPECTION_RELATED,
    InspectionDetailSerializer,
    InspectionOpenSerializer,
    InspectionPlanSerializer,
    InspectionSerializer,
    OutcomeCreateSerializer,
    PlanCreateSerializer,
    TransitionRequestSerializer,
    VisitCreateSerializer,
    VisitEvidenceUploadSerializer,
    VisitSerializer,
)
from ..tokens import WriteScope

PLAN_LIST = filtering.ListQuery(
    filters=(filtering.year("year", "The plan's year."),),
    ordering={"year": "year", "title": "title", "created": "created_at"},
    default=("-year", "title"),
)
INSPECTION_LIST = filtering.ListQuery(
    filters=(
        filtering.choice("status", "status", Status.choices, "The inspection's state."),
        filtering.choice("kind", "kind", Kind.choices, "Periodic (under a plan) or ad hoc."),
        filtering.choice("trigger", "trigger", Trigger.choices, "What opened it."),
        filtering.year("starts_on__year", "Year the inspection starts."),
        filtering.producers_area("area", "producers"),
        filtering.text("producer", "producers__code", "A producer's `code`: the inspections that cover it."),
        filtering.text("product", "products__code", "A product's `code`: the inspections that cover it."),
    ),
    ordering={
        "starts": "starts_on",
        "ends": "ends_on",
        "concluded": "concluded_on",
        "status": "status",
        "created": "created_at",
    },
    default=("-starts",),
)
SCOPE = (
    "An inspection (or a plan) outside the user's scope answers 404: the province's inspectors (its service "
    "accounts too) and OCOP officers see their province's, the ministry all; nobody else."
)
ACTS = "The province's inspectors and OCOP officers act (403 for the others who see it). "


@extend_schema(tags=["inspections"])
@extend_schema_view(
    list=extend_schema(summary="List inspection plans", description=SCOPE, parameters=PLAN_LIST.parameters()),
    retrieve=extend_schema(
        summary="Get an inspection plan", description=SCOPE, responses={200: InspectionPlanSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary="Make an inspection plan",
        description="A plan of periodic inspections of the caller's province for a year, by its inspectors or "
        "OCOP officers. Audited.",
        request=PlanCreateSerializer,
        responses={201: InspectionPlanSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED},
    ),
)
class InspectionPlanViewSet(viewsets.ModelViewSet):
    serializer_class = InspectionPlanSerializer
    lookup_field = "code"
    http_method_names = ["get", "post", "head", "options"]
    token_scope = WriteScope.INSPECTIONS

    def get_queryset(self):
        queryset = (
            InspectionPlan.objects.visible_to(self.request.user)
            .select_related("province")
            .prefetch_related(Prefetch("inspections", Inspection.objects.order_by("-starts_on", "-id")))
        )
        if self.action == "list":
            return PLAN_LIST.apply(self.request, queryset)
        return queryset

    def create(self, request, *args, **kwargs):
        user = request.user
        if not rules.can_plan_in(user, user.area_id):
            raise exceptions.PermissionDenied
        write = PlanCreateSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        with domain_errors():
            plan = domain.create_plan(by=user, province=user.area, **write.validated_data)
        fresh = self.get_queryset().get(pk=plan.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)


def _missing(codes, found, message: str, field: str) -> None:
    unknown = sorted(set(codes) - set(found))
    if unknown:
        raise serializers.ValidationError({field: [message % {"codes": ", ".join(unknown)}]})


@extend_schema(tags=["inspections"])
@extend_schema_view(
    list=extend_schema(summary="List inspections", description=SCOPE, parameters=INSPECTION_LIST.parameters()),
    retrieve=extend_schema(
        summary="Get an inspection",
        description="With its team, producers, products, visits (findings, evidence) and outcomes. " + SCOPE,
        responses={200: InspectionDetailSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Open an inspection",
        description="By an inspector or OCOP officer of the province of the products' producers (all of one "
        "province of today): periodic under one of its plans, or ad hoc on a trigger; the team are inspectors of "
        "that province. The inspection is planned; the team is told (the producers are not). Audited.",
        request=InspectionOpenSerializer,
        responses={201: InspectionDetailSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED},
    ),
)
class InspectionViewSet(viewsets.ModelViewSet):
    lookup_field = "code"
    http_method_names = ["get", "post", "head", "options"]
    token_scope = WriteScope.INSPECTIONS

    def get_serializer_class(self):
        return InspectionSerializer if self.action == "list" else InspectionDetailSerializer

    def get_queryset(self):
        queryset = (
            Inspection.objects.visible_to(self.request.user)
            .select_related(*INSPECTION_RELATED)
            .prefetch_related("producers", "products")
        )
        if self.action == "list":
            return INSPECTION_LIST.apply(self.request, queryset)
        return queryset.prefetch_related(
            "team",
            Prefetch(
                "visits",
                Visit.objects.select_related("product").prefetch_related(
                    Prefetch("findings", Finding.objects.order_by("id").prefetch_related("evidence")), "evidence"
                ),
            ),
            "outcomes__product",
            "outcomes__producer",
            "outcomes__certificate",
        )

    def _detail(self, inspection: Inspection, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=inspection.pk)
        return Response(InspectionDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    def _read(self, serializer_class) -> dict:
        write = serializer_class(data=self.request.data, context=self.get_serializer_context())
        write.is_valid(raise_exception=True)
        return dict(write.validated_data)

    def _acted_on(self) -> Inspection:
        """The inspection for a change: 404 outside scope, 403 for those who only read it (as the pages)."""
        inspection = self.get_object()
        if not rules.can_act(self.request.user, inspection):
            raise exceptions.PermissionDenied
        return inspection

    def _product(self, inspection: Inspection, code: str) -> Product:
        product = inspection.products.filter(code=code).first()
        if product is None:
            raise serializers.ValidationError({"product": [_("Sản phẩm không thuộc đợt kiểm tra này.")]})
        return product

    def create(self, request, *args, **kwargs):
        # As the page's form: the products among those the caller sees (their producers come with them), the team
        # among the inspectors of the caller's province, the plan among the caller's plans.
        user = request.user
        if not rules.can_plan_in(user, user.area_id):
            raise exceptions.PermissionDenied
        values = self._read(InspectionOpenSerializer)
        products = list(Product.objects.visible_to(user).filter(code__in=values["products"]).select_related("producer"))
        _missing(values["products"], [p.code for p in products], _("Không có sản phẩm nào mã %(codes)s."), "products")
        team = list(people.inspector_accounts(user.area_id).filter(username__in=values["team"]))
        message = _("Không có cán bộ thanh tra nào của tỉnh có tên đăng nhập %(codes)s.")
        _missing(values["team"], [member.username for member in team], message, "team")
        plan = None
        if values["kind"] == Kind.PERIODIC:
            values["trigger"] = values.get("trigger") or Trigger.PLAN
            if values["plan"]:
                plan = InspectionPlan.objects.visible_to(user).filter(code=values["plan"]).first()
                if plan is None:
                    message = _("Không có kế hoạch kiểm tra nào mã %(code)s.") % {"code": values["plan"]}
                    raise serializers.ValidationError({"plan": [message]})
        # The producers come with the products: what the domain says of them is said of the products sent.
        with domain_errors(producers="products"):
            inspection = domain.open_inspection(
                by=user,
                kind=values["kind"],
                trigger=values.get("trigger", ""),
                trigger_note=values["trigger_note"],
                producers=list({product.producer_id: product.producer for product in products}.values()),
                products=products,
                team=team,
                starts_on=values["starts_on"],
                ends_on=values["ends_on"],
                scope_note=values["scope_note"],
                plan=plan,
            )
        return self._detail(inspection, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Move an inspection along",
        description="planned → in progress → concluded, or cancelled before the conclusion (`note`: the reason). "
        "Concluding needs `conclusion`, `concluded_on` and an outcome for every product; the producers' users and "
        "the team are told. " + ACTS + "A move the state does not allow answers 400.",
        request=TransitionRequestSerializer,
        responses={200: InspectionDetailSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def transitions(self, request, *args, **kwargs):
        inspection = self._acted_on()
        values = self._read(TransitionRequestSerializer)
        with domain_errors():
            domain.transition(inspection=inspection, by=request.user, **values)
        return self._detail(inspection)

    @extend_schema(
        summary="Record a visit",
        description="A visit for one of the inspection's products, with a result per checklist item checked (a "
        "result `not_met` needs its note). The first visit moves a planned inspection to in progress. A follow-up "
        "(`follow_up`) checks the product's open remediation again, after the conclusion too, and `resolved` closes "
        "it (the producer's users are told). Photos and PDFs: `visits/<visit>/evidence/`. " + ACTS,
        request=VisitCreateSerializer,
        responses={201: VisitSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def visits(self, request, *args, **kwargs):
        inspection = self._acted_on()
        values = self._read(VisitCreateSerializer)
        product = self._product(inspection, values["product"])
        follows = None
        if values["follow_up"]:
            follows = open_remediation(inspection, product)
            if follows is None:
                message = _("Sản phẩm không có yêu cầu khắc phục đang mở trong đợt kiểm tra này.")
                raise serializers.ValidationError({"follow_up": [message]})
        with domain_errors():
            visit = domain.record_visit(
                inspection=inspection,
                product=product,
                visited_on=values["visited_on"],
                place=values["place"],
                note=values["note"],
                findings=values["findings"],
                follows=follows,
                resolved=values["resolved"],
                by=request.user,
            )
        return self._visit(inspection, visit, status.HTTP_201_CREATED)

    def _visit(self, inspection: Inspection, visit: Visit, code: int) -> Response:
        fresh = (
            Visit.objects.select_related("product")
            .prefetch_related(
                Prefetch("findings", Finding.objects.order_by("id").prefetch_related("evidence")), "evidence"
            )
            .get(pk=visit.pk)
        )
        context = {**self.get_serializer_context(), "inspection_code": inspection.code}
        return Response(VisitSerializer(fresh, context=context).data, status=code)

    @extend_schema(
        summary="Add a photo or PDF to a visit",
        description="A file (multipart), for the visit as a whole or for one of its findings (`finding`: its "
        "checklist item), as the visit's page adds it: its content and size are checked. " + ACTS,
        parameters=[
            OpenApiParameter("visit", OpenApiTypes.STR, OpenApiParameter.PATH, description="The visit's `code`.")
        ],
        request={"multipart/form-data": VisitEvidenceUploadSerializer},
        responses={201: VisitSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"visits/(?P<visit>[^/.]+)/evidence",
        url_name="visit-evidence",
        parser_classes=[MultiPartParser, FormParser],
    )
    def visit_evidence(self, request, *args, visit: str, **kwargs):
        inspection = self._acted_on()
        found = inspection.visits.filter(code=visit).first()
        if found is None:
            raise Http404
        values = self._read(VisitEvidenceUploadSerializer)
        finding = None
        if values.get("finding"):
            finding = found.findings.filter(item=values["finding"]).first()
            if finding is None:
                raise serializers.ValidationError({"finding": [_("Nội dung kiểm tra không thuộc lần kiểm tra này.")]})
        with domain_errors(files="file"):
            domain.add_evidence(
                visit=found, upload=values["file"], finding=finding, title=values["title"], by=request.user
            )
        return self._visit(inspection, found, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Download a photo or PDF of a visit",
        description="For those who see the inspection, as its pages serve it. " + SCOPE,
        parameters=[
            OpenApiParameter("evidence", OpenApiTypes.STR, OpenApiParameter.PATH, description="The file's `code`.")
        ],
        responses={
            (200, "image/jpeg"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "image/png"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["get"], url_path=r"evidence/(?P<evidence>[^/.]+)", url_name="evidence-file")
    def evidence_file(self, request, *args, evidence: str, **kwargs):
        inspection = self.get_object()
        found = Evidence.objects.visible_to(request.user).filter(visit__inspection=inspection, code=evidence).first()
        if found is None:
            raise Http404
        response = FileResponse(
            found.file.open("rb"), content_type=found.content_type, filename=f"{found.code}.{found.extension}"
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @extend_schema(
        summary="Record an outcome",
        description="The conclusion for one of the inspection's products, once each: compliant, advice, "
        "remediation (`deadline` after `concluded_on`), or a withdrawal proposal (`ground` of Điều 8; the product's "
        "certificate still to withdraw), also after the conclusion when a remediation was left undone (it is then "
        "escalated). The producer's users are told; for a proposal, the certificate's authority too, who withdraws "
        "it through `POST /api/v1/certificates/<number>/withdraw/`. " + ACTS,
        request=OutcomeCreateSerializer,
        responses={201: InspectionDetailSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def outcomes(self, request, *args, **kwargs):
        inspection = self._acted_on()
        values = self._read(OutcomeCreateSerializer)
        product = self._product(inspection, values.pop("product"))
        with domain_errors():
            domain.record_outcome(inspection=inspection, product=product, by=request.user, **values)
        return self._detail(inspection, status.HTTP_201_CREATED)
