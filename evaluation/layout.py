"""A score sheet as the page shows it: the printed lines (parts → groups → criteria) in order, each leaf with
its options as radio buttons, the "Hồ sơ bị loại khi" lines and stop rules as tick boxes, and beside each
leaf what the dossier says about it (the producer's self-assessment, notes and evidence)."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from criteria.models import CriteriaSet, KnockOutRule, SheetNode
from criteria.sheets import unmet_label
from scoring import UNMET

# The sheet prints each knock-out line after the heading "Hồ sơ bị loại khi:", which the page shows once.
KNOCKOUT_PREFIX = re.compile(r"^\s*hồ sơ bị loại khi\s*:?\s*", re.IGNORECASE)


@dataclass(frozen=True)
class OptionView:
    position: int
    label: str
    points: Decimal
    min_star: int | None = None
    case: str = ""

    @property
    def stars(self) -> str:
        return "★" * (self.min_star or 0)


@dataclass
class LeafView:
    code: str
    label: str
    max_points: Decimal
    notes: list[str]
    options: list[OptionView]
    kind: str
    requirement: str = ""

    @property
    def field_name(self) -> str:
        return f"c-{self.code}"

    @property
    def yes_no(self) -> bool:
        return not self.options

    def choice_options(self) -> list[OptionView]:
        """What the member ticks; a yes/no item offers 1 (its maximum) and 0; a criterion with a requirement
        adds "not met" (0 points) after its printed options."""
        if not self.options:
            return [OptionView(1, _("Có"), self.max_points), OptionView(0, _("Không"), Decimal(0))]
        if self.requirement:
            return [*self.options, OptionView(UNMET, unmet_label(self.requirement), Decimal(0))]
        return self.options

    def choice_values(self) -> list[tuple[int, str]]:
        return [(option.position, option.label) for option in self.choice_options()]

    def points_for(self, position) -> Decimal | None:
        return next((o.points for o in self.choice_options() if o.position == position), None)


@dataclass
class HeadingView:
    code: str
    label: str
    max_points: Decimal
    notes: list[str]
    kind: str

    @property
    def title(self) -> str:
        """A part's label is its whole title ("Phần A: SẢN PHẨM … (40 điểm)"); other lines are headed by
        their code and points."""
        return self.label if self.kind == SheetNode.Kind.PART else ""


@dataclass
class Layout:
    rows: list = field(default_factory=list)  # HeadingView | LeafView, in print order
    leaves: list[LeafView] = field(default_factory=list)
    knockouts: list[str] = field(default_factory=list)
    stop_rules: dict[str, str] = field(default_factory=dict)  # code → "code: the note that states the rule"

    def total(self, choices: dict) -> Decimal:
        """The points of the options ticked so far."""
        by_code = {leaf.code: leaf for leaf in self.leaves}
        return sum(
            (by_code[code].points_for(position) or Decimal(0) for code, position in choices.items() if code in by_code),
            Decimal(0),
        )


def sheet_layout(criteria_set: CriteriaSet | int) -> Layout:
    """The sheet of a criteria set from its SheetNode / Option / KnockOutRule rows (three queries)."""
    pk = criteria_set if isinstance(criteria_set, int) else criteria_set.pk
    nodes = list(SheetNode.objects.filter(criteria_set_id=pk).prefetch_related("options").order_by("position"))
    parents = {node.parent_id for node in nodes}
    texts = KnockOutRule.objects.filter(criteria_set_id=pk).values_list("text", flat=True)
    layout = Layout(knockouts=[KNOCKOUT_PREFIX.sub("", text).strip() for text in texts])
    for node in nodes:
        if node.parent_id is not None and node.pk not in parents:
            leaf = LeafView(
                code=node.code,
                label=node.label,
                max_points=node.max_points,
                notes=list(node.notes),
                options=[OptionView(o.position, o.label, o.points, o.min_star, o.case) for o in node.options.all()],
                kind=node.kind,
                requirement=node.requirement,
            )
            layout.rows.append(leaf)
            layout.leaves.append(leaf)
        else:
            layout.rows.append(HeadingView(node.code, node.display_label, node.max_points, list(node.notes), node.kind))
        if node.stop_rule:
            layout.stop_rules[node.code] = f"{node.code}: {' '.join(node.notes) or node.label}"
    return layout


@dataclass
class SheetRow:
    """One printed line with, for a leaf, the member's choice and the dossier's word on it."""

    line: HeadingView | LeafView
    chosen: int | None = None
    self_choice: int | None = None
    self_note: str = ""
    evidence: list = field(default_factory=list)

    @property
    def is_leaf(self) -> bool:
        return isinstance(self.line, LeafView)

    @property
    def self_option(self) -> OptionView | None:
        """The option the producer chose in the self-assessment, if it is one of the line's."""
        if self.self_choice is None:
            return None
        return next((o for o in self.line.choice_options() if o.position == self.self_choice), None)


def sheet_rows(layout: Layout, *, choices: dict, application, evidence: list) -> list[SheetRow]:
    """The lines to show, with `choices` (code → position) ticked and the dossier's self-assessment, notes
    and evidence (`evidence`: the application's Evidence rows) beside each leaf."""
    by_code: dict[str, list] = {}
    for item in evidence:
        by_code.setdefault(item.criterion_code, []).append(item)
    self_choices = application.self_choices or {}
    self_notes = application.self_notes or {}
    rows = []
    for line in layout.rows:
        if isinstance(line, LeafView):
            self_choice = self_choices.get(line.code)
            rows.append(
                SheetRow(
                    line=line,
                    chosen=choices.get(line.code),
                    self_choice=int(self_choice) if str(self_choice).isdigit() else None,
                    self_note=str(self_notes.get(line.code, "")),
                    evidence=by_code.get(line.code, []),
                )
            )
        else:
            rows.append(SheetRow(line=line))
    return rows
