"""What a recognised producer may see of the council's result: the mean points per criterion beside each
criterion's maximum, and, for the next star, the minimums still missing and the points the total lacks.
Read from the closed Evaluation as stored (never recomputed with a newer sheet)."""

from dataclasses import dataclass
from decimal import Decimal

from criteria.models import SheetNode, line_label
from criteria.sheets import SheetMissing, sheet_for
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
    try:
        sheet = sheet_for(evaluation.criteria_set_id)
    except SheetMissing:
        return None
    result = rank_result(evaluation)
    gap = next_star_gap(sheet, result)
    nodes = list(
        SheetNode.objects.filter(criteria_set_id=evaluation.criteria_set_id)
        .order_by("position")
        .values_list("id", "parent_id", "kind", "code", "label", "max_points")
    )
    children: dict[int | None, list[int]] = {}
    for pk, parent_id, *_rest in nodes:
        children.setdefault(parent_id, []).append(pk)
    by_id = {row[0]: row for row in nodes}
    means: dict[int, Decimal | None] = {}

    def mean_of(pk: int) -> Decimal | None:
        if pk not in means:
            kids = children.get(pk)
            if kids:
                values = [m for m in (mean_of(k) for k in kids) if m is not None]
                means[pk] = sum(values, Decimal(0)) if values else None
            else:
                means[pk] = result.criterion_means.get(by_id[pk][3])
        return means[pk]

    depth: dict[int, int] = {}
    lines = []
    for pk, parent_id, kind, code, label, max_points in nodes:
        depth[pk] = 0 if parent_id is None else depth.get(parent_id, 0) + 1
        lines.append(Line(code, line_label(kind, code, label, max_points), kind, depth[pk], max_points, mean_of(pk)))
    labels = {code: label for _pk, _parent, kind, code, label, _max in nodes if kind != SheetNode.Kind.PART}
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
