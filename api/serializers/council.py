"""The province's (and the ministry's) council work as the API writes it: rounds, their councils, the council's
regulation, and the sessions' steps. Each write serializer only parses what the matching page's form takes; the
views hand it to `evaluation.domain`."""

from rest_framework import serializers

from evaluation.domain.rounds import ROUND_EDITABLE
from evaluation.models import CouncilMembership, CouncilRegulation, Round, SiteVisit

from ..schema import EnumChoiceField
from .areas import AreaSummarySerializer
from .messages import VietnameseFields, VietnameseSerializer


class RoundWriteSerializer(VietnameseFields, serializers.ModelSerializer):
    """The fields the round's form saves (`ROUND_EDITABLE`); a change may give only those it changes."""

    class Meta:
        model = Round
        fields = list(ROUND_EDITABLE)


class RoundStatusSerializer(VietnameseSerializer):
    status = EnumChoiceField(
        Round.Status,
        help_text="open ⇄ scoring → closed; a round closes only once every session in it is closed.",
    )


class CouncilMemberSerializer(serializers.ModelSerializer):
    """A seat in a round's council, with the account's username (the reference to remove it by)."""

    username = serializers.CharField(source="user.username", read_only=True)
    name = serializers.SerializerMethodField()
    role = EnumChoiceField(CouncilMembership.Role, read_only=True)

    class Meta:
        model = CouncilMembership
        fields = ["username", "name", "role", "agency"]
        read_only_fields = fields

    def get_name(self, membership) -> str:
        return membership.user.get_full_name() or membership.user.get_username()


class EligibleAccountSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.SerializerMethodField()
    role = serializers.CharField(help_text="The account's role.")

    def get_name(self, user) -> str:
        return user.get_full_name() or user.get_username()


class SeatQuerySerializer(VietnameseSerializer):
    role = EnumChoiceField(CouncilMembership.Role, default=CouncilMembership.Role.MEMBER)


class MemberWriteSerializer(VietnameseSerializer):
    """A seat as the council page gives it: the account, its role in the council and its agency."""

    username = serializers.CharField(
        max_length=150, help_text="The account's username; one of `eligible-members` for that role."
    )
    role = EnumChoiceField(CouncilMembership.Role)
    agency = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")


class RegulationSerializer(VietnameseFields, serializers.ModelSerializer):
    """The council's regulation (Quy chế): the quorum of submitted sheets a session needs to close, and the gap
    between members' totals above which the result is flagged for re-discussion."""

    province = AreaSummarySerializer(read_only=True, allow_null=True, help_text="Null: the central council's.")

    class Meta:
        model = CouncilRegulation
        fields = ["province", "quorum", "max_gap"]
        # The model's defaults are what a council has until its regulation is set, not what a PUT leaves out.
        extra_kwargs = {"quorum": {"required": True}, "max_gap": {"required": True}}


class AssignSerializer(VietnameseSerializer):
    dossier = serializers.CharField(
        help_text="The dossier's `code`: a received dossier of the round's province (central: one proposed for 5★)."
    )


class SiteVisitSerializer(VietnameseFields, serializers.ModelSerializer):
    """A site visit, an extra quality test or a request for documents, as the session page records it."""

    kind = EnumChoiceField(SiteVisit.Kind)

    class Meta:
        model = SiteVisit
        fields = ["kind", "date", "findings"]


class ReopenSerializer(VietnameseSerializer):
    reason = serializers.CharField(help_text="Why the council scores again (recorded and told to the members).")
