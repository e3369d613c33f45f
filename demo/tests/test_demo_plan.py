"""The demo's plan, without building it: reproducible, valid tax codes and GTINs, score sheets that reach the
planned totals and keep each star's minimums."""

import random
import re
from decimal import Decimal

import scoring
from criteria.models import CriteriaSet
from criteria.sheets import sheet_for
from demo.data import SEED
from demo.plan import gtin13_check_digit, plan_demo
from demo.scoresheets import choices_near
from producers.models import ProducerKind
from producers.validators import validate_tax_code
from products.domain import normalise_gtin


def test_demo_plan_is_the_same_on_every_run():
    assert plan_demo() == plan_demo()
    assert [p.fields["tax_code"] for p in plan_demo(seed=1).producers] != [
        p.fields["tax_code"] for p in plan_demo().producers
    ]


def test_demo_plan_tax_codes_are_valid_unique_and_fit_the_kind():
    producers = plan_demo().producers
    codes = [p.fields["tax_code"] for p in producers]
    assert len(set(codes)) == len(codes)
    for code in codes:
        validate_tax_code(code)
    for producer in producers:
        personal = producer.fields["kind"] in (ProducerKind.HOUSEHOLD, ProducerKind.FARM)
        assert re.fullmatch(r"\d{12}" if personal else r"\d{10}", producer.fields["tax_code"])


def test_gtin13_check_digit_matches_the_gs1_example():
    assert gtin13_check_digit("400638133393") == 1  # EAN-13 4006381333931


def test_demo_plan_gtins_are_vietnamese_gtin13s_with_a_correct_check_digit():
    gtins = [item.fields["gtin"] for p in plan_demo().producers for item in p.products if item.fields["gtin"]]
    assert len(gtins) >= 20
    assert len(set(gtins)) == len(gtins)
    for gtin in gtins:
        assert re.fullmatch(r"893\d{10}", gtin)
        assert normalise_gtin(gtin) == f"0{gtin}"


def test_planned_sheets_reach_their_total_and_keep_the_star_minimums(db):
    sheet = sheet_for(CriteriaSet.objects.get(legal_version__code="QD26_2026", number=7))
    for total, keep_star, stars in ((Decimal(61), 3, 3), (Decimal(80), 4, 4), (Decimal(93), 5, 5)):
        choices = choices_near(sheet, total=total, keep_star=keep_star, rng=random.Random(SEED))
        assert choices == choices_near(sheet, total=total, keep_star=keep_star, rng=random.Random(SEED))
        result = scoring.rank(sheet, [scoring.MemberSheet(member="m", choices=choices)])
        assert total <= result.mean_total < total + 5
        assert result.stars == stars
