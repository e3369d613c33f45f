from django import template
from django.utils.html import format_html, format_html_join

from reports.exports import display

register = template.Library()


@register.filter
def figure(value) -> str:
    """A table value as every output prints it (`reports.exports.display`)."""
    return display(value)


@register.simple_tag
def table_body(rows) -> str:
    """The body of a report table, `rows` being (values, drill-down link or None): written in one pass (a national
    table has thousands of cells; a template loop per cell is most of the page's time)."""
    return format_html_join(
        "\n",
        "<tr>{}</tr>",
        ((_cells(values, link),) for values, link in rows),
    )


def _cells(values, link) -> str:
    cells = [display(v) for v in values]
    first = (
        format_html('<td><a href="{}">{}</a></td>', link, cells[0]) if link else format_html("<td>{}</td>", cells[0])
    )
    return first + format_html_join("", "<td>{}</td>", ((c,) for c in cells[1:]))
