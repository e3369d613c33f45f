from django.http import Http404, QueryDict
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from criteria.sheets import sheet_layout
from evaluation import domain
from evaluation.forms import ScoreSheetForm
from evaluation.models import Evaluation, Level, MemberSheet, Round
from evaluation.rules import is_scoring_member

from .. import filtering
from ..errors import domain_errors
from ..schema import BAD_INPUT, NOT_FOUND
from ..serializers.evaluation import (
    EVALUATION_RELATED,
    ROUND_RELATED,
    EvaluationSerializer,
    MemberSheetSerializer,
    RoundSerializer,
    SheetWriteSerializer,
)

ROUND_LIST = filtering.ListQuery(
    filters=(
        filtering.choice("status", "status", Round.Status.choices, "The round's state."),
        filtering.choice("level", "level", Level.choices, "Provincial or central round."),
        filtering.year("evaluate_by__year", "Year the round is to be evaluated by."),
    ),
    ordering={"evaluate_by": "evaluate_by", "proposal_cutoff": "proposal_cutoff", "created": "created_at"},
    default=("-evaluate_by",),
)
EVALUATION_LIST = filtering.ListQuery(
    filters=(
        filtering.choice("status", "status", Evaluation.Status.choices, "Open (scoring) or closed (with a result)."),
        filtering.choice("level", "level", Level.choices, "Provincial or central session."),
        filtering.text("round", "round__code", "The round's `code`."),
        filtering.text("product", "application__product__code", "The product's `code`."),
        filtering.producer_area("area", "application__product__producer"),
        filtering.year("created_at__year", "Year the dossier was assigned to the round."),
        filtering.integer("stars", "stars", "Stars of the result."),
    ),
    ordering={"created": "created_at", "closed": "closed_at", "mean_total": "mean_total", "stars": "stars"},
    default=("-created",),
)
ROUND_SCOPE = (
    "A round outside the user's scope answers 404: a province's officers see its rounds, council members the "
    "rounds they sit on until closed, national roles all."
)
EVALUATION_SCOPE = (
    "A session outside the user's scope answers 404: the round's organisers, and its council members while the "
    "session needs them."
)


@extend_schema(tags=["evaluation"])
@extend_schema_view(
    list=extend_schema(summary="List evaluation rounds", description=ROUND_SCOPE, parameters=ROUND_LIST.parameters()),
    retrieve=extend_schema(
        summary="Get a round and its council", description=ROUND_SCOPE, responses={200: RoundSerializer, 404: NOT_FOUND}
    ),
)
class RoundViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RoundSerializer
    lookup_field = "code"

    def get_queryset(self):
        queryset = (
            Round.objects.visible_to(self.request.user)
            .select_related(*ROUND_RELATED, "legal_version")
            .prefetch_related("memberships__user")
        )
        if self.action == "list":
            return ROUND_LIST.apply(self.request, queryset)
        return queryset


def _choice_errors(form: ScoreSheetForm, layout) -> dict:
    """The form's errors, keyed as the API names them (a criterion by its code)."""
    by_field = {leaf.field_name: leaf.code for leaf in layout.leaves}
    errors: dict = {}
    for name, messages in form.errors.items():
        if name in by_field:
            errors.setdefault("choices", {})[by_field[name]] = list(messages)
        else:
            errors[name] = list(messages)
    return errors


@extend_schema(tags=["evaluation"])
@extend_schema_view(
    list=extend_schema(
        summary="List evaluation sessions", description=EVALUATION_SCOPE, parameters=EVALUATION_LIST.parameters()
    ),
    retrieve=extend_schema(
        summary="Get a session, its result and the decisions on it",
        description=EVALUATION_SCOPE,
        responses={200: EvaluationSerializer, 404: NOT_FOUND},
    ),
)
class EvaluationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EvaluationSerializer
    lookup_field = "code"

    def get_queryset(self):
        queryset = (
            Evaluation.objects.visible_to(self.request.user)
            .select_related(*EVALUATION_RELATED)
            .prefetch_related("decisions")
        )
        if self.action == "list":
            return EVALUATION_LIST.apply(self.request, queryset)
        return queryset

    @extend_schema(
        methods=["GET"],
        summary="My score sheet in this session",
        description="The caller's own sheet (404 for anyone who does not score in the session).",
        responses={200: MemberSheetSerializer, 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        summary="Save or submit my score sheet",
        description="A scoring member of the round's council saves a draft (`submit: false`) or submits their own "
        "sheet (`submit: true`: every line answered; refused once submitted or the session closed). Answers are "
        "read as the sheet page reads them: each leaf criterion by its code, the option by its position as "
        "printed. Errors per criterion under `choices`.",
        request=SheetWriteSerializer,
        responses={200: MemberSheetSerializer, 400: BAD_INPUT, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get", "post"])
    def sheet(self, request, *args, **kwargs):
        evaluation = self.get_object()
        if not is_scoring_member(request.user, evaluation.round):
            raise Http404
        if request.method == "GET":
            row = MemberSheet.objects.filter(evaluation=evaluation, member=request.user).first()
            if row is None:
                raise Http404
            return Response(MemberSheetSerializer(row).data)
        write = SheetWriteSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        values = write.validated_data
        layout = sheet_layout(evaluation.criteria_set_id)
        unknown = sorted(set(values.get("choices", {})) - {leaf.code for leaf in layout.leaves})
        if unknown:
            message = _("Không có tiêu chí %(codes)s trong phiếu này.") % {"codes": ", ".join(unknown)}
            raise serializers.ValidationError({"choices": [message]})
        form = ScoreSheetForm(self._form_data(values, layout), layout=layout)
        if not form.is_valid():
            raise serializers.ValidationError(_choice_errors(form, layout))
        save = domain.submit_sheet if values["submit"] else domain.save_sheet
        with domain_errors():
            row = save(evaluation=evaluation, member=request.user, **form.values())
        return Response(MemberSheetSerializer(row).data)

    @staticmethod
    def _form_data(values: dict, layout):
        """The API's answers as the sheet page posts them, so the page's form reads both alike."""
        data = QueryDict(mutable=True)
        choices = values.get("choices", {})
        for leaf in layout.leaves:
            if choices.get(leaf.code) is not None:
                data[leaf.field_name] = str(choices[leaf.code])
        data.setlist("knockouts", [str(i) for i in values.get("knockouts", [])])
        data.setlist("stops", values.get("stops", []))
        data["comment"] = values.get("comment", "")
        return data
