"""The decision on a closed session's result, as the decision page takes it, and what it answers: the decision
recorded and, for a recognition, the certificate it issued."""

from rest_framework import serializers

from certificates.models import Certificate
from evaluation.domain.decisions import OUTCOME_LABELS

from .evaluation import EvaluationSerializer
from .messages import VietnameseSerializer

OUTCOMES = list(OUTCOME_LABELS.items())


class DecisionWriteSerializer(VietnameseSerializer):
    """The competent authority's decision. A recognition needs the decision's number, date and signer; a 5★
    proposal the Chairman's approval number, date and signer; the other decisions at least a date."""

    outcome = serializers.ChoiceField(
        choices=OUTCOMES,
        required=False,
        allow_blank=True,
        help_text="One of the session's `decision` outcomes (GET); left out, the result's own applies. Only a central "
        "result returned to the province offers a choice.",
    )
    decision_number = serializers.CharField(max_length=50, allow_blank=True, required=False, default="")
    decision_date = serializers.DateField(help_text="Not in the future, not before the council closed the session.")
    signer = serializers.CharField(max_length=150, allow_blank=True, required=False, default="")
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class DecisionOutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=OUTCOMES)
    label = serializers.CharField()


class DecisionOptionsSerializer(serializers.Serializer):
    outcomes = DecisionOutcomeSerializer(
        many=True, help_text="The decisions the result allows now, the result's own first."
    )
    missed_minimums = serializers.ListField(
        child=serializers.DictField(), help_text="The star minimums the council's means miss, highest star first."
    )


class CertificateLinkSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:v1:certificate-detail", lookup_field="number", lookup_url_kwarg="number"
    )

    class Meta:
        model = Certificate
        fields = ["url", "number", "stars", "issued_on", "expires_on"]
        read_only_fields = fields


class DecisionAnswerSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=OUTCOMES)
    certificate = CertificateLinkSerializer(
        allow_null=True, help_text="The certificate a recognition issued (null for the other decisions)."
    )
    session = EvaluationSerializer(help_text="The session, with the decisions recorded on it.")
