"""The loader against the real data of the `vietnamadminunits` package (loaded once per test database by the
session fixture in conftest.py)."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q

from areas.loading import LoadReport, load_admin_units
from areas.models import Area, AreaMapping

pytestmark = pytest.mark.django_db

CURRENT, LEGACY = Area.Era.CURRENT, Area.Era.LEGACY
PROVINCE, DISTRICT, COMMUNE = Area.Level.PROVINCE, Area.Level.DISTRICT, Area.Level.COMMUNE


def unit(era: str, level: str, code: str) -> Area:
    return Area.objects.select_related("parent__parent", "current_province", "successor__parent").get(
        era=era, level=level, code=code
    )


def snapshot() -> tuple[list, list]:
    areas = Area.objects.order_by("pk").values_list(
        "pk", "era", "level", "code", "name", "short_name", "unit_type", "parent_id", "current_province_id",
        "successor_id", "valid_from", "valid_to", "search_key",
    )  # fmt: skip
    mappings = AreaMapping.objects.order_by("pk").values_list("pk", "old_id", "new_id", "is_default")
    return list(areas), list(mappings)


@pytest.mark.parametrize(
    ("era", "level", "count"),
    [
        (CURRENT, PROVINCE, 34),
        (CURRENT, COMMUNE, 3321),
        (CURRENT, DISTRICT, 0),
        (LEGACY, PROVINCE, 63),
        (LEGACY, DISTRICT, 696),
        (LEGACY, COMMUNE, 10035),
    ],
)
def test_load_admin_units_holds_every_unit_of_both_eras(era, level, count):
    assert Area.objects.filter(era=era, level=level).count() == count


@pytest.mark.parametrize(
    ("code", "current_name", "legacy_name"),
    [("01", "Thành phố Hà Nội", "Thành phố Hà Nội"), ("37", "Tỉnh Ninh Bình", "Tỉnh Ninh Bình")],
)
def test_load_admin_units_keeps_province_codes_across_eras(code, current_name, legacy_name):
    assert unit(CURRENT, PROVINCE, code).name == current_name
    assert unit(LEGACY, PROVINCE, code).name == legacy_name


def test_load_admin_units_splits_names_into_type_and_short_name():
    hanoi = unit(CURRENT, PROVINCE, "01")
    commune = unit(CURRENT, COMMUNE, "26732")

    assert (hanoi.unit_type, hanoi.short_name) == ("Thành phố", "Hà Nội")
    assert (commune.name, commune.unit_type, commune.short_name) == ("Đặc khu Côn Đảo", "Đặc khu", "Côn Đảo")


def test_load_admin_units_links_each_era_to_its_own_parents():
    old_commune = unit(LEGACY, COMMUNE, "10033")
    new_commune = unit(CURRENT, COMMUNE, "10030")

    assert old_commune.name == "Xã Phú Nghĩa"
    assert (old_commune.parent.level, old_commune.parent.code, old_commune.parent.name) == (
        DISTRICT,
        "277",
        "Huyện Chương Mỹ",
    )
    assert old_commune.parent.parent == unit(LEGACY, PROVINCE, "01")
    assert new_commune.parent == unit(CURRENT, PROVINCE, "01")
    assert not Area.objects.filter(level=PROVINCE, parent__isnull=False).exists()
    assert not Area.objects.exclude(level=PROVINCE).filter(parent__isnull=True).exists()
    assert not Area.objects.exclude(level=PROVINCE).exclude(parent__era=F("era")).exists()


def test_load_admin_units_maps_an_old_commune_to_the_commune_of_today():
    old = unit(LEGACY, COMMUNE, "10033")  # Xã Phú Nghĩa, Huyện Chương Mỹ, Hà Nội

    lines = list(old.mapped_to.values_list("new__name", "new__parent__code", "is_default"))

    assert lines == [("Xã Phú Nghĩa", "01", True)]
    assert old.successor == unit(CURRENT, COMMUNE, "10030")
    assert old.current_province == unit(CURRENT, PROVINCE, "01")


def test_load_admin_units_maps_a_divided_commune_to_several_units_with_one_default():
    old = unit(LEGACY, COMMUNE, "00007")  # Phường Cống Vị, Quận Ba Đình: divided between two wards

    lines = set(old.mapped_to.values_list("new__name", "is_default"))

    assert old.name == "Phường Cống Vị"
    assert lines == {("Phường Ngọc Hà", True), ("Phường Giảng Võ", False)}
    assert old.successor.name == "Phường Ngọc Hà"


def test_load_admin_units_gives_every_old_commune_exactly_one_default_line():
    communes = Area.objects.filter(era=LEGACY, level=COMMUNE).annotate(
        lines=Count("mapped_to"), defaults=Count("mapped_to", filter=Q(mapped_to__is_default=True))
    )

    assert not communes.exclude(defaults=1).exists()
    assert communes.filter(lines__gt=1).count() == 471  # communes divided between several units of today


def test_load_admin_units_points_each_successor_at_the_default_line():
    defaults = AreaMapping.objects.filter(old__era=LEGACY, old__level=COMMUNE, is_default=True)

    assert defaults.count() == 10035
    assert not defaults.exclude(new=F("old__successor")).exists()


def test_load_admin_units_maps_island_district_to_special_zone():
    con_dao = unit(LEGACY, DISTRICT, "755")

    assert con_dao.name == "Huyện Côn Đảo"
    assert not con_dao.children.exists()
    assert (con_dao.successor.name, con_dao.successor.parent.name) == ("Đặc khu Côn Đảo", "Thành phố Hồ Chí Minh")
    assert con_dao.current_province.name == "Thành phố Hồ Chí Minh"


def test_load_admin_units_gives_every_district_without_communes_a_special_zone_of_its_province():
    islands = Area.objects.filter(era=LEGACY, level=DISTRICT, children__isnull=True).select_related("successor")

    assert sorted(i.name for i in islands) == [
        "Huyện Bạch Long Vĩ",
        "Huyện Côn Đảo",
        "Huyện Cồn Cỏ",
        "Huyện Hoàng Sa",
        "Huyện Lý Sơn",
    ]
    assert all(i.successor.name == f"Đặc khu {i.short_name}" for i in islands)
    assert all(i.successor.parent_id == i.current_province_id for i in islands)


def test_load_admin_units_rolls_a_merged_province_up_to_the_province_of_today():
    ha_nam = unit(LEGACY, PROVINCE, "35")
    ninh_binh = unit(CURRENT, PROVINCE, "37")

    assert ha_nam.name == "Tỉnh Hà Nam"
    assert ha_nam.current_province == ninh_binh
    assert list(ha_nam.mapped_to.values_list("new", flat=True)) == [ninh_binh.pk]
    assert set(ninh_binh.mapped_from.values_list("old__name", flat=True)) == {
        "Tỉnh Hà Nam",
        "Tỉnh Nam Định",
        "Tỉnh Ninh Bình",
    }
    # Everything below the old province rolls up too.
    below = Area.objects.filter(Q(parent=ha_nam) | Q(parent__parent=ha_nam))
    assert below.count() > 100
    assert not below.exclude(current_province=ninh_binh).exists()


def test_load_admin_units_gives_every_old_unit_a_province_of_today():
    legacy = Area.objects.filter(era=LEGACY)

    assert not legacy.filter(current_province__isnull=True).exists()
    assert not legacy.exclude(current_province__era=CURRENT, current_province__level=PROVINCE).exists()
    # An old commune's successor lies in the province it rolls up to.
    assert not legacy.filter(level=COMMUNE).exclude(successor__parent=F("current_province")).exists()


def test_load_admin_units_gives_every_unit_of_today_itself_as_province():
    provinces = Area.objects.filter(era=CURRENT, level=PROVINCE)
    communes = Area.objects.filter(era=CURRENT, level=COMMUNE)

    assert not provinces.exclude(current_province=F("pk")).exists()
    assert not communes.exclude(current_province=F("parent")).exists()
    assert not Area.objects.filter(era=CURRENT, successor__isnull=False).exists()


def test_load_admin_units_dates_each_era():
    assert set(Area.objects.filter(era=CURRENT).values_list("valid_from", "valid_to")) == {
        (datetime.date(2025, 7, 1), None)
    }
    assert set(Area.objects.filter(era=LEGACY).values_list("valid_from", "valid_to")) == {
        (None, datetime.date(2025, 6, 30))
    }


def test_load_admin_units_twice_creates_and_changes_nothing():
    before = snapshot()

    report = load_admin_units()

    assert report == LoadReport(created=0, updated=0, mappings=0)
    assert snapshot() == before


def test_load_admin_units_repairs_what_was_changed_by_hand():
    before = snapshot()
    hanoi = Area.objects.get(era=CURRENT, level=PROVINCE, code="01")
    Area.objects.filter(pk=hanoi.pk).update(name="Hà Nội cũ", search_key=" ha noi cu ")
    cong_vi = Area.objects.get(era=LEGACY, level=COMMUNE, code="00007")
    cong_vi.mapped_to.update(is_default=False)
    AreaMapping.objects.filter(old__era=LEGACY, old__code="10033", old__level=COMMUNE).delete()

    report = load_admin_units()

    assert (report.created, report.updated, report.mappings) == (0, 1, 2)
    areas, mappings = snapshot()
    assert areas == before[0]
    assert sorted(m[1:] for m in mappings) == sorted(m[1:] for m in before[1])


def test_load_admin_units_removes_mapping_lines_the_data_does_not_hold():
    old = Area.objects.get(era=LEGACY, level=COMMUNE, code="10033")
    elsewhere = Area.objects.get(era=CURRENT, level=COMMUNE, code="26732")
    AreaMapping.objects.create(old=old, new=elsewhere, is_default=False)

    report = load_admin_units()

    assert report.mappings == 1
    assert list(old.mapped_to.values_list("new__code", flat=True)) == ["10030"]


def test_load_areas_command_reports_what_it_wrote():
    out = StringIO()

    call_command("load_areas", stdout=out)

    assert out.getvalue().strip() == "areas: 0 created, 0 updated, 0 relinked, 0 mapping lines written"


def test_load_admin_units_repairs_broken_links():
    before = snapshot()
    Area.objects.filter(era=LEGACY, level=COMMUNE, code="10033").update(successor=None, current_province=None)
    Area.objects.filter(era=CURRENT, level=COMMUNE, code="10030").update(parent=None)

    report = load_admin_units()

    assert snapshot() == before
    assert report.relinked == 2
