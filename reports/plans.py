"""What a report compares with and reads from the programme (`programme.plans`, `programme.events`): the plan's
targets for the area over the years, keyed by the report's own lines, and the events held."""

from areas.models import Area
from market import figures as market_figures
from programme import events, plans
from programme.models import EventKind, Indicator

# The report line each plan indicator is the target of (`Report.pipeline`, `Report.events`).
LINES = {
    Indicator.DOSSIERS: "received",
    Indicator.EVALUATED: "evaluated",
    Indicator.STARS_3_PLUS: "recognised",
    Indicator.STARS_3: "rank_30",
    Indicator.STARS_4: "rank_40",
    Indicator.STARS_5: "rank_50",
    Indicator.TRAININGS: "training",
    Indicator.EVENTS: "events",
    Indicator.TRADE_AGREEMENTS: "agreements",
}


def _areas(area: Area | None) -> list[Area]:
    if area is not None:
        return [area]
    return list(Area.objects.filter(era=Area.Era.CURRENT, level=Area.Level.PROVINCE))


def plan_for(*, area: Area | None, period) -> dict[str, int]:
    """The targets of the area's plans (the provinces' for the country), added up over the period's years; none for
    a period that is not whole years (a plan's targets are yearly: half a year or a round has no share of them)."""
    total: dict[str, int] = {}
    if not period.whole_years:
        return total
    for year in range(period.first, period.last + 1):
        for indicator, target in plans.total_targets(_areas(area), year).items():
            line = LINES.get(indicator)
            if line:
                total[line] = total.get(line, 0) + target
    return total


def event_counts(*, area: Area | None, period) -> dict[str, int]:
    """Events held in the area in the period, by kind, and `events`: every kind but training courses (the
    `events` target counts them so, see programme/README.md)."""
    when = period.first if period.first == period.last and period.whole_years else (period.start, period.end)
    counts = events.counts(_areas(area), when)
    counts["events"] = sum(n for kind, n in counts.items() if kind != EventKind.TRAINING)
    return counts


def market_counts(*, area: Area | None, period) -> dict[str, int]:
    """The market's figures for the area and period (`market.figures.counts`)."""
    when = period.first if period.first == period.last and period.whole_years else (period.start, period.end)
    return market_figures.counts(_areas(area), when)
