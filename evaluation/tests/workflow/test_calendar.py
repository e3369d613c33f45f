import datetime

from evaluation.calendar import date_warnings, default_rounds, window_for, year_warning
from evaluation.models import Level


def test_default_rounds_follow_the_provincial_calendar():
    rounds = default_rounds(level=Level.PROVINCE, year=2026)
    assert [(r["proposal_cutoff"], r["evaluate_by"]) for r in rounds] == [
        (datetime.date(2026, 4, 30), datetime.date(2026, 6, 30)),
        (datetime.date(2026, 10, 30), datetime.date(2026, 12, 30)),
    ]
    assert rounds[0]["name"] == "Đợt 1 năm 2026"


def test_default_rounds_follow_the_central_calendar():
    rounds = default_rounds(level=Level.CENTRAL, year=2027)
    assert [(r["proposal_cutoff"], r["evaluate_by"]) for r in rounds] == [
        (datetime.date(2027, 1, 30), datetime.date(2027, 3, 30)),
        (datetime.date(2027, 7, 30), datetime.date(2027, 9, 30)),
    ]


def test_statutory_dates_raise_no_warning():
    assert (
        date_warnings(
            level=Level.PROVINCE, proposal_cutoff=datetime.date(2026, 4, 30), evaluate_by=datetime.date(2026, 6, 30)
        )
        == []
    )
    assert (
        date_warnings(
            level=Level.CENTRAL, proposal_cutoff=datetime.date(2026, 1, 30), evaluate_by=datetime.date(2026, 3, 15)
        )
        == []
    )


def test_evaluation_after_the_statutory_deadline_is_warned():
    warnings = date_warnings(
        level=Level.PROVINCE, proposal_cutoff=datetime.date(2026, 4, 30), evaluate_by=datetime.date(2026, 7, 15)
    )
    assert warnings == [
        "Hạn hoàn thành đánh giá 15/07/2026 muộn hơn hạn theo quy định (30/06/2026) cho hồ sơ đề xuất đến 30/04/2026."
    ]


def test_an_extra_round_is_warned_about_its_cutoff():
    warnings = date_warnings(
        level=Level.PROVINCE, proposal_cutoff=datetime.date(2026, 5, 15), evaluate_by=datetime.date(2026, 8, 1)
    )
    assert len(warnings) == 1
    assert "đợt bổ sung" in warnings[0]


def test_window_for_a_late_year_cutoff_is_next_years_first():
    window = window_for(level=Level.CENTRAL, proposal_cutoff=datetime.date(2026, 8, 15))
    assert (window.proposal_cutoff, window.evaluate_by) == (datetime.date(2027, 1, 30), datetime.date(2027, 3, 30))


def test_year_warning_when_fewer_than_two_rounds():
    assert "ít nhất 2 đợt" in year_warning(level=Level.PROVINCE, year=2026, count=1)
    assert year_warning(level=Level.PROVINCE, year=2026, count=2) == ""
