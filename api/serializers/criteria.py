from django.db.models import Subquery
from django.utils import timezone
from rest_framework import serializers

from criteria.models import CriteriaSet, LegalVersion, ProductGroup, Sector


class LegalVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = LegalVersion
        fields = ["code", "name", "signed_on", "effective_from", "effective_to"]


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["numeral", "name", "name_en"]


class ProductGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProductGroup
        fields = ["code", "name", "name_en"]


class CriteriaSetSerializer(serializers.ModelSerializer):
    """One of the 26 product sets of QĐ 26/2026 (Phụ lục I–II), in its sector and group."""

    sector = SectorSerializer(source="group.sector", read_only=True)
    group = ProductGroupSerializer(read_only=True)
    legal_version = LegalVersionSerializer(read_only=True)

    class Meta:
        model = CriteriaSet
        fields = ["number", "code", "name", "name_en", "sector", "group", "managing_agency", "legal_version"]


class CriteriaSetSummarySerializer(serializers.ModelSerializer):
    legal_version = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = CriteriaSet
        fields = ["number", "code", "name", "name_en", "legal_version"]


def criteria_sets_in_force(legal_version: str | None = None):
    """The criteria sets of `legal_version` (a code), or of the version in force today."""
    if legal_version:
        return CriteriaSet.objects.filter(legal_version__code=legal_version)
    in_force = LegalVersion.objects.filter(effective_from__lte=timezone.localdate()).order_by("-effective_from")
    return CriteriaSet.objects.filter(legal_version=Subquery(in_force.values("pk")[:1]))
