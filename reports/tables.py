"""A report's answer: a `Table` of plain values that the page, the .xlsx, the PDF and the API all print."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal


def percent(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in per cent, to one decimal, rounded half up (4,469 of 6,210 → 72.0)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    # Per row, the area a row drills into (None when it does not).
    links: list = field(default_factory=list)
    # Figures that head the table: (label, value).
    notes: list = field(default_factory=list)
    # Rows left out of a list shortened for the page (the exports and the API carry them all).
    more: int = 0

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "columns": self.columns,
            "notes": [{"label": label, "value": _plain(value)} for label, value in self.notes],
            "rows": [[_plain(v) for v in row] for row in self.rows],
        }


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
