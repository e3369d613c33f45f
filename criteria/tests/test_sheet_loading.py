"""The 26 score sheets of QĐ 26/2026 as data: structure, sums, knock-outs, stop rules, two-case items, and a
loader that is idempotent, updates what changed and refuses broken data."""

import copy
from collections import defaultdict
from decimal import Decimal

import pytest

from criteria import sheets
from criteria.models import CriteriaSet, KnockOutRule, Option, SheetNode
from criteria.sheet_loading import SheetDataError, load_sheets, parse_sheet, read_sheets_data

QD26 = "QD26_2026"


@pytest.fixture
def fresh_cache():
    # Tests that rewrite sheets roll back afterwards: the cache must not keep what they saw.
    sheets.clear_cache()
    yield
    sheets.clear_cache()


@pytest.fixture(scope="module")
def data():
    return read_sheets_data()


def nodes_of(number: int) -> dict[str, SheetNode]:
    return {
        node.code: node
        for node in SheetNode.objects.filter(criteria_set__legal_version__code=QD26, criteria_set__number=number)
    }


def snapshot() -> tuple:
    version = {"criteria_set__legal_version__code": QD26}
    return (
        list(SheetNode.objects.filter(**version).order_by("id").values()),
        list(Option.objects.filter(node__criteria_set__legal_version__code=QD26).order_by("id").values()),
        list(KnockOutRule.objects.filter(**version).order_by("id").values()),
    )


def test_all_26_sheets_are_loaded_with_their_sums(db, data):
    nodes = SheetNode.objects.filter(criteria_set__legal_version__code=QD26).values(
        "id", "parent_id", "kind", "code", "max_points", "criteria_set__number"
    )
    by_set = defaultdict(list)
    for node in nodes:
        by_set[node["criteria_set__number"]].append(node)
    assert sorted(by_set) == list(range(1, 27))
    for number, rows in by_set.items():
        parts = {row["code"]: row["max_points"] for row in rows if row["kind"] == "part"}
        assert parts == {"A": 40, "B": 25, "C": 35}, number
        children = defaultdict(Decimal)
        for row in rows:
            if row["parent_id"]:
                children[row["parent_id"]] += row["max_points"]
        for row in rows:
            if row["id"] in children:
                assert children[row["id"]] == row["max_points"], (number, row["code"])
        leaves = [row for row in rows if row["id"] not in children]
        assert sum(row["max_points"] for row in leaves) == 100, number

    json_options = sum(
        len(item.get("options") or [])
        for sheet in data["sets"]
        for part in sheet["sections"]
        for group in part["groups"]
        for item in [group, *group["criteria"], *(s for c in group["criteria"] for s in c.get("sub") or [])]
    )
    assert Option.objects.filter(node__criteria_set__legal_version__code=QD26).count() == json_options == 2535


def test_a_group_with_options_is_a_leaf_and_an_item_without_options_is_yes_no(db):
    nodes = nodes_of(7)

    nutrition_like = nodes["7"]  # "TÍNH ĐỘC ĐÁO": a group with options and no criteria
    assert nutrition_like.kind == SheetNode.Kind.GROUP
    assert not nutrition_like.children.exists()
    assert [(o.position, o.points, o.min_star) for o in nutrition_like.options.all()] == [
        (1, 0, None),
        (2, 1, None),
        (3, 3, 4),
        (4, 5, 5),
    ]
    bilingual = nodes["2.4"]
    assert (bilingual.kind, bilingual.max_points, bilingual.options.count()) == ("criterion", 1, 0)
    assert nodes["6.1"].parent == nodes["6"] and nodes["6"].parent == nodes["C"]
    assert nodes_of(11)["6.1.1"].kind == SheetNode.Kind.SUB_CRITERION


def test_knockout_lines_are_one_row_per_printed_line(db):
    rules = KnockOutRule.objects.filter(criteria_set__legal_version__code=QD26)
    by_set = defaultdict(list)
    for rule in rules:
        by_set[rule.criteria_set.number].append((rule.index, rule.text[:18]))

    assert sorted(by_set) == [n for n in range(1, 27) if n not in (19, 26)]
    assert all(lines == [(0, "Hồ sơ bị loại khi:")] for lines in by_set.values())


def test_a_string_with_two_knockout_lines_gives_two_rules(data):
    sheet = copy.deepcopy(data["sets"][6])
    sheet["disqualify_when"] = ["Hồ sơ bị loại khi: giả mạo hồ sơ. Hồ sơ bị loại khi: thiếu giấy phép."]

    assert parse_sheet(sheet).knockouts == ("Hồ sơ bị loại khi: giả mạo hồ sơ.", "Hồ sơ bị loại khi: thiếu giấy phép.")


def test_stop_rules_come_from_the_criterion_notes(db):
    found = defaultdict(set)
    for number, code in SheetNode.objects.filter(criteria_set__legal_version__code=QD26, stop_rule=True).values_list(
        "criteria_set__number", "code"
    ):
        found[number].add(code)

    assert dict(found) == {
        # 2.1 "không đánh giá những sản phẩm …"; 6.1 "không đánh giá các bước tiếp theo" (1: "không xem xét …")
        **dict.fromkeys((1, 2, 3, 4), frozenset({"2.1", "6.1"})),
        **dict.fromkeys((5, 6), frozenset({"2.1", "6.1"})),  # 2.1 "Bị loại nếu phát hiện giống hệt …"
        # 1.1 "Bị loại nếu sử dụng toàn bộ nguyên liệu nhập khẩu …"
        **dict.fromkeys((7, 8, 9, 10, 12), frozenset({"1.1", "2.1", "6.1"})),
        11: {"1.1", "2.1", "6.1.1"},
        13: {"1.1", "2.1", "6.1.1"},
        14: {"1.1", "2.1"},
        15: {"1.1", "6.1"},
        17: {"6.1"},
        18: {"1.1"},
        19: {"1.1", "6"},  # 6 "Không đánh giá các bước tiếp theo nếu không có Phiếu công bố …"
        20: {"1.1", "6"},
        21: {"6.2"},  # "Nếu sản phẩm vi phạm sở hữu trí tuệ, sẽ bị loại bỏ", printed in the option cell
        22: {"6.2"},
    }


def test_a_requirement_without_a_zero_option_is_marked_on_its_criterion(db):
    # "Yêu cầu: 100% sản phẩm được trồng/nuôi trên địa bàn cấp tỉnh" (1.1 of sets 1–4, 23–25): every printed
    # option presupposes it, so "not met" has no box of its own; the loader marks the requirement.
    found = dict(
        SheetNode.objects.filter(criteria_set__legal_version__code=QD26)
        .exclude(requirement="")
        .values_list("criteria_set__number", "code")
    )

    assert found == dict.fromkeys((1, 2, 3, 4, 23, 24, 25), "1.1")
    assert nodes_of(1)["1.1"].requirement == "100% sản phẩm được trồng trên địa bàn cấp tỉnh"
    assert nodes_of(25)["1.1"].requirement == "100% sản phẩm được nuôi trên địa bàn cấp tỉnh"
    assert nodes_of(1)["1.1"].notes == ["Yêu cầu: 100% sản phẩm được trồng trên địa bàn cấp tỉnh"]
    assert not nodes_of(1)["1.1"].stop_rule


def test_the_note_printed_in_an_option_cell_moves_to_the_criterion(db):
    design = nodes_of(21)["6.2"]

    assert design.options.last().label == "Phong cách độc đáo riêng, thể hiện trí tuệ địa phương"
    assert design.notes == ["Ghi chú: Nếu sản phẩm vi phạm sở hữu trí tuệ, sẽ bị loại bỏ"]


def test_mineral_water_zero_rule_covers_the_sensory_indicators(db):
    nodes = nodes_of(16)

    assert {code for code, node in nodes.items() if node.stop_on_zero} == {"6.1", "6.2", "6.3", "6.4"}
    assert not any(node.stop_rule for node in nodes.values())
    assert nodes["6.4"].notes == [
        "Ghi chú: Nếu được 0 điểm tại một trong các chỉ tiêu trên, sẽ không đánh giá các bước tiếp theo."
    ]
    assert not SheetNode.objects.filter(stop_on_zero=True).exclude(criteria_set__number=16).exists()


def test_tourism_two_case_items(db):
    nodes = nodes_of(26)

    assert {code for code, node in nodes.items() if node.cases} == {"8", "9", "15"}
    assert nodes["8"].cases == [
        "Trường hợp 1: Dịch vụ du lịch do cộng đồng cung cấp",
        "Trường hợp 2: Điểm dịch vụ du lịch",
    ]
    assert nodes["15"].cases[1] == "Trường hợp 2: Dịch vụ du lịch do tổ chức, cá nhân cung cấp"
    for code in ("8", "9", "15"):
        top = nodes[code].max_points
        assert [(o.case, o.points) for o in nodes[code].options.all()] == [("a", 1), ("a", top), ("b", 1), ("b", top)]
    assert not Option.objects.filter(node__criteria_set__number__lt=26).exclude(case="").exists()


def test_values_corrected_from_the_print_are_flagged(db):
    corrected = Option.objects.filter(corrected_from_print=True, node__criteria_set__legal_version__code=QD26)

    assert sorted((o.node.criteria_set.number, o.node.code, o.position, o.raw_points, o.points) for o in corrected) == [
        (4, "1.2", 1, "", 0),
        (4, "7", 3, "13", 3),
        (7, "1.2", 1, "", 0),
        (10, "1.2", 1, "", 0),
        (11, "1.2", 1, "", 0),
        (11, "6.1.1", 2, "11", 1),
    ]


def test_reloading_changes_nothing(db, fresh_cache):
    before = snapshot()

    report = load_sheets()

    assert (report.sheets, report.created, report.updated, report.deleted) == (26, 0, 0, 0)
    assert report.leaves == 787 and report.options == 2535 and report.knockouts == 24
    assert snapshot() == before


def test_a_changed_json_updates_rows_in_place(db, data, fresh_cache):
    ids = {code: node.pk for code, node in nodes_of(7).items()}
    changed = copy.deepcopy(data)
    sheet = changed["sets"][6]
    promotion = sheet["sections"][1]["groups"][0]["criteria"][2]  # 4.3 Quảng bá sản phẩm: 0 / 1 / 2 / 3 / 5
    del promotion["options"][1]
    idea = sheet["sections"][0]["groups"][1]["criteria"][0]  # 2.1: the 3-point option becomes the 5★ minimum
    idea["options"][3]["min_star"] = 5
    sheet["disqualify_when"].append("Hồ sơ bị loại khi: thử nghiệm")

    report = load_sheets(changed)

    # 4.3's options 3, 4, 5 move up one place; 2.1's mark changes; option 5 of 4.3 goes; one line is added.
    assert (report.created, report.updated, report.deleted) == (1, 4, 1)
    nodes = nodes_of(7)
    assert {code: node.pk for code, node in nodes.items()} == ids
    assert [o.points for o in nodes["4.3"].options.all()] == [0, 2, 3, 5]
    assert sheets.sheet_for(nodes["4.3"].criteria_set).knockouts[1] == "Hồ sơ bị loại khi: thử nghiệm"
    assert [(m.code, m.star) for m in sheets.sheet_for(nodes["2.1"].criteria_set_id).marks if m.code == "2.1"] == [
        ("2.1", 5)
    ]


def test_broken_data_is_refused_and_nothing_is_written(db, data, fresh_cache):
    before = snapshot()
    broken = copy.deepcopy(data)
    honey = broken["sets"][3]["sections"][2]["groups"][1]  # set 4, group 7 "Dinh dưỡng", max 3
    honey["options"][2].update(points=13.0, corrected_from_print=False)
    processed = broken["sets"][6]["sections"][0]["groups"][0]["criteria"][0]  # set 7, 1.1, max 3
    processed["max"] = 4.0
    processed["options"][2]["points"] = 4.0
    processed["options"][2]["raw_points"] = "4"
    certified = broken["sets"][6]["sections"][0]["groups"][0]["criteria"][1]  # set 7, 1.2: 0 / 1 / 2
    certified["options"][1]["points"] = 2.0

    with pytest.raises(SheetDataError) as raised:
        load_sheets(broken)

    assert raised.value.errors == [
        "set 4 7 option 3: 13.0 points, outside 0…3.0",
        "set 4 7: best option is 13.0, not 3.0",
        "set 7 1.2 option 2: printed '1' but 2.0 without corrected_from_print",
        "set 7 1: children sum to 19.0, not 18.0",
    ]
    assert snapshot() == before


def test_parts_must_follow_the_split_of_the_legal_version(data):
    with pytest.raises(SheetDataError) as raised:
        parse_sheet(data["sets"][6], version="QD1048_2019")

    assert raised.value.errors == ["set 7: parts are A 40.0, B 25.0, C 35.0; QD1048_2019 requires A 35, B 25, C 40"]


def test_loading_all_26_sheets_from_scratch_creates_every_row(db, fresh_cache):
    # How long this takes is measured by bench/bench_sheet_loading.py, never asserted here.
    SheetNode.objects.filter(criteria_set__legal_version__code=QD26).delete()
    KnockOutRule.objects.filter(criteria_set__legal_version__code=QD26).delete()

    report = load_sheets()

    assert report.created == SheetNode.objects.count() + Option.objects.count() + KnockOutRule.objects.count()
    assert CriteriaSet.objects.filter(legal_version__code=QD26, nodes__isnull=True).count() == 0
