"""Fetching what a page is about through the visibility queries: outside the user's scope is a 404."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from ..models import CouncilMembership, Evaluation, Round

MEMBERSHIPS = Prefetch("memberships", queryset=CouncilMembership.objects.select_related("user").order_by("role", "id"))


def visible_round(request, code: str) -> Round:
    rounds = Round.objects.visible_to(request.user).select_related("province", "legal_version")
    return get_object_or_404(rounds.prefetch_related(MEMBERSHIPS), code=code)


def visible_evaluation(request, code: str) -> Evaluation:
    evaluations = Evaluation.objects.visible_to(request.user).select_related(
        "round__province",
        "application__product__producer",
        "application__commune",
        "application__province",
        "criteria_set",
        "legal_version",
        "closed_by",
    )
    return get_object_or_404(
        evaluations.prefetch_related(Prefetch("round__memberships", queryset=MEMBERSHIPS.queryset)), code=code
    )
