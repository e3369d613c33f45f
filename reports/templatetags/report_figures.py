from django import template

from reports.exports import display

register = template.Library()


@register.filter
def figure(value) -> str:
    """A table value as every output prints it (`reports.exports.display`)."""
    return display(value)
