from rest_framework import serializers
from rest_framework.reverse import reverse

from areas.models import Area, AreaMapping

from ..schema import EnumChoiceField


class AreaLinkField(serializers.HyperlinkedIdentityField):
    """The API address of an administrative unit: /api/v1/areas/<era>/<level>/<code>/."""

    def __init__(self, **kwargs):
        super().__init__(view_name="api:v1:area-detail", **kwargs)

    def get_url(self, obj, view_name, request, format):
        kwargs = {"era": obj.era, "level": obj.level, "code": obj.code}
        return reverse(view_name, kwargs=kwargs, request=request, format=format)


class AreaSummarySerializer(serializers.ModelSerializer):
    """An administrative unit as other records refer to it."""

    # `full_name` walks up the parents: querysets must select_related them (see the views).

    url = AreaLinkField()
    era = EnumChoiceField(Area.Era, read_only=True)
    level = EnumChoiceField(Area.Level, read_only=True)
    full_name = serializers.CharField(read_only=True, help_text="Name with its parent units.")

    class Meta:
        model = Area
        fields = ["url", "era", "level", "code", "name", "full_name"]


class AreaMappingSerializer(serializers.ModelSerializer):
    area = AreaSummarySerializer(source="new", read_only=True)
    is_default = serializers.BooleanField(
        read_only=True, help_text="The default one when the old commune was divided among several."
    )

    class Meta:
        model = AreaMapping
        fields = ["area", "is_default"]


class AreaSerializer(serializers.ModelSerializer):
    """An administrative unit of either era. A unit of before 1 July 2025 names the units of today that took it
    over: its province, and for a commune each commune of today it was merged into."""

    url = AreaLinkField()
    era = EnumChoiceField(Area.Era, read_only=True)
    level = EnumChoiceField(Area.Level, read_only=True)
    full_name = serializers.CharField(read_only=True, help_text="Name with its parent units.")
    parent = AreaSummarySerializer(read_only=True, allow_null=True)
    current_province = AreaSummarySerializer(
        read_only=True, allow_null=True, help_text="The province of today that the unit belongs to."
    )
    current_communes = AreaMappingSerializer(
        source="mapped_to",
        many=True,
        read_only=True,
        help_text="For a commune of before 1 July 2025: the communes of today that took it over.",
    )

    class Meta:
        model = Area
        fields = [
            "url",
            "era",
            "level",
            "code",
            "name",
            "short_name",
            "unit_type",
            "full_name",
            "parent",
            "current_province",
            "current_communes",
            "valid_from",
            "valid_to",
        ]
