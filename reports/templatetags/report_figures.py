from html import escape

from django import template
from django.utils.safestring import mark_safe

from reports.exports import display, separators

register = template.Library()


@register.filter
def figure(value) -> str:
    """A table value as every output prints it (`reports.exports.display`)."""
    return display(value)


@register.simple_tag
def table_body(rows) -> str:
    """The body of a report table, `rows` being (values, drill-down link or None): written in one pass with the
    standard library's escaping (a national table has thousands of cells; a template loop, or `format_html`, per
    cell is most of the page's time)."""
    lines, marks = [], separators()
    for values, link in rows:
        cells = [escape(display(v, marks)) for v in values]
        if link:
            cells[0] = f'<a href="{escape(link)}">{cells[0]}</a>'
        lines.append("<tr><td>" + "</td><td>".join(cells) + "</td></tr>")
    return mark_safe("\n".join(lines))  # noqa: S308 - every value and link escaped above
