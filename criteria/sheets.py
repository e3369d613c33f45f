"""A criteria set's score sheet as plain rows, and as the scoring engine's `Sheet`.

`SheetRows` is the sheet independent of storage: the loader (`sheet_loading`) makes it from the shared JSON
and writes it to SheetNode / Option / KnockOutRule; `sheet_for` reads it back from the database. Both go
through `build_sheet`, so the engine sees the same sheet either way. `sheet_for` caches per criteria set id;
the loader clears the cache whenever it writes."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from scoring import Leaf, Sheet, SheetOption

from .models import CriteriaSet, KnockOutRule, Option, SheetNode


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


def build_sheet(rows: SheetRows, *, name: str) -> Sheet:
    """The engine's sheet: leaves (nodes without children) in print order, each with its part and options."""
    by_code = {node.code: node for node in rows.nodes}
    parents = {node.parent for node in rows.nodes}
    options: dict[str, list[OptionRow]] = {}
    for option in sorted(rows.options, key=lambda option: option.position):
        options.setdefault(option.node, []).append(option)

    def part_of(node: NodeRow) -> str:
        while node.parent is not None:
            node = by_code[node.parent]
        return node.code

    leaves = tuple(
        Leaf(
            code=node.code,
            part=part_of(node),
            max_points=node.max_points,
            options=tuple(SheetOption(o.points, o.min_star, o.case) for o in options.get(node.code, ())),
            stop_on_zero=node.stop_on_zero,
            label=node.label,
            requirement=node.requirement,
        )
        for node in sorted(rows.nodes, key=lambda node: node.position)
        if node.code not in parents and node.parent is not None
    )
    stop_rules = {node.code: node.label for node in sorted(rows.nodes, key=lambda n: n.position) if node.stop_rule}
    return Sheet(name=name, leaves=leaves, knockouts=tuple(rows.knockouts), stop_rules=stop_rules)


def unmet_label(requirement: str) -> str:
    """The label of the "not met" choice a requirement criterion gets on every sheet that shows it."""
    return _("Không đáp ứng yêu cầu: %(requirement)s") % {"requirement": requirement}


def sheet_name(version_code: str, number: int) -> str:
    return f"{version_code}/{number}"


_cache: dict[int, Sheet] = {}


def sheet_for(criteria_set: CriteriaSet | int) -> Sheet:
    """The scoring sheet of a criteria set (instance or id), read once from the database and then cached."""
    pk = criteria_set if isinstance(criteria_set, int) else criteria_set.pk
    sheet = _cache.get(pk)
    if sheet is None:
        sheet = _cache[pk] = _read_sheet(pk)
    return sheet


def clear_cache() -> None:
    _cache.clear()


def _read_sheet(pk: int) -> Sheet:
    version_code, number = CriteriaSet.objects.filter(pk=pk).values_list("legal_version__code", "number").get()
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
        raise SheetMissing(f"criteria set {sheet_name(version_code, number)} has no score sheet loaded")
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
    return build_sheet(SheetRows(node_rows, options, knockouts), name=sheet_name(version_code, number))
