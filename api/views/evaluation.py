from django.http import Http404, QueryDict
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from criteria.sheets import sheet_layout
from evaluation import domain
from evaluation.forms import ScoreSheetForm
from evaluation.models import Evaluation, Level, MemberSheet
from evaluation.rules import can_manage_round, is_scoring_member

from .. import filtering
from ..errors import domain_errors
from ..schema import BAD_INPUT, NOT_ALLOWED, NOT_FOUND
from ..serializers.council import ReopenSerializer, SiteVisitSerializer
from ..serializers.evaluation import (
    EVALUATION_RELATED,
    EvaluationSerializer,
    MemberSheetSerializer,
    SheetWriteSerializer,
)
from ..tokens import WriteScope
from .decisions import DecisionActions

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
EVALUATION_SCOPE = (
    "A session outside the user's scope answers 404: the round's organisers, and its council members while the "
    "session needs them."
)


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
    destroy=extend_schema(
        summary="Take a dossier out of its round",
        description="The round's organisers, before anyone has scored it and before any site visit or decision "
        "(400 otherwise): the session is deleted and a provincial dossier goes back to received.",
        responses={204: None, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    ),
)
class EvaluationViewSet(DecisionActions, viewsets.ReadOnlyModelViewSet):
    # get_queryset is the visibility query (404 outside the scope); each step is the function the session's page
    # calls, which checks who may take it (403), the session's state, audits and notifies. Writes need the token
    # right `write:scoring`, the decision `write:certificates` (see `DecisionActions`).
    serializer_class = EvaluationSerializer
    lookup_field = "code"
    token_scope = WriteScope.SCORING

    def get_queryset(self):
        queryset = (
            Evaluation.objects.visible_to(self.request.user)
            .select_related(*EVALUATION_RELATED)
            .prefetch_related("decisions", "site_visits")
        )
        if self.action == "list":
            return EVALUATION_LIST.apply(self.request, queryset)
        return queryset

    def session(self, evaluation: Evaluation) -> Evaluation:
        """The session as a GET shows it, after a step: read by its key, since a step may take it out of the
        caller's sight (a closed session no longer needs its members)."""
        queryset = Evaluation.objects.select_related(*EVALUATION_RELATED).prefetch_related("decisions", "site_visits")
        return queryset.get(pk=evaluation.pk)

    def _respond(self, evaluation: Evaluation, code: int = status.HTTP_200_OK) -> Response:
        body = EvaluationSerializer(self.session(evaluation), context=self.get_serializer_context()).data
        return Response(body, status=code)

    def destroy(self, request, *args, **kwargs):
        evaluation = self.get_object()
        if not can_manage_round(request.user, evaluation.round):
            raise exceptions.PermissionDenied
        with domain_errors():
            domain.remove_from_round(evaluation=evaluation, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Record a site visit, an extra test or a request for documents",
        description="The round's organisers and its advisory team, while the session is open (403 otherwise). A "
        "test or a request for documents is told to the producer and the commune. In a re-evaluation by written "
        "opinions a visit needs the session's site-inspection ground first (400).",
        request=SiteVisitSerializer,
        responses={201: EvaluationSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="site-visits")
    def site_visits(self, request, *args, **kwargs):
        evaluation = self.get_object()
        write = SiteVisitSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        with domain_errors():
            domain.record_site_visit(evaluation=evaluation, by=request.user, **write.validated_data)
        return self._respond(evaluation, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Close the session (the chair)",
        description="With at least the regulation's quorum of submitted sheets (400 otherwise), the result is "
        "computed on the submitted sheets and stored; a gap between members' totals above the regulation's maximum "
        "is flagged (`result.divergence_flag`). A re-evaluation by written opinions that diverge is not closed: a "
        "meeting is called and the session stays open. The organisers are told. Only the round's chair (403).",
        request=None,
        responses={200: EvaluationSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def close(self, request, *args, **kwargs):
        evaluation = self.get_object()
        with domain_errors():
            evaluation = domain.close_evaluation(evaluation=evaluation, by=request.user)
        return self._respond(evaluation)

    @extend_schema(
        summary="Reopen a diverging result for re-scoring (the chair)",
        description="A closed session whose members' totals diverge beyond the regulation, before any decision on "
        "it, with a `reason`: every sheet goes back to unsubmitted and the members are asked to score again. Only "
        "the round's chair (403); otherwise 400 with the reason.",
        request=ReopenSerializer,
        responses={200: EvaluationSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, *args, **kwargs):
        evaluation = self.get_object()
        write = ReopenSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        with domain_errors():
            evaluation = domain.reopen_evaluation(evaluation=evaluation, by=request.user, **write.validated_data)
        return self._respond(evaluation)

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
