"""The statutory calendar of evaluation rounds (QĐ 26/2026 Điều 7.3, 7.4): at least two rounds a year at each
level. Provincial councils evaluate dossiers proposed by 30/4 before 30/6 and those proposed by 30/10 before
30/12; the central council those proposed by 30/1 before 30/3 and those proposed by 30/7 before 30/9. Extra
rounds are allowed only when the council's regulation and the year's plan provide for them.

Dates that break this calendar are not refused (a province may plan an extra round): they are warned about."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Level

MIN_ROUNDS_PER_YEAR = 2

# (proposal cut-off month/day, evaluate-by month/day), in calendar order.
WINDOWS = {
    Level.PROVINCE: [((4, 30), (6, 30)), ((10, 30), (12, 30))],
    Level.CENTRAL: [((1, 30), (3, 30)), ((7, 30), (9, 30))],
}


@dataclass(frozen=True)
class Window:
    proposal_cutoff: datetime.date
    evaluate_by: datetime.date


def statutory_windows(*, level: str, year: int) -> list[Window]:
    return [Window(datetime.date(year, *cutoff), datetime.date(year, *deadline)) for cutoff, deadline in WINDOWS[level]]


def default_rounds(*, level: str, year: int) -> list[dict]:
    """The year's statutory rounds, as initial values for the round form."""
    label = (
        _("Đợt %(number)d năm %(year)d") if level == Level.PROVINCE else _("Đợt %(number)d cấp trung ương năm %(year)d")
    )
    return [
        {
            "name": label % {"number": number, "year": year},
            "proposal_cutoff": w.proposal_cutoff,
            "evaluate_by": w.evaluate_by,
        }
        for number, w in enumerate(statutory_windows(level=level, year=year), start=1)
    ]


def window_for(*, level: str, proposal_cutoff: datetime.date) -> Window:
    """The statutory window a dossier proposed on `proposal_cutoff` falls in: the first cut-off on or after it."""
    for year in (proposal_cutoff.year, proposal_cutoff.year + 1):
        for window in statutory_windows(level=level, year=year):
            if proposal_cutoff <= window.proposal_cutoff:
                return window
    raise AssertionError("a later window always exists")


def date_warnings(*, level: str, proposal_cutoff: datetime.date, evaluate_by: datetime.date) -> list[str]:
    """What in a round's dates departs from the statutory calendar (empty when it follows it)."""
    window = window_for(level=level, proposal_cutoff=proposal_cutoff)
    warnings = []
    if evaluate_by > window.evaluate_by:
        warnings.append(
            _(
                "Hạn hoàn thành đánh giá %(evaluate_by)s muộn hơn hạn theo quy định (%(deadline)s) cho hồ sơ "
                "đề xuất đến %(cutoff)s."
            )
            % {
                "evaluate_by": f"{evaluate_by:%d/%m/%Y}",
                "deadline": f"{window.evaluate_by:%d/%m/%Y}",
                "cutoff": f"{window.proposal_cutoff:%d/%m/%Y}",
            }
        )
    if proposal_cutoff != window.proposal_cutoff:
        warnings.append(
            _(
                "Hạn đề xuất %(cutoff)s không trùng hạn của đợt theo quy định (%(statutory)s): đây là đợt bổ sung, "
                "chỉ tổ chức khi quy chế hoạt động của hội đồng và kế hoạch năm có quy định."
            )
            % {"cutoff": f"{proposal_cutoff:%d/%m/%Y}", "statutory": f"{window.proposal_cutoff:%d/%m/%Y}"}
        )
    return warnings


def year_warning(*, level: str, year: int, count: int) -> str:
    """A warning when fewer than the statutory two rounds are planned for `year` ("" otherwise)."""
    if count >= MIN_ROUNDS_PER_YEAR:
        return ""
    return _("Năm %(year)d mới có %(count)d đợt đánh giá; quy định tổ chức ít nhất %(min)d đợt mỗi năm.") % {
        "year": year,
        "count": count,
        "min": MIN_ROUNDS_PER_YEAR,
    }
