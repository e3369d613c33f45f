"""The OCOP scoring engine: a council's score sheets → mean total, band and star rank (QĐ 26/2026 Điều 3.3).

Pure Python, no database: the sheet comes as a `Sheet`, built from the database by
`criteria.sheets.sheet_for(criteria_set)` (or from the shared JSON by `criteria.sheet_loading.json_sheets`).

The rules, and our reading where the decision is silent (spec/ocop-rules.md §3.4, §4, §8):
- A member's sheet names each leaf by its code and the ticked option by its 1-based position as printed; a
  yes/no leaf (no options) takes 0 or 1 (1 = its maximum). A criterion with a requirement that none of its
  printed options can fail ("Yêu cầu: 100 % sản phẩm được trồng/nuôi trên địa bàn cấp tỉnh", 1.1 of sets 1–4
  and 23–25) also takes `UNMET` (0): "not met", worth 0 points. Anything else is a `SheetError`.
- Two-case items (tourism, sheet 26): one member uses one case (a or b) on all of them.
- The council's result is the mean of the members' totals, kept exact (we count in hundredths of a point, in
  integers, and divide once). Bands are half-open: < 30 → 1★, [30, 50) → 2★, … [90, 100] → 5★.
- Star minimums are checked on the members' mean points per criterion: the rank is the highest s ≤ band such
  that every option marked for a level ≤ s is reached (levels 1–2 have none). A criterion with marks for
  several levels (e.g. **** 2 points, ***** 3 points) must reach the highest mark of the levels considered.
- A knock-out line, a stop rule, a requirement not met, or a zero on an item of a "0 points stops the
  evaluation" scope makes the result "không đạt" (not rankable) when MORE than half of the member sheets have
  it; exactly half does not.
- Quorum: fewer sheets than the regulation's quorum is not a sheet error; the result is computed (so the
  chair sees it) but marked not rankable, with the reason. No sheet at all is a `SheetError`.
- Divergence: a gap between the highest and lowest member total ABOVE `max_gap` raises `divergence_flag`
  (the council re-discusses and re-scores); the result is still computed.
- Not rankable → `stars` is None; `band` is still given, and `failed_minimums` lists every missed mark up
  to the band. `reason` names each rule that holds (the knock-out line's text, the criterion), one per line.
- Messages (SheetError, reasons) are Vietnamese strings under gettext: the only Django import.
"""

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext as _

# Lower edge (inclusive) of each band from 2★ up; below 30 is 1★. [C: QĐ 26/2026 Điều 3.3]
BAND_EDGES = {2: 30, 3: 50, 4: 70, 5: 90}
MAX_TOTAL = 100
STAR_LEVELS_WITH_MINIMUMS = (3, 4, 5)
CENT = Decimal(100)
TWO_PLACES = Decimal("0.01")
UNMET = 0  # the value for "requirement not met": a requirement criterion's printed options start at 1


@dataclass(frozen=True, slots=True)
class SheetOption:
    """A tick box: its points and, if the sheet marks it (*** / **** / *****), the star it is the minimum of."""

    points: Decimal
    min_star: int | None = None
    case: str = ""


@dataclass(frozen=True, slots=True)
class Leaf:
    """A line each evaluator marks: by ticking one option or, without options, as a yes/no item."""

    code: str
    part: str
    max_points: Decimal
    options: tuple[SheetOption, ...] = ()
    stop_on_zero: bool = False
    label: str = ""
    requirement: str = ""  # what the criterion requires ("100% sản phẩm …"); "" when it requires nothing

    @property
    def positions(self) -> tuple[int, int]:
        """The lowest and highest value a member may give: a printed option's position (from 1, or from
        `UNMET` with a requirement), or 0/1 for a yes/no item."""
        if not self.options:
            return 0, 1
        return (UNMET if self.requirement else 1), len(self.options)


@dataclass(frozen=True, slots=True)
class Mark:
    """A star minimum: for `star` and above, the mean on `code` must reach `required` points."""

    code: str
    star: int
    required: Decimal


def _cents(value: Decimal) -> int:
    cents = value * CENT
    if cents != cents.to_integral_value():
        raise ValueError(f"points are counted in hundredths: {value}")
    return int(cents)


@dataclass(frozen=True)
class Sheet:
    """One criteria set's score sheet, as the engine needs it. Build it once per criteria set: the lookups
    `rank` uses are precomputed here."""

    name: str
    leaves: tuple[Leaf, ...]
    knockouts: tuple[str, ...] = ()
    stop_rules: Mapping[str, str] = field(default_factory=dict)  # node code → label, for the reason text
    parts: tuple[str, ...] = field(init=False, compare=False)
    marks: tuple[Mark, ...] = field(init=False, compare=False, repr=False)
    _rows: tuple = field(init=False, compare=False, repr=False)
    _codes: frozenset = field(init=False, compare=False, repr=False)
    _position: dict = field(init=False, compare=False, repr=False)
    _marks: tuple = field(init=False, compare=False, repr=False)

    def __post_init__(self):
        parts = tuple(dict.fromkeys(leaf.part for leaf in self.leaves))
        rows, marks = [], []
        for leaf in self.leaves:
            low, high = leaf.positions
            if leaf.options:
                # Position p (1-based) reads points[p]; index 0 is "not met" (0 points), valid only from `low`.
                points = (0, *(_cents(option.points) for option in leaf.options))
                cases = ("", *(option.case for option in leaf.options))
                cases = cases if any(cases) else None
                for option in leaf.options:
                    if option.min_star:
                        marks.append(Mark(leaf.code, option.min_star, option.points))
            else:
                points, cases = (0, _cents(leaf.max_points)), None
            rows.append(
                (leaf.code, points, low, high, parts.index(leaf.part), cases, leaf.stop_on_zero, bool(leaf.requirement))
            )
        marks.sort(key=lambda mark: mark.star)
        position = {leaf.code: index for index, leaf in enumerate(self.leaves)}
        object.__setattr__(self, "parts", parts)
        object.__setattr__(self, "marks", tuple(marks))
        object.__setattr__(self, "_rows", tuple(rows))
        object.__setattr__(self, "_codes", frozenset(position))
        object.__setattr__(self, "_position", position)
        object.__setattr__(self, "_marks", tuple((position[m.code], m.star, _cents(m.required)) for m in marks))

    @property
    def zero_scope(self) -> tuple[str, ...]:
        """The leaves where 0 points stops the evaluation (sheet 16: 6.1–6.4)."""
        return tuple(leaf.code for leaf in self.leaves if leaf.stop_on_zero)

    @property
    def requirements(self) -> dict[str, str]:
        """Leaf code → what it requires, for the criteria that can be recorded as "not met" (print order)."""
        return {leaf.code: leaf.requirement for leaf in self.leaves if leaf.requirement}

    def leaf(self, code: str) -> Leaf:
        return self.leaves[self._position[code]]


@dataclass(frozen=True, slots=True)
class MemberSheet:
    member: str
    choices: Mapping[str, int]
    knockouts: Sequence[int] = ()
    stops: Sequence[str] = ()


@dataclass(frozen=True, slots=True)
class Regulation:
    """The council's operating rules (its Quy chế): minimum number of sheets, largest allowed gap."""

    quorum: int = 1
    max_gap: Decimal = Decimal(10)

    def __post_init__(self):
        if self.quorum < 1 or self.max_gap < 0:
            raise ValueError("quorum must be at least 1 and max_gap not negative")


class SheetError(ValueError):
    """Invalid member sheets. `errors` maps each offending member to messages that name the codes at fault;
    the key "" is for the council as a whole (no sheet at all)."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{member}: {' '.join(messages)}" for member, messages in errors.items()))


@dataclass(frozen=True)
class RankResult:
    """A council's result. Means are exact Decimals (a repeating mean carries 28 significant digits); totals,
    parts and criterion means are keyed by member, part code and leaf code."""

    rankable: bool
    reason: str | None
    mean_total: Decimal
    member_totals: dict[str, Decimal]
    parts: dict[str, Decimal]
    band: int
    stars: int | None
    failed_minimums: list[dict]
    divergence_flag: bool
    criterion_means: dict[str, Decimal]

    def as_json(self) -> dict:
        """The API's shape: plain JSON numbers, means shown with 2 decimals. Means are cut, not rounded, so a
        shown value never reaches a band edge or a minimum that the exact mean does not (69.996 → 69.99)."""
        return {
            "rankable": self.rankable,
            "reason": self.reason,
            "mean_total": _number(self.mean_total),
            "member_totals": {member: _number(total) for member, total in self.member_totals.items()},
            "parts": {part: _number(mean) for part, mean in self.parts.items()},
            "band": self.band,
            "stars": self.stars,
            "failed_minimums": [
                {**failed, "required": _number(failed["required"]), "mean": _number(failed["mean"])}
                for failed in self.failed_minimums
            ],
            "divergence_flag": self.divergence_flag,
            "criterion_means": {code: _number(mean) for code, mean in self.criterion_means.items()},
        }


def _number(value: Decimal) -> int | float:
    shown = value.quantize(TWO_PLACES, rounding=ROUND_DOWN)
    return int(shown) if shown == shown.to_integral_value() else float(shown)


def band(mean) -> int:
    """The star band of a mean total (Decimal, Fraction or int), half-open: [70, 90) → 4."""
    if not 0 <= mean <= MAX_TOTAL:
        raise ValueError(f"a mean total lies between 0 and {MAX_TOTAL}: {mean}")
    for stars in (5, 4, 3, 2):
        if mean >= BAND_EDGES[stars]:
            return stars
    return 1


def _check_member(sheet: Sheet, sheet_in: MemberSheet, sums: list[int]) -> tuple[list[str], int, bool, list[str]]:
    """Score one member's sheet, adding its points (hundredths) per leaf to `sums`, which is only meaningful
    if no sheet has errors. Returns (errors, total in hundredths, a zero in the zero-rule scope, the codes of
    the requirements recorded as not met)."""
    choices = sheet_in.choices
    errors, missing, wrong, by_case, unmet = [], [], [], {}, []
    total, zero_hit = 0, False
    for index, (code, points, low, high, _part, cases, stop_on_zero, requirement) in enumerate(sheet._rows):
        choice = choices.get(code)
        if choice is None:
            missing.append(code)
            continue
        if type(choice) is not int or not low <= choice <= high:
            wrong.append((code, choice, low, high))
            continue
        value = points[choice]
        sums[index] += value
        total += value
        if cases is not None and cases[choice]:
            by_case.setdefault(cases[choice], []).append(code)
        if stop_on_zero and value == 0:
            zero_hit = True
        if requirement and choice == UNMET:
            unmet.append(code)
    if missing:
        errors.append(_("Thiếu tiêu chí: %(codes)s.") % {"codes": ", ".join(missing)})
    if len(choices) > len(sheet._rows) - len(missing):  # some keys are not leaves of this sheet
        unknown = [code for code in choices if code not in sheet._codes]
        errors.append(_("Không có tiêu chí %(codes)s trong phiếu này.") % {"codes": ", ".join(map(str, unknown))})
    for code, choice, low, high in wrong:
        errors.append(
            _("Tiêu chí %(code)s không có phương án %(choice)s (chọn từ %(low)d đến %(high)d).")
            % {"code": code, "choice": choice, "low": low, "high": high}
        )
    if len(by_case) > 1:
        used = "; ".join(f"{case}: {', '.join(codes)}" for case, codes in sorted(by_case.items()))
        errors.append(
            _("Phiếu dùng cả hai trường hợp (%(used)s): chọn một trường hợp cho mọi mục hai trường hợp.")
            % {"used": used}
        )
    count = len(sheet.knockouts)
    for index in sheet_in.knockouts:
        if type(index) is not int or not 0 <= index < count:
            errors.append(
                _("Không có dòng “Hồ sơ bị loại khi” số %(index)s (phiếu này có %(count)d dòng, đánh số từ 0).")
                % {"index": index, "count": count}
            )
    for code in sheet_in.stops:
        if code not in sheet.stop_rules:
            errors.append(_("Tiêu chí %(code)s không có điều kiện dừng.") % {"code": code})
    return errors, total, zero_hit, unmet


def rank(sheet: Sheet, members: Sequence[MemberSheet], *, regulation: Regulation | None = None) -> RankResult:
    """Rank a council's score sheets on `sheet`. Raises SheetError if any member's sheet is invalid."""
    regulation = regulation or Regulation()
    count = len(members)
    if not count:
        raise SheetError({"": [_("Chưa có phiếu chấm nào.")]})
    rows = sheet._rows
    leaf_count = len(rows)
    criterion_sums = [0] * leaf_count
    totals: dict[str, int] = {}
    errors: dict[str, list[str]] = {}
    knocked, stopped, unmet = Counter(), Counter(), Counter()
    zero_sheets = 0
    for member in members:
        member_errors, total, zero_hit, member_unmet = _check_member(sheet, member, criterion_sums)
        if member.member in totals or member.member in errors:
            member_errors.insert(0, _("Thành viên %(member)s có hơn một phiếu.") % {"member": member.member})
        if member_errors:
            errors[member.member] = member_errors
            continue
        totals[member.member] = total
        if member.knockouts:
            knocked.update(set(member.knockouts))
        if member.stops:
            stopped.update(set(member.stops))
        unmet.update(member_unmet)
        zero_sheets += zero_hit
    if errors:
        raise SheetError(errors)

    denominator = CENT * count
    grand_total = sum(totals.values())
    band_ = next((stars for stars in (5, 4, 3, 2) if grand_total >= BAND_EDGES[stars] * 100 * count), 1)
    missed = [
        (index, star, required) for index, star, required in sheet._marks if criterion_sums[index] < required * count
    ]
    lowest_missed = min((star for _index, star, _required in missed), default=6)
    ranked = min(band_, lowest_missed - 1)

    reasons = _reasons(sheet, regulation, count, knocked, stopped, unmet, zero_sheets)
    rankable = not reasons
    floor = ranked if rankable else 0
    failed_minimums = [
        {
            "criterion": rows[index][0],
            "star": star,
            "required": Decimal(required) / CENT,
            "mean": Decimal(criterion_sums[index]) / denominator,
        }
        for index, star, required in missed
        if floor < star <= band_
    ]
    part_sums = [0] * len(sheet.parts)
    for index, row in enumerate(rows):
        part_sums[row[4]] += criterion_sums[index]
    return RankResult(
        rankable=rankable,
        reason="\n".join(reasons) or None,  # one line per reason: a knock-out line may itself hold "; "
        mean_total=Decimal(grand_total) / denominator,
        member_totals={member: Decimal(total) / CENT for member, total in totals.items()},
        parts={part: Decimal(part_sums[i]) / denominator for i, part in enumerate(sheet.parts)},
        band=band_,
        stars=ranked if rankable else None,
        failed_minimums=failed_minimums,
        divergence_flag=max(totals.values()) - min(totals.values()) > regulation.max_gap * CENT,
        criterion_means={row[0]: Decimal(criterion_sums[i]) / denominator for i, row in enumerate(rows)},
    )


def _reasons(
    sheet: Sheet,
    regulation: Regulation,
    count: int,
    knocked: Counter,
    stopped: Counter,
    unmet: Counter,
    zero_sheets: int,
) -> list[str]:
    """Why the result is "không đạt": each knock-out line, stop rule, requirement not met or zero rule held by
    more than half of the sheets, and a missing quorum."""
    reasons = []
    for index in sorted(knocked):
        if 2 * knocked[index] > count:
            reasons.append(
                _("%(rule)s (%(votes)d/%(count)d thành viên)")
                % {"rule": sheet.knockouts[index], "votes": knocked[index], "count": count}
            )
    for code in sheet.stop_rules:  # in print order
        if 2 * stopped[code] > count:
            reasons.append(
                _("Dừng đánh giá theo điều kiện của tiêu chí %(code)s “%(label)s” (%(votes)d/%(count)d thành viên)")
                % {"code": code, "label": sheet.stop_rules[code], "votes": stopped[code], "count": count}
            )
    for code, requirement in sheet.requirements.items():
        if 2 * unmet[code] > count:
            reasons.append(
                _("Không đáp ứng yêu cầu của tiêu chí %(code)s: %(requirement)s (%(votes)d/%(count)d thành viên)")
                % {"code": code, "requirement": requirement, "votes": unmet[code], "count": count}
            )
    if 2 * zero_sheets > count:
        reasons.append(
            _("Dừng đánh giá: 0 điểm tại một trong các chỉ tiêu %(codes)s (%(votes)d/%(count)d thành viên)")
            % {"codes": ", ".join(sheet.zero_scope), "votes": zero_sheets, "count": count}
        )
    if count < regulation.quorum:
        reasons.append(
            _("Chưa đủ số phiếu chấm theo quy chế hội đồng: %(count)d/%(quorum)d.")
            % {"count": count, "quorum": regulation.quorum}
        )
    return reasons


def next_star_gap(sheet: Sheet, result: RankResult) -> dict:
    """What a ranked result lacks for the next star: the mean-total points to that band (0 if already in it)
    and the minimums of that star and below that the members' means miss. 5★ has no next star."""
    if not result.rankable:
        raise ValueError("a result that is not rankable has no next star")
    if result.stars >= 5:
        return {"next_star": None, "missing_points": Decimal(0), "failed_minimums": []}
    target = result.stars + 1
    missing = max(Decimal(0), BAND_EDGES[target] - result.mean_total)
    failed = [
        {
            "criterion": mark.code,
            "star": mark.star,
            "required": mark.required,
            "mean": result.criterion_means[mark.code],
        }
        for mark in sheet.marks
        if mark.star <= target and result.criterion_means[mark.code] < mark.required
    ]
    return {"next_star": target, "missing_points": missing, "failed_minimums": failed}
