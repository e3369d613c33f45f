"""Numbers in templates.

{% load numbers %}
{{ evaluation.mean_total|points }}   a score with two decimals, as `core.formatting.points` writes it
{{ option.points|points:"trim" }}    the same, a whole number without decimals
"""

from django import template

from core.formatting import points as points_text

register = template.Library()


@register.filter
def points(value, style: str = "") -> str:
    if value is None or value == "":
        return ""
    return points_text(value, trim=style == "trim")
