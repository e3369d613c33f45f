from decimal import Decimal

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from criteria.models import CriteriaSet, LegalVersion
from criteria.sheets import SheetMissing, sheet_for
from scoring import UNMET, MemberSheet, Regulation

UNMET_CHOICE = "unmet"


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string", "enum": [UNMET_CHOICE]}]})
class ScoringChoiceField(serializers.IntegerField):
    """An option's position, or "unmet" for a criterion whose requirement is not met."""

    def to_internal_value(self, data):
        return data if data == UNMET_CHOICE else super().to_internal_value(data)


class ScoringMemberSheetSerializer(serializers.Serializer):
    member = serializers.CharField(max_length=100, help_text="The council member's name or code, unique per request.")
    choices = serializers.DictField(
        child=ScoringChoiceField(),
        help_text="One entry per leaf criterion: its code → the 1-based position of the ticked option as printed "
        "(0 or 1 for a yes/no item without options). A criterion with a requirement that no printed option can "
        "fail (1.1 of sets 1–4 and 23–25: “Yêu cầu: 100% sản phẩm được trồng/nuôi trên địa bàn cấp tỉnh”) also "
        "takes `unmet` (or 0): not met, 0 points; more than half of the members saying so makes the result not "
        "rankable.",
    )
    knockouts = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list,
        help_text="The “Hồ sơ bị loại khi” lines the member ticks, numbered from 0 in print order.",
    )  # fmt: skip
    stops = serializers.ListField(
        child=serializers.CharField(max_length=10), required=False, default=list,
        help_text="Codes of the criteria whose stop rule the member invokes (e.g. impurities in 6.1).",
    )  # fmt: skip


class ScoringRegulationSerializer(serializers.Serializer):
    quorum = serializers.IntegerField(min_value=1, default=1, help_text="Fewer sheets: the result is not rankable.")
    max_gap = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal(0), default=Decimal(10), coerce_to_string=False,
        help_text="Largest allowed gap between members' totals; above it `divergence_flag` is true.",
    )  # fmt: skip


class ScoringRankRequestSerializer(serializers.Serializer):
    version = serializers.CharField(max_length=30, help_text="Code of the legal version, e.g. `QD26_2026`.")
    criteria_set = serializers.IntegerField(min_value=1, help_text="Number of the product set, 1–26 under QĐ 26.")
    sheets = ScoringMemberSheetSerializer(many=True, allow_empty=False)
    regulation = ScoringRegulationSerializer(required=False, help_text="Default: quorum 1, largest gap 10 points.")

    def validate(self, attrs):
        if not LegalVersion.objects.filter(code=attrs["version"]).exists():
            raise serializers.ValidationError(
                {"version": [_("Không có văn bản quy định “%(code)s”.") % {"code": attrs["version"]}]}
            )
        criteria_set = CriteriaSet.objects.filter(
            legal_version__code=attrs["version"], number=attrs["criteria_set"]
        ).first()
        try:
            attrs["sheet"] = sheet_for(criteria_set) if criteria_set else None
        except SheetMissing:
            attrs["sheet"] = None
        if attrs["sheet"] is None:
            message = _("Văn bản %(version)s không có phiếu đánh giá của bộ sản phẩm số %(number)d.")
            raise serializers.ValidationError(
                {"criteria_set": [message % {"version": attrs["version"], "number": attrs["criteria_set"]}]}
            )
        attrs["members"] = _with_unmet(attrs["sheet"], attrs["sheets"])
        attrs["regulation"] = Regulation(**attrs.get("regulation", {}))
        return attrs


def _with_unmet(sheet, sheets: list[dict]) -> list[MemberSheet]:
    """The engine's member sheets, "unmet" read as the engine's UNMET where the criterion has a requirement."""
    requirements, errors, members = sheet.requirements, {}, []
    for values in sheets:
        choices = {}
        for code, choice in values["choices"].items():
            if choice == UNMET_CHOICE:
                if code in requirements or code not in {leaf.code for leaf in sheet.leaves}:
                    choice = UNMET  # an unknown code is the engine's to report
                else:
                    errors.setdefault(values["member"], []).append(
                        _("Tiêu chí %(code)s không có yêu cầu bắt buộc: “unmet” chỉ dùng cho tiêu chí có yêu cầu.")
                        % {"code": code}
                    )
            choices[code] = choice
        members.append(MemberSheet(**{**values, "choices": choices}))
    if errors:
        raise serializers.ValidationError({"sheets": errors})
    return members


class ScoringFailedMinimumSerializer(serializers.Serializer):
    criterion = serializers.CharField()
    star = serializers.IntegerField(help_text="The star level the minimum belongs to.")
    required = serializers.FloatField(help_text="Points of the marked option.")
    mean = serializers.FloatField(help_text="The members' mean points on the criterion.")


class ScoringRankResultSerializer(serializers.Serializer):
    """The council's result. Means are exact internally and shown here cut to 2 decimals."""

    rankable = serializers.BooleanField(
        help_text="False: “không đạt” (knock-out, stop rule, requirement not met, or no quorum)."
    )
    reason = serializers.CharField(allow_null=True, help_text="Why not rankable, one line per reason; else null.")
    mean_total = serializers.FloatField(help_text="Mean of the members' totals (0–100).")
    member_totals = serializers.DictField(child=serializers.FloatField())
    parts = serializers.DictField(child=serializers.FloatField(), help_text="Mean per part: A, B, C.")
    band = serializers.IntegerField(help_text="Stars the mean total alone gives (1–5).")
    stars = serializers.IntegerField(
        allow_null=True, help_text="The rank after the star minimums; null if not rankable."
    )
    failed_minimums = ScoringFailedMinimumSerializer(
        many=True, help_text="Minimums missed for each star above the rank, up to the band."
    )
    divergence_flag = serializers.BooleanField(help_text="The gap between members' totals exceeds the allowed gap.")
    criterion_means = serializers.DictField(child=serializers.FloatField(), help_text="Mean points per leaf.")
