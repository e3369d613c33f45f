"""The one area rule (`areas.within`): which rows lie in a unit of today or of before 2025."""

import datetime

import pytest

from areas.domain import add_former_unit
from areas.models import Area
from areas.within import within_any_q, within_q
from conftest import make_producer
from producers.models import Producer


@pytest.fixture
def chuong_my(hanoi):
    return Area.objects.get(era=Area.Era.LEGACY, level=Area.Level.DISTRICT, name="Huyện Chương Mỹ")


@pytest.fixture
def old_communes(chuong_my):
    return list(Area.objects.filter(parent=chuong_my).order_by("code")[:2])


@pytest.fixture
def placed(root, hanoi, chuong_my, old_communes, commune_nb):
    """A producer registered in each of two former communes of Chương Mỹ, one in a commune merged (before 2025)
    into the first, and one in Ninh Bình."""
    merged = add_former_unit(
        name="Xã Tân Hòa Cũ",
        district=chuong_my,
        merged_into=old_communes[0],
        resolution="1045/NQ-UBTVQH14",
        resolution_date=datetime.date(2020, 1, 10),
        by=root,
    )
    rows = {
        "first": make_producer(name="HTX Một", area=old_communes[0], tax_code="0100107518"),
        "second": make_producer(name="HTX Hai", area=old_communes[1], tax_code="0100109106"),
        "merged": make_producer(name="HTX Cũ", area=merged, tax_code="0100100079"),
        "elsewhere": make_producer(name="HTX Ninh Bình", area=commune_nb, tax_code="0100100417"),
    }
    return {key: producer.pk for key, producer in rows.items()}


def names(q) -> set[str]:
    return set(Producer.objects.filter(q).values_list("name", flat=True))


def test_a_unit_of_today_holds_what_rolls_up_to_it(placed, hanoi):
    assert names(within_q(hanoi)) == {"HTX Một", "HTX Hai", "HTX Cũ"}
    commune = Producer.objects.get(pk=placed["first"]).current_commune
    assert "HTX Một" in names(within_q(commune))
    assert "HTX Ninh Bình" not in names(within_q(commune))


def test_a_former_district_holds_its_communes_and_a_former_commune_those_merged_into_it(
    placed, chuong_my, old_communes
):
    assert names(within_q(chuong_my)) == {"HTX Một", "HTX Hai", "HTX Cũ"}
    assert names(within_q(old_communes[0])) == {"HTX Một", "HTX Cũ"}
    assert names(within_q(old_communes[1])) == {"HTX Hai"}


def test_rows_that_keep_their_district_are_found_by_it_and_none_means_every_row(placed, chuong_my):
    assert within_q(chuong_my, district="district").children == [("district", chuong_my)]
    assert names(within_q(None)) == {"HTX Một", "HTX Hai", "HTX Cũ", "HTX Ninh Bình"}


def test_a_path_reaches_the_record_that_carries_the_units(placed, hanoi, ninh_binh):
    producer = Producer.objects.get(pk=placed["elsewhere"])
    assert within_q(ninh_binh, via="producer").children == [("producer__current_province", ninh_binh)]
    assert names(within_any_q([ninh_binh])) == {producer.name}
    assert names(within_any_q([hanoi, ninh_binh])) == {"HTX Một", "HTX Hai", "HTX Cũ", "HTX Ninh Bình"}
    assert names(within_any_q([])) == set()
