"""`{% inspection_history product=… %}` / `{% inspection_history producer=… %}`: the outcomes of the inspections of
a product or a producer that the reader sees (a producer its own, the province and the ministry all), for the
products' and producers' pages."""

from django import template
from django.utils import timezone

from ..models import Inspection, Outcome
from ..rules import can_open_inspections

register = template.Library()


@register.inclusion_tag("inspections/_history.html", takes_context=True)
def inspection_history(context, *, product=None, producer=None):
    user = context["request"].user
    outcomes = Outcome.objects.visible_to(user).select_related("inspection", "product", "closed_by")
    outcomes = outcomes.filter(product=product) if product is not None else outcomes.filter(producer=producer)
    outcomes = list(outcomes.order_by("-concluded_on", "-id"))
    seen = set(
        Inspection.objects.visible_to(user)
        .filter(pk__in={o.inspection_id for o in outcomes})
        .values_list("pk", flat=True)
    )
    return {
        "outcomes": outcomes,
        "linked": seen,
        "by_producer": product is None,
        "today": timezone.localdate(),
        # Those whom no inspection reaches see no empty section.
        "shown": bool(outcomes) or can_open_inspections(user),
    }
