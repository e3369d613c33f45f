"""The classification of QĐ 26/2026 as loaded: every sector, group and criteria set has an English name beside
its official Vietnamese one, reloading changes nothing but restores what is missing, and the name shown follows
the active language."""

from django.utils import translation

from criteria.loading import CURRENT_VERSION, load_classification
from criteria.models import CriteriaSet, ProductGroup, Sector


def current():
    sectors = Sector.objects.filter(legal_version__code=CURRENT_VERSION)
    groups = ProductGroup.objects.filter(sector__legal_version__code=CURRENT_VERSION)
    sets = CriteriaSet.objects.filter(legal_version__code=CURRENT_VERSION)
    return sectors, groups, sets


def test_classification_has_an_english_name_for_every_sector_group_and_set(db):
    sectors, groups, sets = current()
    assert (sectors.count(), groups.count(), sets.count()) == (6, 17, 26)
    for rows in (sectors, groups, sets):
        assert [row for row in rows if not row.name_en] == []
        assert [row for row in rows if row.name_en == row.name] == []


def test_english_names_of_known_rows(db):
    assert Sector.objects.get(legal_version__code=CURRENT_VERSION, numeral="I").name_en == "Food products"
    assert ProductGroup.objects.get(code="IV.2").name_en == "Textiles and garments"
    assert CriteriaSet.objects.get(legal_version__code=CURRENT_VERSION, number=16).name_en == (
        "Natural mineral water and bottled drinking water"
    )


def test_reloading_is_idempotent_and_fills_english_names_of_existing_rows(db):
    sectors, groups, sets = current()
    ids = (
        list(sectors.values_list("pk", flat=True)),
        list(groups.values_list("pk", flat=True)),
        list(sets.values_list("pk", flat=True)),
    )
    for rows in (sectors, groups, sets):
        rows.update(name_en="")  # rows loaded before the English names existed

    assert load_classification() == 26
    assert load_classification() == 26

    sectors, groups, sets = current()
    assert ids == (
        list(sectors.values_list("pk", flat=True)),
        list(groups.values_list("pk", flat=True)),
        list(sets.values_list("pk", flat=True)),
    )
    for rows in (sectors, groups, sets):
        assert [row for row in rows if not row.name_en] == []


def test_names_follow_the_active_language(criteria_set):
    with translation.override("vi"):
        assert str(criteria_set) == "7. Chế biến từ rau, củ, quả, hạt"
        assert criteria_set.group.localized_name == "Thực phẩm chế biến"
        assert criteria_set.sector.localized_name == "Sản phẩm thực phẩm"
    with translation.override("en"):
        assert str(criteria_set) == "7. Processed vegetable, tuber, fruit and seed products"
        assert criteria_set.group.localized_name == "Processed food"
        assert str(criteria_set.sector) == "I. Food products"


def test_a_name_without_english_falls_back_to_vietnamese(criteria_set):
    criteria_set.name_en = ""
    with translation.override("en"):
        assert criteria_set.localized_name == "Chế biến từ rau, củ, quả, hạt"
