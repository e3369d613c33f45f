"""Score sheets that land where the demo wants them: each member's choices reach a planned total while keeping
the minimums of a star, and the council's planned sheets are ranked by the scoring engine before anyone
submits them, so a demo whose plan would not give the intended result fails loudly instead of quietly
showing something else."""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from scoring import Leaf, MemberSheet, RankResult, Regulation, Sheet, rank

from .build import DemoError

CASE = "a"  # two-case items (tourism): every member and producer of the demo uses the first case


@dataclass(frozen=True)
class _Choice:
    position: int
    points: Decimal


def _allowed(leaf: Leaf, keep_star: int) -> list[_Choice]:
    """The options of `leaf` that keep the minimums of `keep_star` and below (a yes/no line has no minimum)."""
    if not leaf.options:
        return [_Choice(0, Decimal(0)), _Choice(1, leaf.max_points)]
    options = [(p, o) for p, o in enumerate(leaf.options, start=1) if not o.case or o.case == CASE]
    required = max((o.points for _p, o in options if o.min_star and o.min_star <= keep_star), default=None)
    return [_Choice(p, o.points) for p, o in options if required is None or o.points >= required]


def choices_near(sheet: Sheet, *, total: Decimal, keep_star: int, rng: random.Random) -> dict[str, int]:
    """A complete sheet worth `total` points or a little more: the best allowed option on every line, then
    lines taken in random order lowered as far as they can go without falling under `total`."""
    allowed = {leaf.code: _allowed(leaf, keep_star) for leaf in sheet.leaves}
    picked = {code: max(options, key=lambda c: (c.points, -c.position)) for code, options in allowed.items()}
    current = sum(choice.points for choice in picked.values())
    codes = list(allowed)
    rng.shuffle(codes)
    for code in codes:
        if current <= total:
            break
        now = picked[code]
        lower = min((c for c in allowed[code] if current - now.points + c.points >= total), key=lambda c: c.points)
        current += lower.points - now.points
        picked[code] = lower
    return {code: choice.position for code, choice in picked.items()}


def partial(choices: dict[str, int], *, share: float) -> dict[str, int]:
    """The first `share` of a sheet's lines, as a member or producer saves a draft half-way through."""
    codes = list(choices)[: int(len(choices) * share)]
    return {code: choices[code] for code in codes}


@dataclass(frozen=True)
class CouncilPlan:
    """Each member's choices and knock-out lines, by user name, and the engine's result on them."""

    choices: dict[str, dict[str, int]]
    knockouts: dict[str, list[int]]
    result: RankResult


def plan_council(
    sheet: Sheet,
    *,
    members: Sequence[str],
    totals: Sequence[Decimal],
    keep_star: int,
    rng: random.Random,
    knocking: int = 0,
    regulation: Regulation,
) -> CouncilPlan:
    """The sheets `members` will submit (one total each, in order; the first `knocking` members also tick the
    sheet's first knock-out line), with the engine's result on them."""
    choices = {
        member: choices_near(sheet, total=total, keep_star=keep_star, rng=rng)
        for member, total in zip(members, totals, strict=False)
    }
    knockouts = {member: [0] if index < knocking else [] for index, member in enumerate(choices)}
    result = rank(
        sheet,
        [MemberSheet(member=m, choices=c, knockouts=tuple(knockouts[m])) for m, c in choices.items()],
        regulation=regulation,
    )
    return CouncilPlan(choices=choices, knockouts=knockouts, result=result)


def expect(plan: CouncilPlan, *, product: str, stars: int | None, divergent: bool = False) -> None:
    """Refuse a plan whose result is not the intended one (stars None: not rankable)."""
    result = plan.result
    if (result.stars, result.divergence_flag) != (stars, divergent):
        raise DemoError(
            f"{product}: planned sheets give {result.stars} stars (mean {result.mean_total:.2f}, divergence "
            f"{result.divergence_flag}), the demo wants {stars} stars (divergence {divergent})"
        )
