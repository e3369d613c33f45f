"""What every page of the inspections checks first, and the records it reads through the scope rule."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from .. import rules
from ..models import Inspection, InspectionPlan, Visit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def inspectors_only(request) -> None:
    if not rules.can_open_inspections(request.user):
        raise Http404


def visible_inspection(request, code: str) -> Inspection:
    inspectors_only(request)
    return get_object_or_404(
        Inspection.objects.visible_to(request.user).select_related("province", "plan", "created_by"), code=code
    )


def visible_plan(request, code: str) -> InspectionPlan:
    inspectors_only(request)
    return get_object_or_404(InspectionPlan.objects.visible_to(request.user).select_related("province"), code=code)


def visible_visit(request, code: str) -> Visit:
    inspectors_only(request)
    return get_object_or_404(
        Visit.objects.visible_to(request.user).select_related("inspection__province", "product__producer", "follows"),
        code=code,
    )
