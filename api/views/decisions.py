"""The decision on a closed session's result (the decision page): the province's on its council's result (or on a
central result returned to it), the ministry's on a central result; a recognition issues the certificate. Mixed
into the sessions' viewset, whose `get_object` is the visibility query."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.response import Response

from certificates.models import Certificate
from evaluation import domain
from evaluation.domain import decisions
from evaluation.models import Evaluation
from evaluation.rules import can_decide

from ..errors import domain_errors
from ..schema import BAD_INPUT, NOT_ALLOWED, NOT_FOUND
from ..serializers.decisions import DecisionAnswerSerializer, DecisionOptionsSerializer, DecisionWriteSerializer
from ..tokens import WriteScope

WHO = (
    "For the officers who record the competent authority's decisions: the province's OCOP officers on a provincial "
    "result (and on a central result returned to the province), ministry officers on a central result; anyone else "
    "who sees the session, or a session not closed, gets 403."
)


def _label(outcome: str, evaluation: Evaluation) -> str:
    label = str(decisions.OUTCOME_LABELS[outcome])
    if outcome in (decisions.RECOGNISE_PROVINCE, decisions.RECOGNISE_MINISTRY):
        return _("%(label)s: %(stars)d sao") % {"label": label, "stars": evaluation.stars}
    return label


class DecisionActions:
    @extend_schema(
        methods=["GET"],
        summary="The decisions the result allows",
        description=WHO,
        responses={200: DecisionOptionsSerializer, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        summary="Record the decision on the result",
        description=WHO + " As the decision page: 3★/4★ are recognised by the provincial Chairman and 5★ by the "
        "Minister, which issues the certificate (`certificate`); 90 points or more at the province is approved and "
        "proposed for 5★; below 3★ or not rankable is not recognised, with the reason; a central result below 5★ "
        "returns to the province, which then recognises it, sends it back to a provincial round or does not "
        "recognise it (`outcome`). The dossier moves, the producer and the commune are told.",
        request=DecisionWriteSerializer,
        responses={200: DecisionAnswerSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get", "post"], token_scope=WriteScope.CERTIFICATES)
    def decision(self, request, *args, **kwargs):
        evaluation = self.get_object()
        if evaluation.status != Evaluation.Status.CLOSED or not can_decide(request.user, evaluation):
            raise exceptions.PermissionDenied
        application = evaluation.application
        outcomes = decisions.outcomes_for(evaluation, application)
        if request.method == "GET":
            options = {
                "outcomes": [{"outcome": outcome, "label": _label(outcome, evaluation)} for outcome in outcomes],
                "missed_minimums": decisions.missed_minimums(evaluation),
            }
            return Response(DecisionOptionsSerializer(options).data)
        write = DecisionWriteSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        fields = dict(write.validated_data)
        central = outcomes[0] in (decisions.RECOGNISE_MINISTRY, decisions.RETURN)
        with domain_errors():
            outcome = decisions.chosen_outcome(evaluation, application, fields.pop("outcome", None))
            if central:
                result = domain.decide_central_result(evaluation=evaluation, by=request.user, **fields)
            else:
                result = domain.decide_provincial_result(
                    evaluation=evaluation, by=request.user, outcome=outcome, **fields
                )
        answer = {
            "outcome": outcome,
            "certificate": result if isinstance(result, Certificate) else None,
            "session": self.session(evaluation),
        }
        return Response(DecisionAnswerSerializer(answer, context=self.get_serializer_context()).data)
