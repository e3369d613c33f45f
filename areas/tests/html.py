"""Reading rendered `<select>`s back, so tests can say which options a page offers and which one is selected."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Select:
    attrs: dict[str, str | None]
    options: list[tuple[str, str]] = field(default_factory=list)  # (value, label)
    selected: list[str] = field(default_factory=list)

    @property
    def values(self) -> list[str]:
        return [value for value, _label in self.options]

    @property
    def labels(self) -> list[str]:
        return [label for _value, label in self.options]


class _SelectParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.selects: list[Select] = []
        self.labels: dict[str, str] = {}  # for= → label text
        self._select: Select | None = None
        self._option: tuple[str, bool] | None = None
        self._label_for: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self._select = Select(attrs)
            self.selects.append(self._select)
        elif tag == "option":
            self._option = (attrs.get("value") or "", "selected" in attrs)
            self._text = []
        elif tag == "label":
            self._label_for = attrs.get("for")
            self._text = []

    def handle_data(self, data):
        self._text.append(data)

    def handle_endtag(self, tag):
        text = " ".join("".join(self._text).split())
        if tag == "option" and self._option is not None:
            value, selected = self._option
            target = self._select if self._select is not None else self._loose
            target.options.append((value, text))
            if selected:
                target.selected.append(value)
            self._option = None
        elif tag == "select":
            self._select = None
        elif tag == "label" and self._label_for:
            self.labels[self._label_for] = text
            self._label_for = None

    @property
    def _loose(self) -> Select:
        # Options outside any <select> (an htmx fragment) collect in one unnamed select.
        if not self.selects or self.selects[-1].attrs.get("name") is not None:
            self.selects.append(Select({}))
        return self.selects[-1]


def parse(html: str) -> _SelectParser:
    parser = _SelectParser()
    parser.feed(html)
    return parser


def select_named(html: str, name: str) -> Select:
    return next(s for s in parse(html).selects if s.attrs.get("name") == name)


def options(html: str) -> Select:
    """The `<option>`s of a fragment that is only options."""
    return parse(html).selects[0]
