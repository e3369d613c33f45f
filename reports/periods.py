"""What a report covers: a `Period` of years, a date range or an evaluation round."""

import datetime
from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class Period:
    """What a report covers: years (`Period(first, last)`, both ends included), a date range (`Period.dates`) or an
    evaluation round (`Period.of_round`). Every kind reads the rollup rows of its days (a round: the rows of its
    dossiers and results); `first` and `last` are the years it touches."""

    first: int
    last: int
    since: datetime.date | None = None
    until: datetime.date | None = None
    round: object = None  # an evaluation.Round

    YEARS, DATES, ROUND = "years", "dates", "round"

    @classmethod
    def dates(cls, since: datetime.date, until: datetime.date) -> "Period":
        return cls(since.year, until.year, since=since, until=until)

    @classmethod
    def of_round(cls, round_) -> "Period":
        since, until = round_days(round_)
        return cls(since.year, until.year, since=since, until=until, round=round_)

    @property
    def kind(self) -> str:
        if self.round is not None:
            return self.ROUND
        return self.DATES if self.since is not None else self.YEARS

    @property
    def whole_years(self) -> bool:
        """Whole calendar years: a plan's yearly targets apply, and each year's final result is the stored one."""
        return self.kind == self.YEARS or (
            self.kind == self.DATES
            and (self.since.month, self.since.day, self.until.month, self.until.day) == (1, 1, 12, 31)
        )

    def __str__(self) -> str:
        if self.kind == self.ROUND:
            return self.round.name
        if self.kind == self.DATES:
            return f"{self.since:%d/%m/%Y}–{self.until:%d/%m/%Y}"
        return str(self.first) if self.first == self.last else f"{self.first}–{self.last}"

    @property
    def start(self) -> datetime.date:
        return self.since or datetime.date(self.first, 1, 1)

    @property
    def end(self) -> datetime.date:
        return self.until or datetime.date(self.last, 12, 31)

    def rows_q(self) -> Q:
        """The rollup rows of the period: a round's own rows, or those of its days."""
        if self.round is not None:
            return Q(round=self.round)
        if self.since is None:
            return Q(year__gte=self.first, year__lte=self.last)
        return Q(day__gte=self.start, day__lte=self.end)


def round_days(round_) -> tuple[datetime.date, datetime.date]:
    """The days a round spans (for the figures that are not the round's own, e.g. stamps and events): from its
    creation to its deadline for evaluation."""
    since = round_.created_at.date() if round_.created_at else round_.evaluate_by
    return min(since, round_.evaluate_by), round_.evaluate_by
