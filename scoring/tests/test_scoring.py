"""The scoring engine on the real sheets (built from the shared JSON, as `sheet_for` builds them from the
database): bands, star minimums, precision, divergence, quorum, the next star, the JSON shape."""

import json
from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import translation

from criteria.sheet_loading import json_sheets
from scoring import MemberSheet, Regulation, SheetError, band, next_star_gap, rank

# Set 7 ("Chế biến từ rau, củ, quả, hạt"): lowering these unmarked items takes 24 points off a full sheet
# without touching any star minimum.
LOWER_UNMARKED_7 = {
    "1.2": 1, "1.3": 1, "1.4": 1, "1.7": 1, "2.4": 0, "3.2": 1, "3.3": 1, "4.2": 1, "4.3": 1, "5.2": 1, "10": 1,
    "11": 1,
}  # fmt: skip


@pytest.fixture(autouse=True)
def vietnamese():
    # The engine's messages come out in the active language; these tests read them in Vietnamese.
    with translation.override("vi"):
        yield


@pytest.fixture(scope="module")
def sheets():
    return json_sheets()


def top(sheet, changes=None, *, case="a") -> dict[str, int]:
    """Every leaf at its best option (of `case` for two-case items; 1 for yes/no), then `changes`."""
    choices = {}
    for leaf in sheet.leaves:
        if not leaf.options:
            choices[leaf.code] = 1
            continue
        allowed = [(o.points, p) for p, o in enumerate(leaf.options, 1) if o.case in ("", case)]
        choices[leaf.code] = max(allowed)[1]
    return {**choices, **(changes or {})}


def bottom(sheet, *, case="a") -> dict[str, int]:
    choices = {}
    for leaf in sheet.leaves:
        allowed = [(o.points, p) for p, o in enumerate(leaf.options, 1) if o.case in ("", case)]
        choices[leaf.code] = min(allowed)[1] if leaf.options else 0
    return choices


def council(*choice_sets, **extra) -> list[MemberSheet]:
    return [MemberSheet(member=chr(ord("A") + i), choices=choices, **extra) for i, choices in enumerate(choice_sets)]


@pytest.mark.parametrize(
    ("mean", "stars"),
    [("0", 1), ("29.99", 1), ("30", 2), ("49.99", 2), ("50", 3), ("69.99", 3), ("70", 4), ("89.99", 4), ("90", 5),
     ("100", 5)],
)  # fmt: skip
def test_band_edges_are_half_open(mean, stars):
    assert band(Decimal(mean)) == stars


def test_band_takes_exact_fractions_and_refuses_impossible_means():
    assert band(Fraction(209, 3)) == 3  # 69.67
    assert band(Fraction(5999, 200)) == 1  # 29.995
    with pytest.raises(ValueError):
        band(Decimal("100.01"))
    with pytest.raises(ValueError):
        band(-1)


@pytest.mark.parametrize(
    ("totals_lowered", "mean", "band_"),
    [((30, 30, 30), Decimal(70), 4), ((30, 30, 31), Decimal(209) / 3, 3), ((10, 10, 10), Decimal(90), 5)],
)
def test_council_mean_is_exact_and_banded(sheets, totals_lowered, mean, band_):
    # Lower set 7's 4.3 (−5), 4.1 (−4), 5.1 (−5), 5.3 (−5), 6.5 (−5), 7 (−5) and 4.2 (−3) to reach each total.
    steps = [("4.3", 1, 5), ("4.1", 1, 4), ("5.1", 1, 5), ("5.3", 1, 5), ("6.5", 1, 5), ("7", 1, 5), ("4.2", 1, 3),
             ("1.2", 1, 2), ("1.7", 1, 1)]  # fmt: skip
    members = []
    for lowered in totals_lowered:
        changes, left = {}, lowered
        for code, position, points in steps:
            if left >= points:
                changes[code], left = position, left - points
        assert left == 0
        members.append(top(sheets[7], changes))

    result = rank(sheets[7], council(*members))

    assert result.mean_total == mean
    assert result.band == band_
    assert sorted(result.member_totals.values()) == sorted(Decimal(100 - t) for t in totals_lowered)


def test_a_star_minimum_caps_a_4_star_total_at_3_stars(sheets):
    # 2.1 "Nguồn gốc ý tưởng sản phẩm": its 3-point option is the 4★ minimum; the members tick 2 points.
    choices = top(sheets[7], {**LOWER_UNMARKED_7, "2.1": 3})

    result = rank(sheets[7], council(choices, choices, choices))

    assert (result.mean_total, result.band, result.stars, result.rankable) == (75, 4, 3, True)
    assert result.failed_minimums == [{"criterion": "2.1", "star": 4, "required": 3, "mean": 2}]


def test_minimums_are_checked_on_the_members_mean(sheets):
    reaching = top(sheets[7], LOWER_UNMARKED_7)
    missing = top(sheets[7], {**LOWER_UNMARKED_7, "2.1": 3})

    assert rank(sheets[7], council(reaching, reaching)).stars == 4
    split = rank(sheets[7], council(reaching, missing))
    assert (split.band, split.stars) == (4, 3)
    assert split.failed_minimums == [{"criterion": "2.1", "star": 4, "required": 3, "mean": Decimal("2.5")}]
    assert split.criterion_means["2.1"] == Decimal("2.5")


def test_failed_minimums_list_every_level_above_the_rank_up_to_the_band(sheets):
    # 1.5 marks 2 points for 4★ and 3 points for 5★; ticking 1 point misses both.
    choices = top(sheets[7], {"1.5": 2})

    result = rank(sheets[7], council(choices))

    assert (result.mean_total, result.band, result.stars) == (98, 5, 3)
    assert result.failed_minimums == [
        {"criterion": "1.5", "star": 4, "required": 2, "mean": 1},
        {"criterion": "1.5", "star": 5, "required": 3, "mean": 1},
    ]


def test_a_missed_3_star_minimum_gives_2_stars(sheets):
    choices = top(sheets[7], {"2.2": 2})  # 2.2 needs 2 points (***) and gets 1

    result = rank(sheets[7], council(choices))

    assert (result.band, result.stars) == (5, 2)
    assert result.failed_minimums == [{"criterion": "2.2", "star": 3, "required": 2, "mean": 1}]


def test_bands_1_and_2_have_no_minimums(sheets):
    result = rank(sheets[7], council(bottom(sheets[7])))

    assert (result.mean_total, result.band, result.stars, result.failed_minimums) == (16, 1, 1, [])


def test_divergence_above_the_allowed_gap_is_flagged_and_the_result_still_computed(sheets):
    full = top(sheets[7])
    ten_less = top(sheets[7], {"4.3": 1, "4.1": 2, "5.1": 4})  # −5 −3 −2
    eleven_less = top(sheets[7], {"4.3": 1, "4.1": 2, "5.1": 4, "1.7": 1})

    assert rank(sheets[7], council(full, ten_less)).divergence_flag is False
    flagged = rank(sheets[7], council(full, eleven_less))
    assert flagged.divergence_flag is True
    assert (flagged.mean_total, flagged.band) == (Decimal("94.5"), 5)
    assert (
        rank(sheets[7], council(full, eleven_less), regulation=Regulation(max_gap=Decimal(11))).divergence_flag is False
    )


def test_fewer_sheets_than_the_quorum_are_scored_but_not_rankable(sheets):
    full = top(sheets[7])

    result = rank(sheets[7], council(full, full), regulation=Regulation(quorum=3))

    assert (result.rankable, result.stars, result.band, result.mean_total) == (False, None, 5, 100)
    assert result.reason == "Chưa đủ số phiếu chấm theo quy chế hội đồng: 2/3."
    assert rank(sheets[7], council(full, full, full), regulation=Regulation(quorum=3)).stars == 5


def test_no_sheet_at_all_is_an_error(sheets):
    with pytest.raises(SheetError) as raised:
        rank(sheets[7], [])

    assert raised.value.errors == {"": ["Chưa có phiếu chấm nào."]}


def test_parts_and_member_totals(sheets):
    lowered = top(sheets[7], {"4.3": 1, "6.5": 1})  # B −5, C −5

    result = rank(sheets[7], council(top(sheets[7]), lowered))

    assert result.member_totals == {"A": 100, "B": 90}
    assert result.parts == {"A": 40, "B": Decimal("22.5"), "C": Decimal("32.5")}


def test_next_star_gap_of_a_result_capped_by_a_minimum(sheets):
    choices = top(sheets[7], {**LOWER_UNMARKED_7, "2.1": 3})
    result = rank(sheets[7], council(choices))

    assert next_star_gap(sheets[7], result) == {
        "next_star": 4,
        "missing_points": 0,
        "failed_minimums": [{"criterion": "2.1", "star": 4, "required": 3, "mean": 2}],
    }


def test_next_star_gap_counts_points_and_minimums(sheets):
    # 76 − 12 = 64: 1.5, 6.3, 6.5 and 7 fall below their 4★ minimums.
    choices = top(sheets[7], {**LOWER_UNMARKED_7, "1.5": 2, "6.3": 2, "6.5": 2, "7": 2})
    result = rank(sheets[7], council(choices))

    assert (result.mean_total, result.stars) == (64, 3)
    assert next_star_gap(sheets[7], result) == {
        "next_star": 4,
        "missing_points": 6,
        "failed_minimums": [
            {"criterion": "1.5", "star": 4, "required": 2, "mean": 1},
            {"criterion": "6.3", "star": 4, "required": 2, "mean": 1},
            {"criterion": "6.5", "star": 4, "required": 3, "mean": 1},
            {"criterion": "7", "star": 4, "required": 3, "mean": 1},
        ],
    }


def test_next_star_gap_at_the_top_and_when_not_rankable(sheets):
    full = top(sheets[7])
    assert next_star_gap(sheets[7], rank(sheets[7], council(full))) == {
        "next_star": None,
        "missing_points": 0,
        "failed_minimums": [],
    }
    low = rank(sheets[7], council(bottom(sheets[7])))
    assert next_star_gap(sheets[7], low) == {"next_star": 2, "missing_points": 14, "failed_minimums": []}  # 16 → 30
    with pytest.raises(ValueError):
        next_star_gap(sheets[7], rank(sheets[7], council(full), regulation=Regulation(quorum=2)))


def test_as_json_is_the_api_shape_with_means_cut_to_two_decimals(sheets):
    capped = top(sheets[7], {**LOWER_UNMARKED_7, "2.1": 3})
    result = rank(sheets[7], council(capped, capped, {**capped, "1.1": 1, "2.1": 4}))  # −2 +1

    body = json.loads(json.dumps(result.as_json()))

    assert result.mean_total == Decimal(224) / 3
    assert {key: body[key] for key in body if key != "criterion_means"} == {
        "rankable": True,
        "reason": None,
        "mean_total": 74.66,
        "member_totals": {"A": 75, "B": 75, "C": 74},
        "parts": {"A": 27.66, "B": 15, "C": 32},
        "band": 4,
        "stars": 3,
        "failed_minimums": [{"criterion": "2.1", "star": 4, "required": 3, "mean": 2.33}],
        "divergence_flag": False,
    }
    assert body["criterion_means"]["1.1"] == 2.33 and len(body["criterion_means"]) == 32
