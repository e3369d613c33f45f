"""`sheet_layout` and `sheet_for`: a criteria set's sheet read from the database once, per criteria set and legal
version, as the pages' layout and the engine's sheet."""

import copy

import pytest
from django.utils import translation

from criteria import sheets
from criteria.models import CriteriaSet, LegalVersion, ProductGroup, Sector
from criteria.sheet_loading import json_sheets, parse_sheet, store_sheet
from criteria.sheets import SheetMissing, leaf_codes, sheet_for, sheet_layout
from scoring import UNMET

# A test structure with QĐ 1048/2019's part split (A 35 / B 25 / C 40). Its per-criterion points are not
# available, so these items and points are made up for the test; they are not QĐ 1048's.
TEST_SHEET_1048 = {
    "no": 7,
    "total": 100.0,
    "disqualify_when": ["Hồ sơ bị loại khi: giả mạo hồ sơ"],
    "sections": [
        {
            "code": "A",
            "label": "Phần A",
            "max": 35.0,
            "groups": [
                {
                    "code": "1",
                    "label": "Tổ chức sản xuất",
                    "max": 35.0,
                    "options": [],
                    "criteria": [
                        {
                            "code": "1.1",
                            "label": "Nguồn nguyên liệu",
                            "max": 35.0,
                            "notes": [],
                            "options": [
                                {"label": "Không", "points": 0.0, "raw_points": "0", "min_star": None},
                                {"label": "Có", "points": 35.0, "raw_points": "35", "min_star": 3},
                            ],
                        }
                    ],
                }
            ],
        },
        {
            "code": "B",
            "label": "Phần B",
            "max": 25.0,
            "groups": [{"code": "2", "label": "Tiếp thị", "max": 25.0, "criteria": [], "options": []}],
        },
        {
            "code": "C",
            "label": "Phần C",
            "max": 40.0,
            "groups": [
                {
                    "code": "3",
                    "label": "Chất lượng",
                    "max": 40.0,
                    "criteria": [],
                    "options": [
                        {"label": "Thấp", "points": 10.0, "raw_points": "10", "min_star": None},
                        {"label": "Cao", "points": 40.0, "raw_points": "40", "min_star": None},
                    ],
                }
            ],
        },
    ],
}


@pytest.fixture
def fresh_cache():
    sheets.clear_cache()
    yield
    sheets.clear_cache()


def criteria_set_of(version_code: str, number: int = 7) -> CriteriaSet:
    version = LegalVersion.objects.get(code=version_code)
    sector = Sector.objects.create(legal_version=version, numeral="I", name="Thực phẩm")
    group = ProductGroup.objects.create(sector=sector, code="I.1", name="Thực phẩm")
    return CriteriaSet.objects.create(
        legal_version=version, group=group, number=number, code="I.1.a", name="Bộ thử nghiệm", managing_agency="Bộ"
    )


def test_sheet_for_reads_the_same_sheet_as_the_json_and_caches_it(criteria_set, django_assert_num_queries, fresh_cache):
    with django_assert_num_queries(4):  # criteria set, nodes, options, knock-out lines
        sheet = sheet_for(criteria_set)
    with django_assert_num_queries(0):
        again = sheet_for(criteria_set.pk)

    assert again is sheet
    assert sheet == json_sheets()[7]
    assert sheet.name == "QD26_2026/7"
    assert len(sheet.leaves) == 32 and sheet.parts == ("A", "B", "C")
    assert sheet.leaves[-1].code == "11" and sheet.leaves[-1].part == "C"


def test_a_sheet_of_another_legal_version_is_kept_next_to_qd26(criteria_set, fresh_cache):
    older = criteria_set_of("QD1048_2019")

    report = store_sheet(older, parse_sheet(TEST_SHEET_1048, version="QD1048_2019"))

    assert (report.leaves, report.options, report.knockouts) == (3, 4, 1)
    old_sheet, current_sheet = sheet_for(older), sheet_for(criteria_set)
    assert old_sheet.name == "QD1048_2019/7"
    assert [(leaf.code, leaf.part, leaf.max_points) for leaf in old_sheet.leaves] == [
        ("1.1", "A", 35),
        ("2", "B", 25),
        ("3", "C", 40),
    ]
    assert old_sheet.knockouts == ("Hồ sơ bị loại khi: giả mạo hồ sơ",)
    assert current_sheet.name == "QD26_2026/7"
    assert current_sheet.leaves[0].code == "1.1" and current_sheet.leaves[0].max_points == 3


def test_a_criteria_set_without_a_sheet_has_none(db, fresh_cache):
    with pytest.raises(SheetMissing):
        sheet_for(criteria_set_of("QD148_2023"))


def test_storing_a_changed_sheet_removes_what_is_gone(db, fresh_cache):
    older = criteria_set_of("QD1048_2019")
    store_sheet(older, parse_sheet(TEST_SHEET_1048, version="QD1048_2019"))
    changed = copy.deepcopy(TEST_SHEET_1048)
    changed["sections"][2]["groups"][0]["code"] = "4"  # group 3 gives way to group 4
    changed["disqualify_when"] = []

    report = store_sheet(older, parse_sheet(changed, version="QD1048_2019"))

    # Created: group 4 and its 2 options. Deleted: its 2 options, group 3, the knock-out line.
    assert (report.created, report.updated, report.deleted) == (3, 0, 4)
    sheet = sheet_for(older)
    assert [leaf.code for leaf in sheet.leaves] == ["1.1", "2", "4"]
    assert sheet.knockouts == ()


def test_one_read_gives_the_pages_layout_and_the_engines_sheet(criteria_set, django_assert_num_queries, fresh_cache):
    with django_assert_num_queries(4):  # criteria set, nodes, options, knock-out lines
        layout = sheet_layout(criteria_set)
    with django_assert_num_queries(0):
        assert sheet_layout(criteria_set.pk) is layout
        assert sheet_for(criteria_set) is layout.engine
        assert leaf_codes(criteria_set) == {leaf.code for leaf in layout.engine.leaves}

    assert [line.code for line in layout.leaves] == [leaf.code for leaf in layout.engine.leaves]
    assert [part.code for part in layout.parts] == ["A", "B", "C"]
    assert [child.code for child in layout.parts[0].children] == ["1", "2", "3"]


def test_a_yes_no_item_offers_no_then_yes_like_the_printed_options(criteria_set, fresh_cache):
    layout = sheet_layout(criteria_set)

    assert layout.leaf("2.4").options == ()
    assert [(c.position, c.points) for c in layout.leaf("2.4").choices] == [(0, 0), (1, 1)]
    assert [(c.position, c.points) for c in layout.leaf("1.2").choices] == [(1, 0), (2, 1), (3, 2)]


def test_a_requirement_criterion_offers_not_met_after_its_printed_options(db, fresh_cache):
    layout = sheet_layout(CriteriaSet.objects.get(legal_version__code="QD26_2026", number=1))

    assert [c.position for c in layout.leaf("1.1").choices] == [1, 2, 3, UNMET]
    assert layout.leaf("1.1").choice(UNMET).label == (
        "Không đáp ứng yêu cầu: 100% sản phẩm được trồng trên địa bàn cấp tỉnh"
    )
    assert layout.engine.leaf("1.1").requirement == "100% sản phẩm được trồng trên địa bàn cấp tỉnh"


def test_a_kept_layout_speaks_the_readers_language(criteria_set, fresh_cache):
    layout = sheet_layout(criteria_set)

    with translation.override("en"):
        assert [c.label for c in layout.leaf("2.4").choices] == ["No", "Yes"]
        assert layout.parts[0].label.startswith("Part A: ")
    with translation.override("vi"):
        assert [c.label for c in layout.leaf("2.4").choices] == ["Không", "Có"]
        assert layout.parts[0].label.startswith("Phần A: ")


def test_storing_a_sheet_drops_its_kept_layout(db, fresh_cache):
    older = criteria_set_of("QD1048_2019")
    store_sheet(older, parse_sheet(TEST_SHEET_1048, version="QD1048_2019"))
    assert sheet_layout(older).leaf("1.1").printed == "Nguồn nguyên liệu"
    changed = copy.deepcopy(TEST_SHEET_1048)
    changed["sections"][0]["groups"][0]["criteria"][0]["label"] = "Nguồn nguyên liệu địa phương"

    store_sheet(older, parse_sheet(changed, version="QD1048_2019"))

    assert sheet_layout(older).leaf("1.1").printed == "Nguồn nguyên liệu địa phương"


def test_a_criteria_set_without_a_sheet_has_an_empty_layout(db, fresh_cache):
    empty = criteria_set_of("QD148_2023")

    assert (sheet_layout(empty).lines, leaf_codes(empty)) == ((), set())
