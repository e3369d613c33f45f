"""A criteria set's score sheet: read once, laid out once, for every page that shows it and for the scoring engine.

`SheetRows` is the sheet independent of storage: the loader (`sheet_loading`) makes it from the shared JSON and
writes it to SheetNode / Option / KnockOutRule; `sheet_layout` reads it back from the database. Both go through
`build_layout`, which makes the one `Layout` that the producer's self-score (Mẫu 02), the member's score sheet, the
session's result and the certificate's table are drawn from; its `engine` is the scoring engine's `Sheet`, so the
engine sees the same sheet either way.

`sheet_layout` keeps each criteria set's layout in a dictionary of the process (every server process reads a
sheet once); the loader clears it whenever it writes, in the process that loads: other processes keep what they
read until they restart. A layout holds no translated text: the labels the pages add (a part's title, "Có",
"Không", "not met") are made in the reader's language when they are read. It is shared by every request:
nothing may change it.

What a member may tick on a leaf (`Line.choices`), in one order everywhere: the printed options as printed (the
sheets print them from the fewest points up); after them, for a criterion with a requirement none of them can
fail, "not met" (`UNMET`, 0 points); for a yes/no item (printed without options) "Không" (0) then "Có" (1, its
maximum), the fewest points first like every printed criterion."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from scoring import UNMET, Leaf, Sheet, SheetOption

from .models import CriteriaSet, KnockOutRule, Option, SheetNode, line_label


@dataclass(frozen=True)
class NodeRow:
    kind: str  # SheetNode.Kind
    code: str
    label: str
    max_points: Decimal
    position: int  # print order over the whole sheet, from 1
    parent: str | None  # the parent's code; None for a part
    notes: tuple[str, ...] = ()
    stop_rule: bool = False
    stop_on_zero: bool = False
    cases: tuple[str, ...] = ()
    requirement: str = ""


@dataclass(frozen=True)
class OptionRow:
    node: str  # the leaf's code
    position: int  # as printed, from 1
    label: str
    points: Decimal
    min_star: int | None = None
    case: str = ""
    corrected_from_print: bool = False
    raw_points: str = ""


@dataclass(frozen=True)
class SheetRows:
    nodes: tuple[NodeRow, ...]
    options: tuple[OptionRow, ...]
    knockouts: tuple[str, ...]


class SheetMissing(LookupError):
    """The criteria set exists but no score sheet was loaded for it."""


# The answers a leaf offers besides its printed options.
PRINTED, NO, YES, NOT_MET = "printed", "no", "yes", "not_met"
# The values of a yes/no leaf, as the scoring engine reads them.
YES_NO_POSITIONS = {NO: 0, YES: 1}


def unmet_label(requirement: str) -> str:
    """The label of the "not met" choice a requirement criterion gets on every sheet that shows it."""
    return _("Không đáp ứng yêu cầu: %(requirement)s") % {"requirement": requirement}


@dataclass(frozen=True)
class Choice:
    """One answer a member may give on a leaf: the value a sheet stores (`position`) and its points."""

    position: int  # a printed option's position (from 1), UNMET, or 0/1 for a yes/no item
    points: Decimal
    printed: str = ""  # the option's label as printed; "" for the answers the sheet does not print
    min_star: int | None = None
    case: str = ""
    answer: str = PRINTED
    requirement: str = ""  # for "not met": what is not met

    @property
    def label(self) -> str:
        if self.answer == YES:
            return _("Có")
        if self.answer == NO:
            return _("Không")
        if self.answer == NOT_MET:
            return unmet_label(self.requirement)
        return self.printed

    @property
    def stars(self) -> str:
        """The star mark printed beside a minimum (*** / **** / *****), as ★."""
        return "★" * (self.min_star or 0)


@dataclass(frozen=True)
class Line:
    """One printed line: a part, a group, a criterion or a sub-criterion; a leaf (a line without children under a
    part) is what members mark."""

    kind: str  # SheetNode.Kind
    code: str
    printed: str  # the label as printed
    max_points: Decimal
    position: int
    parent: str | None
    part: str
    notes: tuple[str, ...] = ()
    cases: tuple[str, ...] = ()
    stop_rule: bool = False
    stop_on_zero: bool = False
    requirement: str = ""
    is_leaf: bool = False
    depth: int = 0  # 0 for a part, 1 for a group, 2 for a criterion, 3 for a sub-criterion
    options: tuple[Choice, ...] = ()  # the printed options
    choices: tuple[Choice, ...] = ()  # what a member ticks (leaves only; see the module docstring)
    children: tuple["Line", ...] = ()

    @property
    def label(self) -> str:
        """The label as the pages show it (a part's reads "Phần A: … (40 điểm)", see `line_label`)."""
        return line_label(self.kind, self.code, self.printed, self.max_points)

    @property
    def title(self) -> str:
        """A part's label is its whole title; other lines are headed by their code and points."""
        return self.label if self.kind == SheetNode.Kind.PART else ""

    @property
    def slug(self) -> str:
        """The code as an HTML id fragment (dots would read as CSS classes in selectors)."""
        return self.code.replace(".", "-")

    @property
    def field_name(self) -> str:
        return f"c-{self.code}"

    @property
    def yes_no(self) -> bool:
        return self.is_leaf and not self.options

    def choice(self, position) -> Choice | None:
        return next((c for c in self.choices if c.position == position), None)


def _choices(node: NodeRow, options: tuple[Choice, ...]) -> tuple[Choice, ...]:
    if not options:
        return (
            Choice(YES_NO_POSITIONS[NO], Decimal(0), answer=NO),
            Choice(YES_NO_POSITIONS[YES], node.max_points, answer=YES),
        )
    if node.requirement:
        return (*options, Choice(UNMET, Decimal(0), answer=NOT_MET, requirement=node.requirement))
    return options


@dataclass(frozen=True)
class Layout:
    """A criteria set's whole sheet: its lines in print order, the tree of parts, its leaves, its "Hồ sơ bị loại
    khi" lines as printed, and the scoring engine's `Sheet`."""

    name: str
    lines: tuple[Line, ...]
    knockouts: tuple[str, ...] = ()
    parts: tuple[Line, ...] = field(init=False, repr=False)
    leaves: tuple[Line, ...] = field(init=False, repr=False)
    engine: Sheet = field(init=False, repr=False, compare=False)
    _leaves: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        leaves = tuple(line for line in self.lines if line.is_leaf)
        engine = Sheet(
            name=self.name,
            leaves=tuple(
                Leaf(
                    code=line.code,
                    part=line.part,
                    max_points=line.max_points,
                    options=tuple(SheetOption(o.points, o.min_star, o.case) for o in line.options),
                    stop_on_zero=line.stop_on_zero,
                    label=line.printed,
                    requirement=line.requirement,
                )
                for line in leaves
            ),
            knockouts=self.knockouts,
            stop_rules={line.code: line.printed for line in self.lines if line.stop_rule},
        )
        object.__setattr__(self, "parts", tuple(line for line in self.lines if line.parent is None))
        object.__setattr__(self, "leaves", leaves)
        object.__setattr__(self, "engine", engine)
        object.__setattr__(self, "_leaves", {line.code: line for line in leaves})

    def leaf(self, code: str) -> Line | None:
        return self._leaves.get(code)

    def total(self, choices: dict) -> Decimal:
        """The points of the answers ticked so far (`choices`: leaf code → position)."""
        total = Decimal(0)
        for code, position in choices.items():
            leaf = self.leaf(code)
            choice = leaf.choice(position) if leaf is not None else None
            if choice is not None:
                total += choice.points
        return total


def build_layout(rows: SheetRows, *, name: str) -> Layout:
    """The layout of a sheet's rows: lines in print order, each with its children and, for a leaf, its options
    in print order and the answers a member may give."""
    nodes = sorted(rows.nodes, key=lambda node: node.position)
    by_code = {node.code: node for node in nodes}
    parents = {node.parent for node in nodes}
    options: dict[str, list[Choice]] = {}
    for option in sorted(rows.options, key=lambda option: option.position):
        options.setdefault(option.node, []).append(
            Choice(option.position, option.points, option.label, option.min_star, option.case)
        )

    def part_of(node: NodeRow) -> str:
        while node.parent is not None:
            node = by_code[node.parent]
        return node.code

    children: dict[str, list[str]] = {}
    for node in nodes:
        if node.parent is not None:
            children.setdefault(node.parent, []).append(node.code)
    depth: dict[str, int] = {}
    for node in nodes:
        depth[node.code] = 0 if node.parent is None else depth[node.parent] + 1
    built: dict[str, Line] = {}
    # Children before their parents: a parent's tuple of children is made once its children are.
    for node in reversed(nodes):
        is_leaf = node.code not in parents and node.parent is not None
        printed = tuple(options.get(node.code, ()))
        built[node.code] = Line(
            kind=node.kind,
            code=node.code,
            printed=node.label,
            max_points=node.max_points,
            position=node.position,
            parent=node.parent,
            part=part_of(node),
            notes=tuple(node.notes),
            cases=tuple(node.cases),
            stop_rule=node.stop_rule,
            stop_on_zero=node.stop_on_zero,
            requirement=node.requirement,
            is_leaf=is_leaf,
            options=printed,
            choices=_choices(node, printed) if is_leaf else (),
            depth=depth[node.code],
            children=tuple(built[code] for code in children.get(node.code, ())),
        )
    return Layout(name=name, lines=tuple(built[node.code] for node in nodes), knockouts=tuple(rows.knockouts))


def build_sheet(rows: SheetRows, *, name: str) -> Sheet:
    """The engine's sheet: leaves (nodes without children) in print order, each with its part and options."""
    return build_layout(rows, name=name).engine


def sheet_name(version_code: str, number: int) -> str:
    return f"{version_code}/{number}"


_cache: dict[int, Layout] = {}


def sheet_layout(criteria_set: CriteriaSet | int) -> Layout:
    """The layout of a criteria set's sheet (instance or id), read once from the database and then kept. A set
    without a sheet has an empty layout, read again each time (so a sheet loaded later shows at once)."""
    pk = criteria_set if isinstance(criteria_set, int) else criteria_set.pk
    layout = _cache.get(pk)
    if layout is None:
        layout = _read_layout(pk)
        if layout.lines:
            _cache[pk] = layout
    return layout


def sheet_for(criteria_set: CriteriaSet | int) -> Sheet:
    """The scoring engine's sheet of a criteria set (instance or id), from its cached layout."""
    layout = sheet_layout(criteria_set)
    if not layout.lines:
        raise SheetMissing(f"criteria set {layout.name} has no score sheet loaded")
    return layout.engine


def leaf_codes(criteria_set: CriteriaSet | int) -> set[str]:
    """The codes of the lines a member marks; none when the set has no sheet."""
    return {line.code for line in sheet_layout(criteria_set).leaves}


def clear_cache() -> None:
    _cache.clear()


def _read_layout(pk: int) -> Layout:
    version_code, number = CriteriaSet.objects.filter(pk=pk).values_list("legal_version__code", "number").get()
    name = sheet_name(version_code, number)
    nodes = list(
        SheetNode.objects.filter(criteria_set_id=pk).values_list(
            "id",
            "kind",
            "code",
            "label",
            "max_points",
            "position",
            "parent_id",
            "notes",
            "stop_rule",
            "stop_on_zero",
            "cases",
            "requirement",
        )
    )
    if not nodes:
        return Layout(name=name, lines=())
    codes = {row[0]: row[2] for row in nodes}
    node_rows = tuple(
        NodeRow(
            kind,
            code,
            label,
            max_points,
            position,
            codes.get(parent_id),
            tuple(notes),
            stop_rule,
            stop_on_zero,
            tuple(cases),
            requirement,
        )
        for (
            _id,
            kind,
            code,
            label,
            max_points,
            position,
            parent_id,
            notes,
            stop_rule,
            stop_on_zero,
            cases,
            requirement,
        ) in nodes
    )
    options = tuple(
        OptionRow(codes[node_id], position, label, points, min_star, case)
        for node_id, position, label, points, min_star, case in Option.objects.filter(
            node__criteria_set_id=pk
        ).values_list("node_id", "position", "label", "points", "min_star", "case")
    )
    knockouts = tuple(KnockOutRule.objects.filter(criteria_set_id=pk).order_by("index").values_list("text", flat=True))
    return build_layout(SheetRows(node_rows, options, knockouts), name=name)
