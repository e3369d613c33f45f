import pytest
from django.core.exceptions import ValidationError

from areas.domain import UnitsOfToday, commune_by_code, current_units, public_place
from areas.models import Area

pytestmark = pytest.mark.django_db

CURRENT, LEGACY = Area.Era.CURRENT, Area.Era.LEGACY
PROVINCE, DISTRICT, COMMUNE = Area.Level.PROVINCE, Area.Level.DISTRICT, Area.Level.COMMUNE


def unit(era: str, level: str, code: str) -> Area:
    return Area.objects.select_related("parent", "current_province", "successor").get(era=era, level=level, code=code)


def test_current_units_of_a_commune_of_today_is_itself_and_its_province(hanoi):
    commune = unit(CURRENT, COMMUNE, "10030")

    assert current_units(commune) == (commune, hanoi)


def test_current_units_of_a_province_of_today_has_no_commune(hanoi):
    assert current_units(hanoi) == (None, hanoi)


def test_current_units_of_an_old_commune_is_its_successor_and_province_of_today(hanoi):
    old = unit(LEGACY, COMMUNE, "10033")  # Xã Phú Nghĩa, Huyện Chương Mỹ

    assert current_units(old) == (unit(CURRENT, COMMUNE, "10030"), hanoi)


def test_current_units_of_a_divided_commune_is_its_default_successor(hanoi):
    old = unit(LEGACY, COMMUNE, "00007")  # Phường Cống Vị, divided between Ngọc Hà (default) and Giảng Võ

    commune, province = current_units(old)

    assert (commune.name, province) == ("Phường Ngọc Hà", hanoi)


def test_current_units_of_an_old_district_is_only_its_province_of_today(hanoi):
    chuong_my = unit(LEGACY, DISTRICT, "277")

    assert current_units(chuong_my) == (None, hanoi)


def test_current_units_of_a_merged_old_province_is_the_province_of_today(ninh_binh):
    ha_nam = unit(LEGACY, PROVINCE, "35")

    assert current_units(ha_nam) == (None, ninh_binh)


def test_current_units_of_an_old_unit_without_mapping_is_refused():
    orphan = Area(era=LEGACY, level=COMMUNE, code="99999", name="Xã Thử")

    with pytest.raises(ValidationError, match="Xã Thử"):
        current_units(orphan)


def test_units_of_today_answers_like_current_units_once_per_unit(hanoi, django_assert_num_queries):
    today = UnitsOfToday()
    old = unit(LEGACY, COMMUNE, "10033")
    expected = current_units(unit(LEGACY, COMMUNE, "10033"))
    assert today(old) == expected
    again = unit(LEGACY, COMMUNE, "10033")  # the same unit, read afresh: current_units would query again
    with django_assert_num_queries(0):
        assert today(again) == expected


def test_units_of_today_keeps_the_refusal_of_a_unit_without_mapping():
    today = UnitsOfToday()
    orphan = Area(pk=987654, era=LEGACY, level=COMMUNE, code="99999", name="Xã Thử")
    for _attempt in range(2):
        with pytest.raises(ValidationError, match="Xã Thử"):
            today(orphan)


def test_commune_by_code_finds_a_commune_of_today_by_default():
    assert commune_by_code("10030").name == "Xã Phú Nghĩa"
    assert commune_by_code("10033", era=LEGACY).name == "Xã Phú Nghĩa"


def test_commune_by_code_names_an_unknown_code():
    with pytest.raises(ValidationError, match="10033") as error:
        commune_by_code("10033")  # an old code that no commune of today kept

    assert error.value.code == "unknown_area"


def test_area_search_finds_units_of_both_eras_whatever_the_diacritics():
    found = set(Area.objects.search("chuong my").values_list("era", "level", "code", "name"))

    assert found == {
        (LEGACY, DISTRICT, "277", "Huyện Chương Mỹ"),
        (CURRENT, COMMUNE, "10015", "Phường Chương Mỹ"),
    }


@pytest.mark.parametrize("text", ["chuong my", "CHUONG MY", "Chương Mỹ", "CHƯƠNG MỸ", "  chương   MỸ "])
def test_area_search_ignores_case_diacritics_and_spacing(text):
    assert set(Area.objects.search(text).values_list("code", flat=True)) == {"277", "10015"}


def test_area_search_folds_d_with_stroke():
    assert list(Area.objects.search("dac khu con dao").values_list("name", flat=True)) == ["Đặc khu Côn Đảo"]


def test_area_search_finds_communes_by_name_in_capitals():
    found = Area.objects.search("PHU NGHIA").filter(era=CURRENT)

    assert {(a.name, a.parent.name) for a in found.select_related("parent")} >= {
        ("Xã Phú Nghĩa", "Thành phố Hà Nội"),
        ("Xã Phú Nghĩa", "Tỉnh Đồng Nai"),
    }


def test_area_str_names_the_parent_chain():
    assert str(unit(LEGACY, COMMUNE, "10033")) == "Xã Phú Nghĩa, Huyện Chương Mỹ, Thành phố Hà Nội"
    assert str(unit(CURRENT, COMMUNE, "10030")) == "Xã Phú Nghĩa, Thành phố Hà Nội"
    assert str(unit(CURRENT, PROVINCE, "01")) == "Thành phố Hà Nội"


def shown(era: str, code: str) -> str:
    area = Area.objects.select_related("parent__parent", "current_province", "successor").get(
        era=era, level=COMMUNE, code=code
    )
    commune, province = current_units(area)
    return public_place(area, commune=commune, province=province)


def test_public_place_of_a_commune_of_today_is_its_name_and_province():
    assert shown(CURRENT, "10030") == "Xã Phú Nghĩa, Thành phố Hà Nội"


def test_public_place_of_an_old_commune_is_todays_unit_with_the_former_one_in_brackets():
    assert shown(LEGACY, "09544") == "Phường Hà Đông, Thành phố Hà Nội (trước đây: Phường Vạn Phúc, Quận Hà Đông)"


def test_public_place_names_only_the_former_units_whose_name_changed():
    assert shown(LEGACY, "00583") == "Xã Bát Tràng, Thành phố Hà Nội (trước đây: Huyện Gia Lâm)"


def test_public_place_names_the_former_province_when_it_was_merged():
    assert (
        shown(LEGACY, "05395") == "Xã An Nghĩa, Tỉnh Phú Thọ (trước đây: Xã Phú Nghĩa, Huyện Lạc Thủy, Tỉnh Hòa Bình)"
    )
