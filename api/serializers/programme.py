"""The programme (plans, support, events) in the API. Read serializers say what is returned; write serializers
parse and type-check, resolve codes and area keys among what the caller sees (a code outside it is a 400 on its
field), and leave every rule to `programme.domain`, as the forms do."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from areas.keys import area_from_key
from criteria.models import Sector
from dossiers.models import Application
from producers.models import Producer
from programme.domain import EVENT_FIELDS
from programme.models import Assignment, Attendee, Consultant, Event, EventKind, Funding, FundingSource, Indicator, Plan

from ..schema import EnumChoiceField
from .areas import AreaSummarySerializer
from .criteria import SectorSerializer
from .messages import VietnameseSerializer
from .producers import ProducerSummarySerializer

AREA_KEY_HELP = "Area key `<era>-<level>-<code>`, e.g. `2025-province-01`, `2025-commune-00004`, `2019-district-277`."
# Joins the read serializers need (an area's full name walks up its parents).
AREA = ("area__parent__parent",)
PLAN_RELATED = AREA
FUNDING_RELATED = ("producer", "application", "commune__parent", "province")
CONSULTANT_RELATED = ("province",)
ASSIGNMENT_RELATED = ("consultant", "producer", "area__parent__parent")
EVENT_RELATED = ("area__parent__parent",)


def area_named(key: str, field: str):
    area = area_from_key(key)
    if area is None:
        raise serializers.ValidationError({field: [_("Không có địa bàn nào mã “%(key)s”.") % {"key": key}]})
    return area


def in_scope(queryset, code: str, field: str, message: str):
    """The row of that code among `queryset` (the caller's visible rows), or a 400 on `field`."""
    row = queryset.filter(code=code).first()
    if row is None:
        raise serializers.ValidationError({field: [message % {"code": code}]})
    return row


def producer_in_scope(user, code: str, field: str = "producer") -> Producer:
    return in_scope(Producer.objects.visible_to(user), code, field, _("Không có chủ thể nào mã %(code)s."))


# Plans ---------------------------------------------------------------------------------------------------


class PlanSerializer(serializers.ModelSerializer):
    """One target of an annual plan: an area (a province or commune of today, or a district of before 1 July
    2025), a year and an indicator."""

    url = serializers.HyperlinkedIdentityField(view_name="api:v1:plan-detail", lookup_field="code")
    area = AreaSummarySerializer(read_only=True)
    indicator = EnumChoiceField(Indicator, read_only=True)

    class Meta:
        model = Plan
        fields = ["url", "code", "area", "year", "indicator", "target", "note", "created_at", "updated_at"]
        read_only_fields = fields


class TargetSerializer(VietnameseSerializer):
    target = serializers.IntegerField(min_value=0, max_value=10_000_000)
    note = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")


class PlanSetSerializer(TargetSerializer):
    """Set the target of an area's plan for a year and indicator: created, or changed if it exists."""

    area = serializers.CharField(help_text=AREA_KEY_HELP)
    year = serializers.IntegerField(min_value=2018, max_value=2100)
    indicator = EnumChoiceField(Indicator)

    def validate(self, values):
        return {**values, "area": area_named(values["area"], "area")}


class ShareSerializer(VietnameseSerializer):
    commune = serializers.CharField(help_text="The commune's area key, e.g. `2025-commune-00004`.")
    target = serializers.IntegerField(
        min_value=0, max_value=10_000_000, allow_null=True, help_text="null removes the commune's share."
    )


class SharesSetSerializer(VietnameseSerializer):
    """A province's plan for one year and indicator split over its communes; communes not listed keep theirs."""

    province = serializers.CharField(
        required=False, help_text="The province's area key; default: the caller's own province."
    )
    year = serializers.IntegerField(min_value=2018, max_value=2100)
    indicator = EnumChoiceField(Indicator)
    shares = ShareSerializer(many=True)

    def validate(self, values):
        shares = {}
        for one in values["shares"]:
            shares[area_named(one["commune"], "shares")] = one["target"]
        return {**values, "shares": shares}


class ShareReadSerializer(serializers.Serializer):
    commune = AreaSummarySerializer()
    target = serializers.IntegerField()


class SplitSerializer(serializers.Serializer):
    province = AreaSummarySerializer()
    year = serializers.IntegerField()
    indicator = EnumChoiceField(Indicator)
    target = serializers.IntegerField(allow_null=True, help_text="The province's own target (null: none set).")
    total = serializers.IntegerField(help_text="The communes' shares added up.")
    difference = serializers.IntegerField(
        allow_null=True, help_text="Shares minus the province's target: the shares need not add up to it."
    )
    shares = ShareReadSerializer(many=True)


# Support: funding, consultants, assignments ------------------------------------------------------------------


class DossierLinkSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:v1:dossier-detail", lookup_field="code")

    class Meta:
        model = Application
        fields = ["url", "code"]


class FundingSerializer(serializers.ModelSerializer):
    """Money given to a producer, for one of its dossiers or for the producer as a whole."""

    url = serializers.HyperlinkedIdentityField(view_name="api:v1:funding-detail", lookup_field="code")
    producer = ProducerSummarySerializer(read_only=True)
    dossier = DossierLinkSerializer(source="application", read_only=True, allow_null=True)
    source = EnumChoiceField(FundingSource, read_only=True)
    commune = AreaSummarySerializer(read_only=True, allow_null=True)
    province = AreaSummarySerializer(read_only=True)

    class Meta:
        model = Funding
        fields = [
            "url",
            "code",
            "producer",
            "dossier",
            "amount",
            "source",
            "purpose",
            "granted_on",
            "commune",
            "province",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class FundingWriteSerializer(VietnameseSerializer):
    producer = serializers.CharField(help_text="The producer's `code` (only when recording; it cannot change).")
    dossier = serializers.CharField(
        required=False, allow_null=True, help_text="The `code` of one of the producer's dossiers, or null."
    )
    amount = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="In đồng.")
    source = EnumChoiceField(FundingSource)
    purpose = serializers.CharField(max_length=500)
    granted_on = serializers.DateField()

    def validate(self, values):
        user = self.context["request"].user
        if "producer" in values:
            values["producer"] = producer_in_scope(user, values["producer"])
        if "dossier" in values:
            code = values.pop("dossier")
            values["application"] = code and in_scope(
                Application.objects.visible_to(user), code, "dossier", _("Không có hồ sơ nào mã %(code)s.")
            )
        return values


class ConsultantSerializer(serializers.ModelSerializer):
    """A consultant a province works with: a person or a consulting firm."""

    url = serializers.HyperlinkedIdentityField(view_name="api:v1:consultant-detail", lookup_field="code")
    kind = EnumChoiceField(Consultant.Kind, read_only=True)
    email = serializers.EmailField(read_only=True, allow_blank=True)
    province = AreaSummarySerializer(read_only=True)

    class Meta:
        model = Consultant
        fields = [
            "url",
            "code",
            "kind",
            "name",
            "organisation",
            "expertise",
            "phone",
            "email",
            "province",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ConsultantWriteSerializer(VietnameseSerializer):
    kind = EnumChoiceField(Consultant.Kind)
    name = serializers.CharField(max_length=255)
    organisation = serializers.CharField(max_length=255, required=False, allow_blank=True)
    expertise = serializers.CharField(max_length=500, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    province = serializers.CharField(
        required=False,
        help_text="Only when adding: the province's area key; default the caller's own province.",
    )

    def validate(self, values):
        if "province" in values:
            values["province"] = area_named(values["province"], "province")
        return values


class ConsultantLinkSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:v1:consultant-detail", lookup_field="code")

    class Meta:
        model = Consultant
        fields = ["url", "code", "name"]


class AssignmentSerializer(serializers.ModelSerializer):
    """A consultant advising one producer, or every producer of an area, from `starts_on` to `ends_on`."""

    url = serializers.HyperlinkedIdentityField(view_name="api:v1:assignment-detail", lookup_field="code")
    consultant = ConsultantLinkSerializer(read_only=True)
    producer = ProducerSummarySerializer(read_only=True, allow_null=True)
    area = AreaSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Assignment
        fields = ["url", "code", "consultant", "producer", "area", "starts_on", "ends_on", "note", "created_at"]
        read_only_fields = fields


class AssignmentWriteSerializer(VietnameseSerializer):
    consultant = serializers.CharField(help_text="The consultant's `code`.")
    producer = serializers.CharField(required=False, help_text="A producer's `code`; or give `area`.")
    area = serializers.CharField(
        required=False, help_text="Every producer of this area (a commune or province of today, a former district)."
    )
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    def validate(self, values):
        user = self.context["request"].user
        values["consultant"] = in_scope(
            Consultant.objects.visible_to(user),
            values["consultant"],
            "consultant",
            _("Không có tư vấn nào mã %(code)s."),
        )
        if "producer" in values:
            values["producer"] = producer_in_scope(user, values["producer"])
        if "area" in values:
            values["area"] = area_named(values["area"], "area")
        return values


class EndAssignmentSerializer(VietnameseSerializer):
    ends_on = serializers.DateField()


# Events and attendees ----------------------------------------------------------------------------------------


class EventSerializer(serializers.ModelSerializer):
    """A training course, conference, study tour, fair… held for the programme in an area."""

    url = serializers.HyperlinkedIdentityField(view_name="api:v1:event-detail", lookup_field="code")
    kind = EnumChoiceField(EventKind, read_only=True)
    link = serializers.URLField(read_only=True, allow_blank=True)
    area = AreaSummarySerializer(read_only=True)
    sectors = SectorSerializer(many=True, read_only=True)
    target_areas = AreaSummarySerializer(many=True, read_only=True)
    note = serializers.SerializerMethodField(help_text="Only for officers whose scope holds the event; else null.")

    class Meta:
        model = Event
        fields = [
            "url",
            "code",
            "kind",
            "topic",
            "starts_on",
            "ends_on",
            "place",
            "link",
            "area",
            "organiser",
            "trainers",
            "sectors",
            "target_areas",
            "capacity",
            "accepts_applications",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_note(self, event) -> str | None:
        # The office's own remarks: the public calendar never shows them (`office` is the view's annotation).
        return event.note if getattr(event, "office", False) else None


# What the API writes of an event: the fields its domain function audits (`programme.domain.EVENT_FIELDS`).
EVENT_WRITE_FIELDS = tuple(EVENT_FIELDS)


class EventWriteSerializer(VietnameseSerializer):
    kind = EnumChoiceField(EventKind)
    topic = serializers.CharField(max_length=300)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    place = serializers.CharField(max_length=300, required=False, allow_blank=True)
    link = serializers.URLField(max_length=500, required=False, allow_blank=True)
    area = serializers.CharField(help_text="Where it is held: " + AREA_KEY_HELP)
    organiser = serializers.CharField(max_length=300)
    trainers = serializers.CharField(max_length=500, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)
    capacity = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False, allow_null=True)
    accepts_applications = serializers.BooleanField(required=False)
    sectors = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="The sectors it is aimed at, by their numeral in the classification in force (e.g. `I`).",
    )
    target_areas = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="The provinces of today it is aimed at (area keys)."
    )

    def validate(self, values):
        if "area" in values:
            values["area"] = area_named(values["area"], "area")
        if "sectors" in values:
            numerals = values["sectors"]
            sectors = list(Sector.objects.filter(legal_version__effective_to__isnull=True, numeral__in=numerals))
            unknown = sorted(set(numerals) - {s.numeral for s in sectors})
            if unknown:
                message = _("Không có ngành nào số hiệu %(numerals)s.") % {"numerals": ", ".join(unknown)}
                raise serializers.ValidationError({"sectors": [message]})
            values["sectors"] = sectors
        if "target_areas" in values:
            values["target_areas"] = [area_named(key, "target_areas") for key in values["target_areas"]]
        return values


class AttendeeSerializer(serializers.ModelSerializer):
    """Someone who attended an event: an official (by level) or a producer's person."""

    kind = EnumChoiceField(Attendee.Kind, read_only=True)
    level = EnumChoiceField(Attendee.Level, read_only=True, allow_blank=True)
    producer = ProducerSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Attendee
        fields = ["code", "kind", "level", "producer", "name", "organisation", "position", "phone"]
        read_only_fields = fields


class AttendeeWriteSerializer(VietnameseSerializer):
    kind = EnumChoiceField(Attendee.Kind)
    level = EnumChoiceField(Attendee.Level, required=False, allow_blank=True, help_text="For an official.")
    producer = serializers.CharField(required=False, help_text="For a producer's person: the producer's `code`.")
    name = serializers.CharField(max_length=150)
    organisation = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    position = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")

    def validate(self, values):
        if "producer" in values:
            values["producer"] = producer_in_scope(self.context["request"].user, values["producer"])
        values.setdefault("level", "")
        return values
