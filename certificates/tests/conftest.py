"""Fixtures for certificate tests: dossiers and closed evaluations written straight to the database (the
dossier and council workflows have their own tests), results computed by the real scoring engine."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from certificates.models import Certificate, Recognition
from certificates.validity import expiry_for
from criteria.sheets import sheet_for
from dossiers.models import Application, ApplicationKind, ApplicationStatus
from evaluation.domain import recognise
from evaluation.models import Evaluation, Level, Round
from scoring import MemberSheet, Regulation, rank


def make_application(product, *, kind=ApplicationKind.FIRST, status=ApplicationStatus.SCORED, **fields):
    producer = product.producer
    return Application.objects.create(
        product=product,
        kind=kind,
        status=status,
        legal_version=product.criteria_set.legal_version,
        criteria_set=product.criteria_set,
        commune=producer.current_commune,
        province=producer.current_province,
        **fields,
    )


def choices_for(sheet, stars: int) -> dict[str, int]:
    """Ticks that rank `stars` (3, 4 or 5) on `sheet`. 5★: the best option everywhere. 4★: the same, but one
    criterion sits on its 4★ minimum below its 5★ one (the total stays ≥ 90, the 5★ minimum is missed).
    3★: every criterion on its 3★ minimum (or lowest option), then raised in order until the total
    reaches 55."""
    best = {leaf.code: len(leaf.options) if leaf.options else 1 for leaf in sheet.leaves}
    if stars == 5:
        return best
    if stars == 4:
        for leaf in sheet.leaves:
            marks = {o.min_star: i for i, o in enumerate(leaf.options, start=1) if o.min_star}
            if 5 in marks and 4 in marks:
                return {**best, leaf.code: marks[4]}
        raise AssertionError("no criterion with both a 4★ and a 5★ minimum")
    choices = {}
    for leaf in sheet.leaves:
        three = [i for i, o in enumerate(leaf.options, start=1) if o.min_star == 3]
        choices[leaf.code] = (three[0] if three else 1) if leaf.options else 0
    total = sum(_points(leaf, choices[leaf.code]) for leaf in sheet.leaves)
    for leaf in sheet.leaves:
        if total >= 55:
            break
        total += _points(leaf, best[leaf.code]) - _points(leaf, choices[leaf.code])
        choices[leaf.code] = best[leaf.code]
    return choices


def _points(leaf, choice: int) -> Decimal:
    return leaf.options[choice - 1].points if leaf.options else leaf.max_points * choice


def closed_evaluation(application, *, stars: int, level=Level.PROVINCE, closed_by=None) -> Evaluation:
    sheet = sheet_for(application.criteria_set)
    choices = choices_for(sheet, stars)
    result = rank(sheet, [MemberSheet("1", choices), MemberSheet("2", choices)], regulation=Regulation(quorum=2))
    assert result.stars == stars, result
    round_ = Round.objects.create(
        level=level,
        province=application.province if level == Level.PROVINCE else None,
        name="Đợt 1 năm 2026",
        proposal_cutoff=datetime.date(2026, 4, 30),
        evaluate_by=datetime.date(2026, 6, 30),
        legal_version=application.legal_version,
    )

    def plain(values):
        return {k: str(v) for k, v in values.items()}

    return Evaluation.objects.create(
        application=application,
        round=round_,
        level=level,
        legal_version=application.legal_version,
        criteria_set=application.criteria_set,
        status=Evaluation.Status.CLOSED,
        rankable=result.rankable,
        mean_total=result.mean_total,
        parts=plain(result.parts),
        member_totals=plain(result.member_totals),
        criterion_means=plain(result.criterion_means),
        band=result.band,
        stars=result.stars,
        failed_minimums=[{**f, "required": str(f["required"]), "mean": str(f["mean"])} for f in result.failed_minimums],
        divergence_flag=result.divergence_flag,
        closed_at=timezone.now() - datetime.timedelta(days=30),
        closed_by=closed_by,
    )


def make_certificate(product, *, issued_on: datetime.date, stars: int = 4, number: str = "", **fields) -> Certificate:
    """A certificate as the import writes it, for tests about dates and statuses."""
    producer = product.producer
    return Certificate.objects.create(
        number=number or f"TEST-{product.pk}-{issued_on:%Y%m%d}-{stars}",
        product=product,
        stars=stars,
        legal_version=product.criteria_set.legal_version,
        province=producer.current_province,
        area_at_issue=producer.area,
        decision_number=f"{issued_on:%d%m}/QĐ-UBND",
        decision_date=issued_on,
        issued_on=issued_on,
        expires_on=expiry_for(issued_on),
        imported=True,
        **fields,
    )


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def recognised(product_a, erin, alice, carol):
    """Product A recognised 4★ by Hà Nội: (certificate, evaluation)."""
    application = make_application(product_a)
    evaluation = closed_evaluation(application, stars=4)
    certificate = recognise(
        application=application,
        evaluation=evaluation,
        authority=Recognition.Authority.PROVINCE,
        decision_number="125/QĐ-UBND",
        decision_date=days_ago(10),
        signer="Nguyễn Văn Chủ Tịch",
        stars=4,
        by=erin,
    )
    return certificate, evaluation
