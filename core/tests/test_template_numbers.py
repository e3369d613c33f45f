"""Numbers are localised on every page (USE_THOUSAND_SEPARATOR: 1057 prints "1.057"), which is right for a
reader and wrong for a machine: an id, a form value or a page number written that way breaks the HTMX target,
the form's choice or the link once the table passes a thousand rows. Such a number must be written with
`|unlocalize` (or inside `{% localize off %}`). This walks every template, so a new one cannot slip through."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template

PROJECT = Path(settings.BASE_DIR)
SKIPPED = {".venv", "staticfiles"}
TEMPLATES = sorted(path for path in PROJECT.glob("**/templates/**/*.html") if not SKIPPED & set(path.parts))
# An attribute value holding a variable whose last part names a key: x.pk, x.id, x_id, x_pk, page numbers.
KEY_IN_ATTRIBUTE = re.compile(
    r'[\w-]+="[^"]*\{\{\s*(?P<expression>[\w.]*(?:\.pk|\.id|_id|_pk|page_number)(?:\|[^}]*)?)\s*\}\}[^"]*"'
)
RAW_FILTERS = ("unlocalize", "stringformat", "safe")


def _unlocalised_keys(text: str) -> list[str]:
    off = [(m.start(), text.find("{% endlocalize %}", m.start())) for m in re.finditer(r"\{% localize off %\}", text)]
    found = []
    for match in KEY_IN_ATTRIBUTE.finditer(text):
        expression = match.group("expression")
        if any(name in expression for name in RAW_FILTERS):
            continue
        if any(start < match.start() < end for start, end in off):
            continue
        if expression.startswith("widget."):
            continue  # a form widget's HTML id is a string, not a number
        found.append(expression)
    return found


def test_templates_are_found():
    assert len(TEMPLATES) > 50


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: str(path.relative_to(PROJECT)))
def test_template_writes_keys_in_attributes_unlocalised(path):
    assert _unlocalised_keys(path.read_text()) == []


def test_the_check_finds_a_localised_key():
    assert _unlocalised_keys('<li id="n-{{ notification.pk }}">') == ["notification.pk"]
    assert _unlocalised_keys('<li id="n-{{ notification.pk|unlocalize }}">') == []


def test_a_localised_key_would_break_the_id():
    rendered = Template("{% load l10n %}{{ pk }} {{ pk|unlocalize }}").render(Context({"pk": 1057}))
    assert rendered == "1.057 1057"
