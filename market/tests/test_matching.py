import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from certificates.domain.withdrawal import withdraw
from conftest import make_producer
from market.domain.demands import end_demand
from market.domain.listings import declare_certification
from market.matching import demands_for, rank
from market.models import Certification
from market.tests.conftest import make_demand
from products.domain import create_product
from products.models import IntellectualProperty
from public.tests.factories import make_certificate

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def _names(matches):
    return [m.product.name for m in matches]


def _checks(match):
    return [(c.requirement, c.met) for c in match.checks]


def test_rank_finds_the_certified_products_of_the_criteria_set(mart, hanoi, criteria_set, product_a, product_b):
    make_certificate(product_a, stars=4)
    make_certificate(product_b, stars=3)
    demand = make_demand(mart, criteria_set=criteria_set, delivery_area=hanoi)
    assert sorted(_names(rank(demand, day=_today()))) == ["Chè búp Chương Mỹ", "Mứt gừng Phú Nghĩa"]


def test_rank_never_matches_an_expired_product(mart, hanoi, criteria_set, product_a, product_b):
    make_certificate(product_a, expires_on=_today() - datetime.timedelta(days=1))
    make_certificate(product_b)
    demand = make_demand(mart, criteria_set=criteria_set, delivery_area=hanoi)
    assert _names(rank(demand, day=_today())) == ["Chè búp Chương Mỹ"]


def test_rank_never_matches_a_withdrawn_product(mart, erin, hanoi, criteria_set, product_a, product_b):
    certificate = make_certificate(product_a)
    make_certificate(product_b)
    withdraw(
        certificate=certificate,
        ground="c",
        conclusion="Vi phạm an toàn thực phẩm",
        concluded_on=_today(),
        decision_number="9/QĐ-UBND",
        decision_date=_today(),
        signer="Chủ tịch UBND thành phố",
        by=erin,
    )
    demand = make_demand(mart, criteria_set=criteria_set, delivery_area=hanoi)
    assert _names(rank(demand, day=_today())) == ["Chè búp Chương Mỹ"]


def test_rank_leaves_out_a_product_below_a_strict_minimum_star(mart, hanoi, criteria_set, product_a, product_b):
    make_certificate(product_a, stars=3)
    make_certificate(product_b, stars=4)
    demand = make_demand(mart, criteria_set=criteria_set, delivery_area=hanoi, min_stars=4, strict_min_stars=True)
    assert _names(rank(demand, day=_today())) == ["Chè búp Chương Mỹ"]


def test_rank_puts_a_product_below_a_loose_minimum_star_last_and_says_so(
    mart, hanoi, criteria_set, product_a, product_b
):
    make_certificate(product_a, stars=3)
    make_certificate(product_b, stars=4)
    demand = make_demand(mart, criteria_set=criteria_set, delivery_area=hanoi, min_stars=4, strict_min_stars=False)
    below, reaching = rank(demand, day=_today())[::-1]
    assert (_names([reaching, below]), below.below_min_stars, reaching.below_min_stars) == (
        ["Chè búp Chương Mỹ", "Mứt gừng Phú Nghĩa"],
        True,
        False,
    )
    assert _checks(below)[1] == ("Hạng sao tối thiểu 4★", False)


def test_rank_explains_each_requirement(mart, alice, hanoi, criteria_set, product_a):
    make_certificate(product_a, stars=4)
    declare_certification(product=product_a, kind=Certification.VIETGAP, number="VG-123", by=alice)
    demand = make_demand(
        mart,
        criteria_set=criteria_set,
        delivery_area=hanoi,
        certifications=[Certification.VIETGAP, Certification.ORGANIC],
        needs_gi=True,
    )
    [match] = rank(demand, day=_today())
    assert _checks(match) == [
        ("Bộ sản phẩm", True),
        ("Hạng sao tối thiểu 3★", True),
        ("Chứng nhận Hữu cơ (TCVN 11041)", False),
        ("Chứng nhận VietGAP", True),
        ("Chỉ dẫn địa lý", False),
    ]
    assert (match.missed, match.checks[3].detail, match.distance is not None) == (2, "Có, số VG-123", True)


def test_rank_counts_an_expired_certification_as_missed(mart, alice, hanoi, criteria_set, product_a):
    make_certificate(product_a)
    yesterday = _today() - datetime.timedelta(days=1)
    declare_certification(product=product_a, kind="haccp", number="H-1", valid_until=yesterday, by=alice)
    demand = make_demand(mart, criteria_set=criteria_set, delivery_area=hanoi, certifications=["haccp"])
    [match] = rank(demand, day=_today())
    assert _checks(match)[-1] == ("Chứng nhận HACCP", False)


def test_rank_puts_the_product_meeting_more_requirements_first(mart, hanoi, criteria_set, product_a, product_b):
    make_certificate(product_a, stars=3)
    make_certificate(product_b, stars=5)
    IntellectualProperty.objects.create(product=product_a, kind="gi", number="00085", title="Gừng Phú Nghĩa")
    demand = make_demand(mart, criteria_set=criteria_set, delivery_area=hanoi, needs_gi=True)
    first, second = rank(demand, day=_today())
    assert (_names([first, second]), first.checks[-1].detail) == (
        ["Mứt gừng Phú Nghĩa", "Chè búp Chương Mỹ"],
        "Gừng Phú Nghĩa",
    )


def test_rank_puts_the_nearer_product_first_when_both_meet_everything(
    mart, criteria_set, commune_x, commune_nb, product_a
):
    far_producer = make_producer(name="HTX Ninh Bình", area=commune_nb, tax_code="0100112042")
    root = User.objects.get(username="fixture-admin")
    far = create_product(by=root, producer=far_producer, criteria_set=criteria_set, name="Mứt sen Ninh Bình")
    make_certificate(product_a, stars=3)
    make_certificate(far, stars=5)
    demand = make_demand(mart, criteria_set=criteria_set, delivery_area=commune_x)
    matches = rank(demand, day=_today())
    assert _names(matches) == ["Mứt gừng Phú Nghĩa", "Mứt sen Ninh Bình"]
    assert matches[0].distance < matches[1].distance


def test_rank_by_group_takes_every_criteria_set_of_the_group(mart, hanoi, criteria_set, product_a):
    make_certificate(product_a)
    demand = make_demand(mart, group=criteria_set.group, delivery_area=hanoi)
    [match] = rank(demand, day=_today())
    assert _checks(match)[0] == ("Nhóm sản phẩm", True)


def test_demands_for_lists_the_open_demands_a_producers_products_fit(
    mart, hanoi, criteria_set, producer_a, producer_b, product_a, product_b
):
    make_certificate(product_a)
    demand = make_demand(mart, criteria_set=criteria_set, delivery_area=hanoi)
    withdrawn = make_demand(mart, criteria_set=criteria_set, delivery_area=hanoi, title="Đã rút")
    end_demand(demand=withdrawn, by=mart, status="withdrawn")
    assert [(d, _names(m)) for d, m in demands_for(producer_a, day=_today())] == [(demand, ["Mứt gừng Phú Nghĩa"])]
    assert demands_for(producer_b, day=_today()) == []


@pytest.mark.parametrize("count", (1, 3))
def test_demands_for_reads_the_same_number_of_queries_whatever_the_demands(
    count, mart, hanoi, criteria_set, producer_a, product_a, django_assert_num_queries
):
    make_certificate(product_a)
    for n in range(count):
        make_demand(mart, criteria_set=criteria_set, delivery_area=hanoi, title=f"Nhu cầu {n}")
    with django_assert_num_queries(5):
        assert len(demands_for(producer_a, day=_today())) == count
