"""What a recognised producer may see of the council's result: the mean points per criterion beside each
criterion's maximum, and, for the next star, the minimums still missing and the points the total lacks.
Read from the closed Evaluation as stored (never recomputed with a newer sheet)."""

from dataclasses import dataclass
from decimal import Decimal

from criteria.models import SheetNode
from criteria.sheets import sheet_layout
from scoring import RankResult, next_star_gap

from .models import Certificate


@dataclass(frozen=True)
class Line:
    code: str
    label: str
    kind: str
    depth: int
    max_points: Decimal
    mean: Decimal | None

    @property
    def short(self) -> bool:
        """Below half of the maximum: worth the producer's attention."""
        return self.mean is not None and self.mean * 2 < self.max_points


@dataclass(frozen=True)
class Missing:
    code: str
    label: str
    star: int
    required: Decimal
    mean: Decimal


@dataclass(frozen=True)
class Transparency:
    mean_total: Decimal
    stars: int
    lines: list[Line]
    next_star: int | None
    missing_points: Decimal
    missing_minimums: list[Missing]


def _decimals(values: dict) -> dict[str, Decimal]:
    return {key: Decimal(str(value)) for key, value in values.items()}


def rank_result(evaluation) -> RankResult:
    """The engine's result rebuilt from an Evaluation's stored fields."""
    return RankResult(
        rankable=bool(evaluation.rankable),
        reason=evaluation.reason or None,
        mean_total=Decimal(evaluation.mean_total),
        member_totals=_decimals(evaluation.member_totals),
        parts=_decimals(evaluation.parts),
        band=evaluation.band,
        stars=evaluation.stars,
        failed_minimums=[
            {**item, "required": Decimal(str(item["required"])), "mean": Decimal(str(item["mean"]))}
            for item in evaluation.failed_minimums
        ],
        divergence_flag=evaluation.divergence_flag,
        criterion_means=_decimals(evaluation.criterion_means),
    )


def transparency_for(certificate: Certificate) -> Transparency | None:
    """The council's result behind `certificate`, or None for an imported certificate, one whose evaluation
    is not ranked, or one whose sheet is not loaded."""
    recognition = certificate.recognition
    evaluation = recognition.evaluation if recognition else None
    if evaluation is None or not evaluation.rankable or evaluation.stars is None:
        return None
    layout = sheet_layout(evaluation.criteria_set_id)
    if not layout.lines:
        return None
    result = rank_result(evaluation)
    gap = next_star_gap(layout.engine, result)
    means: dict[str, Decimal | None] = {}

    def mean_of(line) -> Decimal | None:
        if line.code not in means:
            if line.children:
                values = [m for m in (mean_of(child) for child in line.children) if m is not None]
                means[line.code] = sum(values, Decimal(0)) if values else None
            else:
                means[line.code] = result.criterion_means.get(line.code)
        return means[line.code]

    lines = [
        Line(line.code, line.label, line.kind, line.depth, line.max_points, mean_of(line)) for line in layout.lines
    ]
    labels = {line.code: line.printed for line in layout.lines if line.kind != SheetNode.Kind.PART}
    missing = [
        Missing(item["criterion"], labels.get(item["criterion"], ""), item["star"], item["required"], item["mean"])
        for item in gap["failed_minimums"]
    ]
    return Transparency(
        mean_total=result.mean_total,
        stars=evaluation.stars,
        lines=lines,
        next_star=gap["next_star"],
        missing_points=gap["missing_points"],
        missing_minimums=missing,
    )
