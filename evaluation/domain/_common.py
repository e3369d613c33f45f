"""Helpers shared by the evaluation rules: transactions that survive lock conflicts, the council's
regulation, and the bridge to the scoring engine. The people to tell are `accounts.people`'s."""

import random
import time
from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

from django.db import OperationalError, connection, transaction

from scoring import MemberSheet as EngineSheet
from scoring import RankResult, Regulation

from ..models import CouncilRegulation, Level, MemberSheet, Round

T = TypeVar("T")

# PostgreSQL: serialization_failure, deadlock_detected. SQLite reports "database is locked" or, for a
# shared-cache database, "database table is locked".
RETRYABLE_SQLSTATES = {"40001", "40P01"}
ATTEMPTS = 10


def _is_lock_conflict(error: OperationalError) -> bool:
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return sqlstate in RETRYABLE_SQLSTATES or "locked" in str(error)


def run_atomic(work: Callable[[], T]) -> T:
    """Run `work` in one transaction. If the database refuses it for a lock conflict with a concurrent
    transaction (two members submitting at the same moment), everything it wrote is rolled back, so it is run
    again, a few times, after a short random pause. Inside a caller's transaction there is nothing to retry
    alone: it simply runs there."""
    if connection.in_atomic_block:
        with transaction.atomic():
            return work()
    for attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():
                return work()
        except OperationalError as error:
            if attempt == ATTEMPTS - 1 or not _is_lock_conflict(error):
                raise
            time.sleep(min(0.5, 0.02 * 2**attempt) * (0.5 + random.random()))
    raise AssertionError("unreachable")


def regulation_for(round_: Round) -> CouncilRegulation:
    """The council's regulation: the province's row for a provincial round, the row without a province for
    the central council; an unsaved row with the defaults when none was set."""
    province_id = round_.province_id if round_.level == Level.PROVINCE else None
    return regulation_of(province_id)


def regulation_of(province_id: int | None) -> CouncilRegulation:
    found = CouncilRegulation.objects.filter(province_id=province_id).order_by("id").first()
    return found or CouncilRegulation(province_id=province_id)


def engine_regulation(regulation: CouncilRegulation) -> Regulation:
    return Regulation(quorum=regulation.quorum, max_gap=Decimal(regulation.max_gap))


def engine_sheet(sheet: MemberSheet, member_key: str) -> EngineSheet:
    return EngineSheet(
        member=member_key,
        choices={code: int(position) for code, position in sheet.choices.items()},
        knockouts=tuple(sheet.knockouts),
        stops=tuple(sheet.stops),
    )


def plain(value):
    """The engine's Decimals (full precision) as strings, for JSON fields."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def result_fields(result: RankResult) -> dict:
    """The Evaluation fields that store a result, kept as the engine computed them (full precision)."""
    return {
        "rankable": result.rankable,
        "reason": result.reason or "",
        "mean_total": result.mean_total,
        "parts": plain(result.parts),
        "member_totals": plain(result.member_totals),
        "criterion_means": plain(result.criterion_means),
        "band": result.band,
        "stars": result.stars,
        "failed_minimums": plain(result.failed_minimums),
        "divergence_flag": result.divergence_flag,
    }


EMPTY_RESULT = {
    "rankable": None,
    "reason": "",
    "mean_total": None,
    "parts": {},
    "member_totals": {},
    "criterion_means": {},
    "band": None,
    "stars": None,
    "failed_minimums": [],
    "divergence_flag": False,
    "closed_at": None,
    "closed_by": None,
}
