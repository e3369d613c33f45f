"""Loading the score sheets (Phụ lục II) from the shared JSON into SheetNode / Option / KnockOutRule.

How the printed sheet becomes rows (decisions taken from the data, `ocop/qd26_2026_criteria_sets.json`):
- Tree: part (A/B/C) → group (1…17) → criterion (x.y) → sub-criterion (x.y.z). A node without children is a
  leaf: a group with options and no criteria (e.g. "7 Dinh dưỡng") is itself a leaf; a leaf without options
  is a yes/no item worth its maximum (e.g. 2.4 bilingual label). `position` is the print order over the sheet.
- Knock-out lines: one KnockOutRule per printed "Hồ sơ bị loại khi …" line, index from 0 in print order. In
  the data every JSON string is one such line (sheets 19 and 26 have none); a string holding the phrase twice
  would be split into two lines. The "hoặc …" grounds inside one line stay one rule: the print has one box.
- Stop rules (`stop_rule`, invoked by a member through `stops`): a criterion note saying "không đánh giá các
  bước tiếp theo", "không đánh giá những sản phẩm …", "không xem xét các chỉ tiêu khác" (sheet 1, 6.1: the
  same rule in other words) or "bị loại nếu …" / "sẽ bị loại". Sheets 21 and 22 print "Ghi chú: Nếu sản phẩm
  vi phạm sở hữu trí tuệ, sẽ bị loại bỏ" inside 6.2's last option cell: it is moved to 6.2's notes.
- The zero rule of sheet 16, note under 6.4 "Nếu được 0 điểm tại một trong các chỉ tiêu trên, sẽ không đánh
  giá các bước tiếp theo": "các chỉ tiêu trên" are the indicators of the group it closes, printed above it
  and including it, i.e. 6.1 tạp chất, 6.2 màu sắc, 6.3 mùi, 6.4 vị (each has a 0-point option). Those leaves
  get `stop_on_zero`; the note's node is not a member-invoked stop rule.
- Requirements (`requirement`): a leaf with options whose note reads "Yêu cầu: …" and none of whose options
  is worth 0 points. The note states a condition the product must meet and every printed option presupposes
  it (1.1 of sets 1–4 and 23–25: "Yêu cầu: 100% sản phẩm được trồng/nuôi trên địa bàn cấp tỉnh", then the
  share grown in the commune, 1 to 3 or 4 points), so the sheet has no box for "not met". The text after
  "Yêu cầu:" is kept, and the engine gives the criterion a "not met" choice worth 0 (`scoring.UNMET`) that
  makes the result not rankable when more than half of the members record it. A requirement whose failing
  case has a printed 0-point option needs nothing more, and stays a note.
- Two-case items (sheet 26: 8, 9, 15, notes "Lựa chọn một trong hai trường hợp sau:", "a. …", "b. …"): the
  first half of the options is case "a", the second half case "b"; `cases` holds the two case labels.
- Validation refuses the whole load (nothing is written) and lists every problem: options within 0…max, the
  best option of each case reaching the max, children summing to their parent, parts summing to the legal
  version's split and to the sheet total, printed points equal to the data unless `corrected_from_print`.
"""

import json
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from django.db import connection, transaction

from scoring import Sheet

from . import sheets
from .loading import CURRENT_VERSION, read_shared
from .models import CriteriaSet, KnockOutRule, Option, SheetNode
from .sheets import NodeRow, OptionRow, SheetRows, build_sheet, sheet_name

SHEETS_FILE = "ocop/qd26_2026_criteria_sets.json"
_SPLIT_40_25_35 = {"A": Decimal(40), "B": Decimal(25), "C": Decimal(35)}
PART_MAXIMA = {  # [C: QĐ 26/2026 Điều 3.1; S: 148/2023 and 1048/2019 summaries, spec §0.1]
    "QD26_2026": _SPLIT_40_25_35,
    "QD148_1489_2025": _SPLIT_40_25_35,
    "QD148_2023": _SPLIT_40_25_35,
    "QD1048_2019": {"A": Decimal(35), "B": Decimal(25), "C": Decimal(40)},
}
STOP_NOTE = re.compile(
    r"không đánh giá các bước tiếp theo|không đánh giá những sản phẩm|không xem xét các chỉ tiêu khác|bị loại",
    re.IGNORECASE,
)
REQUIREMENT_NOTE = re.compile(r"^\s*yêu cầu\s*:\s*(.+?)\s*$", re.IGNORECASE)
ZERO_NOTE = re.compile(r"nếu được 0 điểm tại một trong các chỉ tiêu trên", re.IGNORECASE)
TWO_CASES_NOTE = re.compile(r"lựa chọn một trong hai trường hợp", re.IGNORECASE)
CASE_NOTE = re.compile(r"^([ab])\.\s*(.+)$")
KNOCKOUT_LINE = re.compile(r"(?=Hồ sơ bị loại khi)", re.IGNORECASE)
OPTION_NOTE = " / Ghi chú: "
CHILDREN = (
    ("groups", SheetNode.Kind.GROUP),
    ("criteria", SheetNode.Kind.CRITERION),
    ("sub", SheetNode.Kind.SUB_CRITERION),
)


class SheetDataError(ValueError):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("the score sheets were not loaded:\n" + "\n".join(errors))


@dataclass
class LoadReport:
    sheets: int = 0
    leaves: int = 0
    options: int = 0
    knockouts: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    corrected: list[str] = field(default_factory=list)

    def add(self, other: "LoadReport") -> None:
        for name in ("sheets", "leaves", "options", "knockouts", "created", "updated", "deleted"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.corrected += other.corrected


def _decimal(value, where: str, errors: list[str]) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        errors.append(f"{where}: {value!r} is not a number")
        return Decimal(0)
    if number != number.quantize(Decimal("0.01")):
        errors.append(f"{where}: {value} has more than two decimals")
    return number


def parse_sheet(data: dict, *, version: str = CURRENT_VERSION) -> SheetRows:
    """One sheet of the JSON as rows, validated. Raises SheetDataError listing every problem."""
    errors: list[str] = []
    where = f"set {data.get('no')}"
    nodes: list[NodeRow] = []
    options: list[OptionRow] = []
    zero_carriers: list[NodeRow] = []

    def visit(item: dict, kind: str, parent: NodeRow | None) -> NodeRow:
        code = str(item["code"])
        here = f"{where} {code}"
        notes = [note.strip() for note in item.get("notes") or []]
        raw_options = item.get("options") or []
        labels = []
        for option in raw_options:
            label, _sep, note = option["label"].partition(OPTION_NOTE)
            labels.append(label.strip())
            if note:
                notes.append(f"Ghi chú: {note.strip()}")
        cases = _cases(notes, raw_options, here, errors)
        node = NodeRow(
            kind=kind,
            code=code,
            label=item["label"].strip(),
            max_points=_decimal(item["max"], here, errors),
            position=len(nodes) + 1,
            parent=parent.code if parent else None,
            notes=tuple(notes),
            stop_rule=any(STOP_NOTE.search(n) and not ZERO_NOTE.search(n) for n in notes),
            cases=cases,
        )
        nodes.append(node)
        if any(ZERO_NOTE.search(note) for note in notes):
            zero_carriers.append(node)
        children = [(child, child_kind) for key, child_kind in CHILDREN for child in item.get(key) or []]
        if children and raw_options:
            errors.append(f"{here}: has both options and sub-items")
        child_nodes = [visit(child, child_kind, node) for child, child_kind in children]
        if child_nodes and sum(child.max_points for child in child_nodes) != node.max_points:
            errors.append(f"{here}: children sum to {sum(c.max_points for c in child_nodes)}, not {node.max_points}")
        half = len(raw_options) // 2
        own_options = []
        for index, (option, label) in enumerate(zip(raw_options, labels, strict=True)):
            row = OptionRow(
                node=code,
                position=index + 1,
                label=label,
                points=_decimal(option["points"], f"{here} option {index + 1}", errors),
                min_star=option.get("min_star"),
                case=("a" if index < half else "b") if cases else "",
                corrected_from_print=bool(option.get("corrected_from_print")),
                raw_points=str(option.get("raw_points") or ""),
            )
            _check_option(row, node, f"{here} option {index + 1}", errors)
            own_options.append(row)
        _check_best(node, own_options, here, errors)
        options.extend(own_options)
        requirement = next((match[1] for note in notes if (match := REQUIREMENT_NOTE.match(note))), "")
        if requirement and own_options and all(option.points for option in own_options):
            node = replace(node, requirement=requirement)
            nodes[node.position - 1] = node
        return node

    parts = [visit(section, SheetNode.Kind.PART, None) for section in data["sections"]]
    expected = PART_MAXIMA.get(version)
    if expected is None:
        errors.append(f"{where}: no part split known for legal version {version}")
    elif {part.code: part.max_points for part in parts} != expected:
        found = ", ".join(f"{part.code} {part.max_points}" for part in parts)
        errors.append(
            f"{where}: parts are {found}; {version} requires {', '.join(f'{k} {v}' for k, v in expected.items())}"
        )
    total = sum(part.max_points for part in parts)
    if total != _decimal(data.get("total", 100), where, errors) or total != 100:
        errors.append(f"{where}: parts sum to {total}, the sheet total is {data.get('total', 100)} (must be 100)")
    if len({node.code for node in nodes}) != len(nodes):
        errors.append(f"{where}: a code appears twice")
    nodes = _with_zero_scopes(nodes, zero_carriers)
    knockouts = tuple(
        line.strip() for text in data.get("disqualify_when") or [] for line in KNOCKOUT_LINE.split(text) if line.strip()
    )
    if errors:
        raise SheetDataError(errors)
    return SheetRows(tuple(nodes), tuple(options), knockouts)


def _cases(notes: list[str], raw_options: list[dict], here: str, errors: list[str]) -> tuple[str, ...]:
    if not any(TWO_CASES_NOTE.search(note) for note in notes):
        if any(option.get("case") for option in raw_options):
            errors.append(f"{here}: options carry a case but the item has no two-case note")
        return ()
    labels = tuple(match[2].strip() for note in notes if (match := CASE_NOTE.match(note)))
    half = len(raw_options) // 2
    expected = ["a"] * half + ["b"] * half
    printed = [option.get("case") for option in raw_options]
    if len(labels) != 2 or len(raw_options) % 2 or (any(printed) and printed != expected):
        errors.append(f"{here}: two cases need two labels (a., b.) and options split in halves a then b")
    return labels


def _check_option(row: OptionRow, node: NodeRow, here: str, errors: list[str]) -> None:
    if not 0 <= row.points <= node.max_points:
        errors.append(f"{here}: {row.points} points, outside 0…{node.max_points}")
    if row.min_star not in (None, 3, 4, 5):
        errors.append(f"{here}: min_star {row.min_star} is not 3, 4 or 5")
    if not row.corrected_from_print:
        try:
            printed = Decimal(row.raw_points.replace(",", "."))
        except InvalidOperation:
            printed = None
        if printed != row.points:
            errors.append(f"{here}: printed {row.raw_points!r} but {row.points} without corrected_from_print")


def _check_best(node: NodeRow, options: list[OptionRow], here: str, errors: list[str]) -> None:
    for case in sorted({option.case for option in options}):
        best = max(option.points for option in options if option.case == case)
        if best != node.max_points:
            errors.append(f"{here}: best option{f' of case {case}' if case else ''} is {best}, not {node.max_points}")


def _with_zero_scopes(nodes: list[NodeRow], carriers: list[NodeRow]) -> list[NodeRow]:
    """Mark `stop_on_zero` on the leaves of each zero note's scope: its group's leaves up to and including it."""
    parents = {node.parent for node in nodes}
    scope: set[str] = set()
    for carrier in carriers:
        group = [node for node in nodes if node.parent == carrier.parent and node.position <= carrier.position]
        codes = {node.code for node in group}
        grown = True
        while grown:
            grown = False
            for node in nodes:
                if node.parent in codes and node.code not in codes:
                    codes.add(node.code)
                    grown = True
        scope |= {code for code in codes if code not in parents}
    return [replace(node, stop_on_zero=True) if node.code in scope else node for node in nodes]


def read_sheets_data() -> dict:
    return json.loads(read_shared(SHEETS_FILE))


def parse_sheets(data: dict | None = None, *, version: str = CURRENT_VERSION) -> dict[int, SheetRows]:
    """Every sheet of the JSON, by set number; all problems of all sheets in one SheetDataError."""
    data = data if data is not None else read_sheets_data()
    parsed, errors = {}, []
    for item in data["sets"]:
        try:
            parsed[int(item["no"])] = parse_sheet(item, version=version)
        except SheetDataError as error:
            errors += error.errors
    if errors:
        raise SheetDataError(errors)
    return parsed


def json_sheets(data: dict | None = None, *, version: str = CURRENT_VERSION) -> dict[int, Sheet]:
    """The engine's sheets straight from the JSON, without the database (benchmarks, pure tests)."""
    return {
        number: build_sheet(rows, name=sheet_name(version, number))
        for number, rows in parse_sheets(data, version=version).items()
    }


@transaction.atomic
def load_sheets(data: dict | None = None, *, version: str = CURRENT_VERSION) -> LoadReport:
    """Create or refresh the score sheets of `version`'s criteria sets. Idempotent: only differences are
    written. Validates every sheet before writing anything. Clears the kept layouts (`sheets.sheet_layout`)."""
    parsed = parse_sheets(data, version=version)
    sets = {
        cs.number: cs for cs in CriteriaSet.objects.filter(legal_version__code=version).select_related("legal_version")
    }
    if missing := sorted(set(parsed) - set(sets)):
        raise SheetDataError([f"set {number}: no criteria set of {version} to attach it to" for number in missing])
    report = LoadReport()
    for number, rows in sorted(parsed.items()):
        report.add(store_sheet(sets[number], rows))
    return report


@transaction.atomic
def store_sheet(criteria_set: CriteriaSet, rows: SheetRows) -> LoadReport:
    """Write one sheet's rows for a criteria set (of any legal version): create what is new, update what
    changed, delete what is gone; rows keep their ids. Clears the kept layouts (`sheets.sheet_layout`)."""
    parents = {node.parent for node in rows.nodes}
    name = sheet_name(criteria_set.legal_version.code, criteria_set.number)
    report = LoadReport(
        sheets=1,
        leaves=sum(1 for node in rows.nodes if node.parent is not None and node.code not in parents),
        options=len(rows.options),
        knockouts=len(rows.knockouts),
        corrected=[
            f"{name} {o.node} option {o.position}: printed {o.raw_points!r}, loaded {o.points}"
            for o in rows.options
            if o.corrected_from_print
        ],
    )
    existing = {(node.kind, node.code): node for node in SheetNode.objects.filter(criteria_set=criteria_set)}
    wanted = {(row.kind, row.code) for row in rows.nodes}
    pks = _store_nodes(criteria_set, rows.nodes, existing, wanted, report)
    _store_options(criteria_set, rows.options, pks, report)
    # Last, so that a stale node's cascade cannot reach a node that stays (it was re-parented above).
    _delete(SheetNode, [node.pk for key, node in existing.items() if key not in wanted], report)
    _store_knockouts(criteria_set, rows.knockouts, report)
    sheets.clear_cache()
    transaction.on_commit(sheets.clear_cache)
    return report


NODE_FIELDS = [
    "parent_id",
    "label",
    "max_points",
    "position",
    "notes",
    "stop_rule",
    "stop_on_zero",
    "cases",
    "requirement",
]
OPTION_FIELDS = ["label", "points", "min_star", "case", "corrected_from_print", "raw_points"]


def _store_nodes(criteria_set, rows, existing: dict, wanted: set, report: LoadReport) -> dict[str, int]:
    """Upsert the nodes level by level (parents first, for their ids). Returns code → id of every node."""
    pks = {code: node.pk for (kind, code), node in existing.items() if (kind, code) in wanted}
    depth: dict[str, int] = {}
    for row in rows:  # print order: a parent always comes before its children
        depth[row.code] = 0 if row.parent is None else depth[row.parent] + 1
    for level in sorted(set(depth.values())):
        new, changed = [], []
        for row in (row for row in rows if depth[row.code] == level):
            values = {
                "parent_id": pks[row.parent] if row.parent else None,
                "label": row.label,
                "max_points": row.max_points,
                "position": row.position,
                "notes": list(row.notes),
                "stop_rule": row.stop_rule,
                "stop_on_zero": row.stop_on_zero,
                "cases": list(row.cases),
                "requirement": row.requirement,
            }
            node = existing.get((row.kind, row.code))
            if node is None:
                new.append(SheetNode(criteria_set=criteria_set, kind=row.kind, code=row.code, **values))
            elif _differs(node, values):
                changed.append(node)
        _write(SheetNode, new, changed, NODE_FIELDS, report)
        if new and not connection.features.can_return_rows_from_bulk_insert:
            created = {(n.kind, n.code) for n in new}
            new = [n for n in SheetNode.objects.filter(criteria_set=criteria_set) if (n.kind, n.code) in created]
        pks.update({node.code: node.pk for node in new})
    return pks


def _store_options(criteria_set, rows, pks: dict[str, int], report: LoadReport) -> None:
    existing = {(o.node_id, o.position): o for o in Option.objects.filter(node__criteria_set=criteria_set)}
    wanted, new, changed = set(), [], []
    for row in rows:
        key = (pks[row.node], row.position)
        wanted.add(key)
        values = {name: getattr(row, name) for name in OPTION_FIELDS}
        option = existing.get(key)
        if option is None:
            new.append(Option(node_id=key[0], position=row.position, **values))
        elif _differs(option, values):
            changed.append(option)
    _write(Option, new, changed, OPTION_FIELDS, report)
    _delete(Option, [o.pk for key, o in existing.items() if key not in wanted], report)


def _store_knockouts(criteria_set, lines, report: LoadReport) -> None:
    existing = {rule.index: rule for rule in KnockOutRule.objects.filter(criteria_set=criteria_set)}
    new, changed = [], []
    for index, text in enumerate(lines):
        rule = existing.get(index)
        if rule is None:
            new.append(KnockOutRule(criteria_set=criteria_set, index=index, text=text))
        elif _differs(rule, {"text": text}):
            changed.append(rule)
    _write(KnockOutRule, new, changed, ["text"], report)
    _delete(KnockOutRule, [rule.pk for index, rule in existing.items() if index >= len(lines)], report)


def _differs(instance, values: dict) -> bool:
    """Set `values` on `instance`; True if any of them changed."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def _write(model, new: list, changed: list, fields: list[str], report: LoadReport) -> None:
    if new:
        model.objects.bulk_create(new)
        report.created += len(new)
    if changed:
        model.objects.bulk_update(changed, fields)
        report.updated += len(changed)


def _delete(model, pks: list[int], report: LoadReport) -> None:
    if pks:
        report.deleted += model.objects.filter(pk__in=pks).delete()[0]
