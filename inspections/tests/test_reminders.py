import datetime
import io

import pytest
from django.core.management import call_command

from inspections import domain
from inspections.models import Outcome
from inspections.province import months_before
from notifications.models import Notification

from .conftest import START

DEADLINE = START + datetime.timedelta(days=30)


@pytest.fixture
def remediation(inspection, inspector, product_a, alice):
    return domain.record_outcome(
        inspection=inspection,
        product=product_a,
        kind="remediation",
        note="Bổ sung nhãn phụ",
        concluded_on=START,
        deadline=DEADLINE,
        by=inspector,
    )


def reminders(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user, message__contains="khắc phục")
        .exclude(message__startswith="Kết luận")
        .exclude(message__startswith="Yêu cầu khắc phục")
        .order_by("id")
        .values_list("message", flat=True)
    )


def test_reminders_before_and_at_the_deadline_each_once(remediation, alice, inspector, settings):
    settings.REMEDIATION_REMINDER_DAYS = 7
    assert domain.send_remediation_reminders(today=DEADLINE - datetime.timedelta(days=8)) == 0
    assert domain.send_remediation_reminders(today=DEADLINE - datetime.timedelta(days=7)) == 1
    assert domain.send_remediation_reminders(today=DEADLINE - datetime.timedelta(days=6)) == 0
    assert domain.send_remediation_reminders(today=DEADLINE) == 1
    assert domain.send_remediation_reminders(today=DEADLINE + datetime.timedelta(days=1)) == 0
    assert reminders(alice) == [
        "Còn 7 ngày đến hạn khắc phục (03/06/2026) đối với sản phẩm Mứt gừng Phú Nghĩa.",
        "Hôm nay (03/06/2026) là hạn khắc phục đối với sản phẩm Mứt gừng Phú Nghĩa.",
    ]
    assert len(reminders(inspector)) == 2


def test_reminders_a_missed_run_catches_up_with_the_overdue_notice_only(remediation, alice):
    assert domain.send_remediation_reminders(today=DEADLINE + datetime.timedelta(days=3)) == 1
    assert domain.send_remediation_reminders(today=DEADLINE + datetime.timedelta(days=4)) == 0
    assert reminders(alice) == [
        "Sản phẩm Mứt gừng Phú Nghĩa đã quá hạn khắc phục (hạn 03/06/2026): đề nghị kiểm tra lại."
    ]


def test_reminders_skip_a_closed_remediation(remediation, inspection, inspector, product_a, alice):
    domain.record_visit(
        inspection=inspection,
        product=product_a,
        visited_on=START + datetime.timedelta(days=5),
        findings={"labels": ("met", "")},
        follows=remediation,
        resolved=True,
        by=inspector,
    )
    assert domain.send_remediation_reminders(today=DEADLINE) == 0
    assert reminders(alice) == []


def test_overdue_remediations_are_those_past_their_deadline(remediation):
    assert list(Outcome.objects.overdue(DEADLINE)) == []
    assert list(Outcome.objects.overdue(DEADLINE + datetime.timedelta(days=1))) == [remediation]


def test_send_remediation_reminders_command_runs_as_of_a_day(remediation):
    out = io.StringIO()
    call_command("send_remediation_reminders", "--date", "03/06/2026", stdout=out)
    assert out.getvalue() == "1 reminder(s) sent for 03/06/2026.\n"


def test_months_before_keeps_the_day_or_the_months_last():
    assert [
        months_before(datetime.date(2026, 12, 1), 24),
        months_before(datetime.date(2026, 3, 31), 1),
        months_before(datetime.date(2028, 2, 29), 12),
    ] == [datetime.date(2024, 12, 1), datetime.date(2026, 2, 28), datetime.date(2027, 2, 28)]
