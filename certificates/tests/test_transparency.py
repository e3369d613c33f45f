from decimal import Decimal

from certificates.models import Recognition
from certificates.transparency import rank_result, transparency_for
from criteria.sheets import sheet_for
from dossiers.models import ApplicationStatus
from evaluation.domain import recognise
from evaluation.models import Level
from scoring import MemberSheet, Regulation, rank

from .conftest import choices_for, closed_evaluation, days_ago, make_application, make_certificate


def test_stored_result_rebuilds_the_engines_result(recognised, criteria_set):
    _, evaluation = recognised
    sheet = sheet_for(criteria_set)
    choices = choices_for(sheet, 4)
    engine = rank(sheet, [MemberSheet("1", choices), MemberSheet("2", choices)], regulation=Regulation(quorum=2))
    assert rank_result(evaluation) == engine


def test_transparency_lists_every_sheet_line_with_its_mean(recognised, criteria_set):
    certificate, evaluation = recognised
    view = transparency_for(certificate)
    assert view.stars == 4
    assert view.next_star == 5
    assert view.missing_points == Decimal(0)
    assert [(m.code, m.star, m.required) for m in view.missing_minimums] == [
        (f["criterion"], f["star"], Decimal(f["required"])) for f in evaluation.failed_minimums
    ]
    parts = {line.code: line for line in view.lines if line.kind == "part"}
    assert set(parts) == {"A", "B", "C"}
    assert sum(p.mean for p in parts.values()) == view.mean_total
    assert {p: parts[p].max_points for p in parts} == {"A": 40, "B": 25, "C": 35}
    means = evaluation.criterion_means
    assert {line.code: line.mean for line in view.lines if line.code in means} == {
        code: Decimal(mean) for code, mean in means.items()
    }


def test_five_stars_have_no_next_star(product_a, minh):
    application = make_application(product_a, status=ApplicationStatus.CENTRAL_SCORED)
    evaluation = closed_evaluation(application, stars=5, level=Level.CENTRAL)
    certificate = recognise(
        application=application,
        evaluation=evaluation,
        authority=Recognition.Authority.MINISTRY,
        decision_number="3/QĐ-BNNMT",
        decision_date=days_ago(2),
        signer="Bộ trưởng",
        stars=5,
        by=minh,
    )
    view = transparency_for(certificate)
    assert (view.next_star, view.missing_points, view.missing_minimums) == (None, Decimal(0), [])


def test_an_imported_certificate_has_no_council_result(product_a):
    assert transparency_for(make_certificate(product_a, issued_on=days_ago(30))) is None
