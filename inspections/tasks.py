"""Background tasks of the inspections app: thin wrappers over `inspections.domain`.

Production sends the remediation reminders once a day: cron or a systemd timer calls
`manage.py send_remediation_reminders`, or a daily scheduler enqueues `send_remediation_reminders` for the
django-tasks worker. Running it twice, or catching up after a missed day, sends nothing twice."""

import logging

from django.utils import timezone
from django_tasks import task

from .domain import send_remediation_reminders as send_due

logger = logging.getLogger(__name__)


@task()
def send_remediation_reminders() -> int:
    sent = send_due(today=timezone.localdate())
    logger.info("remediation reminders sent: %s", sent)
    return sent
