"""The scoring engine's "không đạt" rules (knock-out lines, stop rules, the mineral-water zero rule), the
tourism two-case items, invalid sheets, and every one of the 26 sheets end to end."""

from decimal import Decimal

import pytest
from django.utils import translation

from criteria.sheet_loading import json_sheets
from scoring import UNMET, MemberSheet, SheetError, rank

from .test_scoring import bottom, council, top


@pytest.fixture(autouse=True)
def vietnamese():
    # The engine's messages come out in the active language; these tests read them in Vietnamese.
    with translation.override("vi"):
        yield


@pytest.fixture(scope="module")
def sheets():
    return json_sheets()


def test_a_knockout_line_ticked_by_exactly_half_does_not_reject(sheets):
    full = top(sheets[7])
    members = [MemberSheet("A", full, knockouts=[0]), MemberSheet("B", full, knockouts=[0]),
               MemberSheet("C", full), MemberSheet("D", full)]  # fmt: skip

    result = rank(sheets[7], members)

    assert (result.rankable, result.reason, result.stars) == (True, None, 5)


def test_a_knockout_line_ticked_by_more_than_half_rejects_and_names_the_line(sheets):
    full = top(sheets[7])
    members = [MemberSheet("A", full, knockouts=[0]), MemberSheet("B", full, knockouts=[0, 0]), MemberSheet("C", full)]

    result = rank(sheets[7], members)

    assert (result.rankable, result.stars, result.band, result.mean_total) == (False, None, 5, 100)
    assert result.reason == (
        "Hồ sơ bị loại khi: Giả mạo hồ sơ hoặc không tuân thủ đầy đủ các quy định về giấy chứng nhận cơ sở đủ điều "
        "kiện an toàn thực phẩm theo quy định; hoặc không đáp ứng về hồ sơ đăng ký theo quy định (2/3 thành viên)"
    )


def test_a_requirement_unmet_by_more_than_half_makes_the_result_not_rankable(sheets):
    # Set 1, 1.1 "Yêu cầu: 100% sản phẩm được trồng trên địa bàn cấp tỉnh": position 0 is "not met", worth 0.
    full = top(sheets[1])
    unmet = {**full, "1.1": UNMET}
    members = council(unmet, unmet, unmet, full, full)

    result = rank(sheets[1], members)

    assert (result.rankable, result.stars, result.band) == (False, None, 5)
    assert result.reason == (
        "Không đáp ứng yêu cầu của tiêu chí 1.1: 100% sản phẩm được trồng trên địa bàn cấp tỉnh (3/5 thành viên)"
    )
    assert (result.member_totals["A"], result.member_totals["D"]) == (97, 100)
    assert result.criterion_means["1.1"] == Decimal("1.2")


def test_a_requirement_unmet_by_exactly_half_does_not_reject(sheets):
    full = top(sheets[23])
    result = rank(sheets[23], council({**full, "1.1": UNMET}, full))

    assert (result.rankable, result.reason) == (True, None)


def test_only_a_requirement_criterion_takes_not_met(sheets):
    with pytest.raises(SheetError) as error:
        rank(sheets[7], council(top(sheets[7], {"1.1": UNMET})))

    assert error.value.errors == {"A": ["Tiêu chí 1.1 không có phương án 0 (chọn từ 1 đến 3)."]}
    assert sheets[1].leaf("1.1").requirement == "100% sản phẩm được trồng trên địa bàn cấp tỉnh"
    assert sheets[1].leaf("1.1").positions == (0, 3)
    assert sheets[7].leaf("1.1").positions == (1, 3)


def test_a_stop_rule_invoked_by_more_than_half_rejects(sheets):
    full = top(sheets[7])
    half = [MemberSheet("A", full, stops=["1.1"]), MemberSheet("B", full)]
    most = [MemberSheet("A", full, stops=["1.1"]), MemberSheet("B", full, stops=["1.1", "6.1"]), MemberSheet("C", full)]

    assert rank(sheets[7], half).rankable is True
    result = rank(sheets[7], most)
    assert (result.rankable, result.stars) == (False, None)
    assert result.reason == "Dừng đánh giá theo điều kiện của tiêu chí 1.1 “Nguồn nguyên liệu” (2/3 thành viên)"


def test_the_reason_lists_every_rule_that_holds(sheets):
    full = top(sheets[7])
    members = [MemberSheet(m, full, knockouts=[0], stops=["2.1", "6.1"]) for m in "AB"]

    reason = rank(sheets[7], members).reason

    assert reason.splitlines()[1:] == [
        "Dừng đánh giá theo điều kiện của tiêu chí 2.1 “Nguồn gốc ý tưởng sản phẩm” (2/2 thành viên)",
        "Dừng đánh giá theo điều kiện của tiêu chí 6.1 “Tạp chất” (2/2 thành viên)",
    ]


def test_mineral_water_zero_on_a_sensory_indicator_stops_when_most_sheets_have_it(sheets):
    water = sheets[16]
    colour_zero = top(water, {"6.2": 1})  # "Có màu": 0 points
    smell_zero = top(water, {"6.3": 1})

    assert rank(water, council(colour_zero, top(water))).rankable is True  # exactly half
    result = rank(water, council(colour_zero, smell_zero, top(water)))
    assert (result.rankable, result.stars, result.band) == (False, None, 5)
    assert result.reason == "Dừng đánh giá: 0 điểm tại một trong các chỉ tiêu 6.1, 6.2, 6.3, 6.4 (2/3 thành viên)"


def test_mineral_water_zero_outside_the_sensory_indicators_does_not_stop(sheets):
    water = sheets[16]
    no_bilingual_label = top(water, {"2.4": 0, "1.6": 1})  # 0 points, but not on 6.1–6.4

    result = rank(water, council(no_bilingual_label, no_bilingual_label))

    assert (result.rankable, result.mean_total) == (True, 98)


def test_no_other_sheet_has_a_zero_rule(sheets):
    assert {number for number, sheet in sheets.items() if sheet.zero_scope} == {16}


@pytest.mark.parametrize("case", ["a", "b"])
def test_tourism_two_case_items_accept_one_case_per_sheet(sheets, case):
    tourism = sheets[26]
    choices = top(tourism, case=case)

    result = rank(tourism, council(choices, top(tourism, case="b")))

    assert {code: choices[code] for code in ("8", "9", "15")} == (
        {"8": 2, "9": 2, "15": 2} if case == "a" else {"8": 4, "9": 4, "15": 4}
    )
    assert (result.mean_total, result.stars) == (100, 5)


def test_tourism_sheet_mixing_the_two_cases_is_refused(sheets):
    tourism = sheets[26]
    mixed = top(tourism, {"15": 3})  # case b on 15, case a on 8 and 9

    with pytest.raises(SheetError) as raised:
        rank(tourism, council(top(tourism), mixed))

    assert raised.value.errors == {
        "B": ["Phiếu dùng cả hai trường hợp (a: 8, 9; b: 15): chọn một trường hợp cho mọi mục hai trường hợp."]
    }


def test_invalid_sheets_list_the_offending_codes_per_member(sheets):
    sheet = sheets[7]
    full = top(sheet)
    missing = {code: choice for code, choice in full.items() if code not in ("2.4", "11")}
    unknown = {**full, "12": 1, "9.9": 2}
    out_of_range = {**full, "2.1": 5, "2.4": 2, "1.1": 0, "1.2": "1", "1.3": True}

    with pytest.raises(SheetError) as raised:
        rank(sheet, council(missing, unknown, out_of_range, full))

    assert raised.value.errors == {
        "A": ["Thiếu tiêu chí: 2.4, 11."],
        "B": ["Không có tiêu chí 12, 9.9 trong phiếu này."],
        "C": [
            "Tiêu chí 1.1 không có phương án 0 (chọn từ 1 đến 3).",
            "Tiêu chí 1.2 không có phương án 1 (chọn từ 1 đến 3).",
            "Tiêu chí 1.3 không có phương án True (chọn từ 1 đến 3).",
            "Tiêu chí 2.1 không có phương án 5 (chọn từ 1 đến 4).",
            "Tiêu chí 2.4 không có phương án 2 (chọn từ 0 đến 1).",
        ],
    }


def test_unknown_knockout_lines_stop_rules_and_duplicate_members_are_refused(sheets):
    tourism, processed = sheets[26], sheets[7]

    with pytest.raises(SheetError) as tourism_error:
        rank(tourism, [MemberSheet("A", top(tourism), knockouts=[0], stops=["6"])])
    with pytest.raises(SheetError) as duplicate:
        rank(processed, [MemberSheet("A", top(processed)), MemberSheet("A", top(processed), stops=["1.2"])])

    assert tourism_error.value.errors == {
        "A": [
            "Không có dòng “Hồ sơ bị loại khi” số 0 (phiếu này có 0 dòng, đánh số từ 0).",
            "Tiêu chí 6 không có điều kiện dừng.",
        ]
    }
    assert duplicate.value.errors == {"A": ["Thành viên A có hơn một phiếu.", "Tiêu chí 1.2 không có điều kiện dừng."]}


@pytest.mark.parametrize("number", range(1, 27))
def test_every_sheet_sums_to_100_and_ranks_from_1_to_5_stars(sheets, number):
    sheet = sheets[number]
    part_max = {}
    for leaf in sheet.leaves:
        part_max[leaf.part] = part_max.get(leaf.part, 0) + leaf.max_points

    best = rank(sheet, council(top(sheet), top(sheet, case="b")))
    worst = rank(sheet, council(bottom(sheet)))

    assert part_max == {"A": 40, "B": 25, "C": 35}
    assert (best.mean_total, best.band, best.stars, best.failed_minimums) == (100, 5, 5, [])
    assert best.parts == {"A": 40, "B": 25, "C": 35}
    # Sheet 16's sensory zeros stop the evaluation; every tourism option is worth at least 1 point.
    assert (worst.band, worst.stars) == {16: (1, None), 26: (2, 2)}.get(number, (1, 1))
    assert all(
        Decimal(0) <= mean <= leaf.max_points
        for leaf, mean in zip(sheet.leaves, worst.criterion_means.values(), strict=True)
    )
