import datetime

import pytest

from dossiers.models import PublicHoliday
from dossiers.workdays import add_working_days, is_working_day, working_days_between

D = datetime.date


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2026, 6, 1), 0, D(2026, 6, 1)),  # Monday, nothing to count
        (D(2026, 6, 1), 1, D(2026, 6, 2)),  # the start day itself is not counted
        (D(2026, 6, 5), 1, D(2026, 6, 8)),  # Friday → Monday: the weekend is skipped
        (D(2026, 6, 6), 1, D(2026, 6, 8)),  # filed on a Saturday
        (D(2026, 6, 1), 5, D(2026, 6, 8)),
        (D(2026, 6, 1), 15, D(2026, 6, 22)),  # three full weeks
    ],
)
def test_add_working_days_skips_weekends(start, days, expected):
    assert add_working_days(start, days) == expected


@pytest.mark.django_db
def test_add_working_days_skips_tet_2026_from_the_holidays_package():
    # Tết Bính Ngọ: Monday 16/02 to Friday 20/02/2026 are statutory days off.
    assert not is_working_day(D(2026, 2, 17))
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    # 15 working days from Friday 06/02: 5 in the week of 09/02, Tết week off, then 10 more.
    assert add_working_days(D(2026, 2, 6), 15) == D(2026, 3, 6)


@pytest.mark.django_db
def test_add_working_days_skips_national_day_2026():
    # 31/08 (swapped day off), 01/09 and 02/09/2026 are days off.
    assert add_working_days(D(2026, 8, 28), 1) == D(2026, 9, 3)
    assert add_working_days(D(2026, 8, 28), 15) == D(2026, 9, 23)


@pytest.mark.django_db
def test_add_working_days_skips_a_configured_extra_holiday():
    assert add_working_days(D(2026, 6, 1), 15) == D(2026, 6, 22)
    PublicHoliday.objects.create(date=D(2026, 6, 10), name="Nghỉ bù theo thông báo của Chính phủ")
    assert add_working_days(D(2026, 6, 1), 15) == D(2026, 6, 23)


@pytest.mark.django_db
def test_a_configured_make_up_saturday_is_a_working_day():
    # 15 working days from Monday 01/06/2026 end on Monday 22/06; a make-up Saturday 13/06 inside that window
    # counts, so they end a calendar day earlier, on Friday 19/06.
    assert not is_working_day(D(2026, 6, 13))
    PublicHoliday.objects.create(
        date=D(2026, 6, 13), name="Làm bù cho ngày nghỉ 29/06", kind=PublicHoliday.Kind.WORKING_DAY
    )
    assert is_working_day(D(2026, 6, 13))
    assert add_working_days(D(2026, 6, 1), 15) == D(2026, 6, 19)
    assert working_days_between(D(2026, 6, 12), D(2026, 6, 15)) == 2


@pytest.mark.django_db
def test_add_working_days_crosses_the_new_year():
    # 01/01/2027 is New Year's Day (a Friday); the weekend follows.
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)


@pytest.mark.django_db
def test_working_days_between_counts_both_ways():
    assert working_days_between(D(2026, 6, 1), D(2026, 6, 8)) == 5
    assert working_days_between(D(2026, 6, 8), D(2026, 6, 1)) == -5
    assert working_days_between(D(2026, 6, 5), D(2026, 6, 7)) == 0


def test_add_working_days_refuses_negative_days():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 6, 1), -1)


@pytest.mark.django_db
def test_an_administrator_configures_a_make_up_working_day_in_the_admin(client, root):
    from audit.domain import history

    root.is_staff = root.is_superuser = True
    root.save()
    client.force_login(root)

    response = client.post(
        "/quan-tri/dossiers/publicholiday/add/",
        {"date": "13/06/2026", "name": "Làm bù cho ngày nghỉ 29/06", "kind": "working_day"},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    day = PublicHoliday.objects.get()
    assert (day.date, day.kind) == (D(2026, 6, 13), PublicHoliday.Kind.WORKING_DAY)
    assert add_working_days(D(2026, 6, 1), 15) == D(2026, 6, 19)
    assert history(day)[0].changes["kind"] == [None, "working_day"]
