"""A member's score sheet as the page shows it: the printed lines of the criteria set's sheet
(`criteria.sheets.sheet_layout`, shared by every request) in order, each leaf with its answers as radio
buttons, the "Hồ sơ bị loại khi" lines and stop rules as tick boxes, and beside each leaf what the dossier says
about it (the producer's self-assessment, notes and evidence)."""

import re
from dataclasses import dataclass, field

from criteria.sheets import Choice, Layout, Line

# The sheet prints each knock-out line after the heading "Hồ sơ bị loại khi:", which the page shows once.
KNOCKOUT_PREFIX = re.compile(r"^\s*hồ sơ bị loại khi\s*:?\s*", re.IGNORECASE)


def knockout_lines(layout: Layout) -> list[str]:
    """The knock-out lines without their printed heading, by index."""
    return [KNOCKOUT_PREFIX.sub("", text).strip() for text in layout.knockouts]


def stop_rule_lines(layout: Layout) -> dict[str, str]:
    """Code → "code: the note that states the rule", for the lines that carry a stop rule."""
    return {
        line.code: f"{line.code}: {' '.join(line.notes) or line.printed}" for line in layout.lines if line.stop_rule
    }


@dataclass
class SheetRow:
    """One printed line with, for a leaf, the member's choice and the dossier's word on it."""

    line: Line
    chosen: int | None = None
    self_choice: int | None = None
    self_note: str = ""
    evidence: list = field(default_factory=list)

    @property
    def is_leaf(self) -> bool:
        return self.line.is_leaf

    @property
    def self_option(self) -> Choice | None:
        """The answer the producer chose in the self-assessment, if it is one of the line's."""
        if self.self_choice is None:
            return None
        return self.line.choice(self.self_choice)


def sheet_rows(layout: Layout, *, choices: dict, application, evidence: list) -> list[SheetRow]:
    """The lines to show, with `choices` (code → position) ticked and the dossier's self-assessment, notes
    and evidence (`evidence`: the application's Evidence rows) beside each leaf."""
    by_code: dict[str, list] = {}
    for item in evidence:
        by_code.setdefault(item.criterion_code, []).append(item)
    self_choices = application.self_choices or {}
    self_notes = application.self_notes or {}
    rows = []
    for line in layout.lines:
        if line.is_leaf:
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
