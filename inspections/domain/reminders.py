"""The reminders of remediation deadlines: some days before the deadline (REMEDIATION_REMINDER_DAYS), and on
it (or, when a run was missed, on the first run after it). Each is sent at most once per remediation: the flag
is set by a conditional update before the notice goes out, so two runs at once, or a run killed and restarted,
send nothing twice."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import people
from notifications.domain import notify

from ..models import Outcome


def _recipients(outcome: Outcome) -> list:
    return [
        *people.producer_users(outcome.producer_id),
        *outcome.inspection.team.all(),
    ]


def send_remediation_reminders(*, today: datetime.date) -> int:
    """Send the reminders due on `today`; return how many remediations were reminded."""
    ahead = today + datetime.timedelta(days=settings.REMEDIATION_REMINDER_DAYS)
    open_ones = Outcome.objects.open_remediations().select_related("product", "inspection")
    sent = 0
    for outcome in open_ones.filter(reminded_due=False, deadline__lte=today):
        with transaction.atomic():
            if not Outcome.objects.filter(pk=outcome.pk, reminded_due=False).update(
                reminded_due=True, reminded_before=True
            ):
                continue
            late = outcome.deadline < today
            message = (
                _("Sản phẩm %(product)s đã quá hạn khắc phục (hạn %(deadline)s): đề nghị kiểm tra lại.")
                if late
                else _("Hôm nay (%(deadline)s) là hạn khắc phục đối với sản phẩm %(product)s.")
            )
            notify(
                users=_recipients(outcome),
                message=message % {"product": outcome.product.name, "deadline": f"{outcome.deadline:%d/%m/%Y}"},
                url=outcome.get_absolute_url(),
            )
            sent += 1
    for outcome in open_ones.filter(reminded_before=False, deadline__gt=today, deadline__lte=ahead):
        with transaction.atomic():
            if not Outcome.objects.filter(pk=outcome.pk, reminded_before=False).update(reminded_before=True):
                continue
            notify(
                users=_recipients(outcome),
                message=_("Còn %(days)s ngày đến hạn khắc phục (%(deadline)s) đối với sản phẩm %(product)s.")
                % {
                    "days": (outcome.deadline - today).days,
                    "deadline": f"{outcome.deadline:%d/%m/%Y}",
                    "product": outcome.product.name,
                },
                url=outcome.get_absolute_url(),
            )
            sent += 1
    return sent
