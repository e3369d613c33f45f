"""What checking a history file produces and applying it consumes: every problem found, and every row resolved
(its unit, the records it names, whether it creates, updates or leaves a record unchanged)."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from areas.models import Area
from certificates.models import Certificate
from criteria.models import LegalVersion
from producers.models import Producer
from products.models import Product

from ..models import PastResult

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
SHEET_KEYS = ("producers", "products", "results", "certificates")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the file: its sheet (title), row number, column (heading; empty for the whole row or
    sheet) and what is wrong, in Vietnamese."""

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("%(sheet)s, dòng %(row)s, cột %(column)s: %(message)s") % self.__dict__
        return _("%(sheet)s, dòng %(row)s: %(message)s") % self.__dict__


@dataclass
class Row:
    sheet: str
    number: int
    action: str = CREATE
    changes: dict[str, Any] = field(default_factory=dict)  # field → new value, for an update
    province: Area | None = None  # today's province the row writes into (its scope)


@dataclass
class ProducerRow(Row):
    existing: Producer | None = None
    values: dict[str, Any] = field(default_factory=dict)
    instance: Producer | None = None  # set when applied


@dataclass
class ProductRow(Row):
    existing: Product | None = None
    producer: "ProducerRow | Producer | None" = None
    values: dict[str, Any] = field(default_factory=dict)
    official_code: str = ""
    first_year: int | None = None
    instance: Product | None = None


@dataclass
class ResultRow(Row):
    existing: PastResult | None = None
    product: "ProductRow | Product | None" = None
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class CertificateRow(Row):
    existing: Certificate | None = None
    product: "ProductRow | Product | None" = None
    number_given: str = ""
    stars: int = 0
    legal_version: LegalVersion | None = None
    area: Area | None = None
    decision_number: str = ""
    decision_date: datetime.date | None = None
    issued_on: datetime.date | None = None


@dataclass
class Plan:
    """The checked file. `problems` lists everything wrong, all at once; when it is empty the rows say what
    `apply_plan` will write, and `counts` how many rows of each sheet create, update or leave a record."""

    filename: str = ""
    problems: list[Problem] = field(default_factory=list)
    producers: list[ProducerRow] = field(default_factory=list)
    products: list[ProductRow] = field(default_factory=list)
    results: list[ResultRow] = field(default_factory=list)
    certificates: list[CertificateRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rows(self) -> list[Row]:
        return [*self.producers, *self.products, *self.results, *self.certificates]

    @property
    def counts(self) -> dict[str, Counter]:
        counts = {key: Counter() for key in SHEET_KEYS}
        for key in SHEET_KEYS:
            for row in getattr(self, key):
                counts[key][row.action] += 1
        return counts

    @property
    def problem_rows(self) -> set[tuple[str, int]]:
        return {(p.sheet, p.row) for p in self.problems}


@dataclass
class Summary:
    """What `apply_plan` did, per sheet key: how many records it created, updated and left unchanged."""

    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SHEET_KEYS, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SHEET_KEYS, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SHEET_KEYS, 0))

    @property
    def total_created(self) -> int:
        return sum(self.created.values())

    @property
    def total_updated(self) -> int:
        return sum(self.updated.values())
