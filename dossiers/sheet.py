"""The self-score page (Mẫu 02 part III): each line of the criteria set's sheet (`criteria.sheets.sheet_layout`,
shared by every request) with, for a leaf, what this dossier holds on it: the producer's choice, note and
evidence, and whether it was carried over from the last dossier and waits for review."""

from dataclasses import dataclass, field

from criteria.sheets import Layout, Line


@dataclass
class SelfScoreLine:
    line: Line
    chosen: int | None = None
    note: str = ""
    evidence: list = field(default_factory=list)
    carried: bool = False


def self_score_lines(
    layout: Layout, *, choices: dict, notes: dict, evidence: dict[str, list], to_review: set[str]
) -> list[SelfScoreLine]:
    """The sheet's lines in print order; a leaf with the dossier's choice (`choices`: code → position as posted
    or stored), note, evidence (code → Evidence rows) and review mark."""
    rows = []
    for line in layout.lines:
        if not line.is_leaf:
            rows.append(SelfScoreLine(line))
            continue
        rows.append(
            SelfScoreLine(
                line,
                chosen=_as_int(choices.get(line.code)),
                note=notes.get(line.code, ""),
                evidence=evidence.get(line.code, []),
                carried=line.code in to_review,
            )
        )
    return rows


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
