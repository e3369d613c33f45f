"""The live preview of a self-score: the star it would earn and the minimums it misses, computed by the
scoring engine on the product's sheet exactly as a council's sheets are.

While the self-score is incomplete, the lines not yet chosen count as their lowest option (for a two-case
item, the lowest option of the case already used), so the preview is the least the current choices earn."""

from dataclasses import dataclass, field

from criteria.sheets import sheet_for
from scoring import MemberSheet, RankResult, SheetError, next_star_gap, rank

SELF = "self"
RECOGNISED_STARS = 3  # 1★ and 2★ get no recognition decision nor certificate (Điều 4.1.a)


@dataclass
class Preview:
    missing: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    result: RankResult | None = None
    gap: dict | None = None
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not self.missing and not self.errors

    @property
    def recognisable(self) -> bool:
        return self.result is not None and (self.result.stars or 0) >= RECOGNISED_STARS

    @property
    def failed(self) -> list[dict]:
        """The missed minimums that hold the star below the band, with the criterion's label."""
        return self._labelled(self.result.failed_minimums if self.result else [])

    @property
    def next_failed(self) -> list[dict]:
        return self._labelled(self.gap["failed_minimums"] if self.gap else [])

    def _labelled(self, rows: list[dict]) -> list[dict]:
        return [{**row, "label": self.labels.get(row["criterion"], "")} for row in rows]


def _lowest(leaf, case: str) -> int:
    if not leaf.options:
        return 0
    candidates = [
        (option.points, position)
        for position, option in enumerate(leaf.options, start=1)
        if not case or not option.case or option.case == case
    ]
    return min(candidates)[1]


def preview_self_score(criteria_set_id: int, choices: dict[str, int]) -> Preview:
    """Rank `choices` ({code: 1-based position}) as a one-member sheet of the criteria set."""
    sheet = sheet_for(criteria_set_id)
    labels = {leaf.code: leaf.label for leaf in sheet.leaves}
    used_cases = {
        leaf.options[choices[leaf.code] - 1].case
        for leaf in sheet.leaves
        if leaf.options and isinstance(choices.get(leaf.code), int) and 1 <= choices[leaf.code] <= len(leaf.options)
    } - {""}
    case = min(used_cases) if len(used_cases) == 1 else ""
    missing = [leaf.code for leaf in sheet.leaves if leaf.code not in choices]
    filled = {**{leaf.code: _lowest(leaf, case) for leaf in sheet.leaves if leaf.code in missing}, **choices}
    try:
        result = rank(sheet, [MemberSheet(member=SELF, choices=filled)])
    except SheetError as error:
        return Preview(
            missing=missing, errors=[m for messages in error.errors.values() for m in messages], labels=labels
        )
    gap = next_star_gap(sheet, result) if result.rankable else None
    return Preview(missing=missing, result=result, gap=gap, labels=labels)
