"""Background tasks of the certificates app: thin wrappers over `certificates.domain`.

Production runs the renewal reminders once a day: either cron / a systemd timer calls
`manage.py send_renewal_reminders`, or a daily scheduler enqueues `send_renewal_reminders` for the
django-tasks worker (`manage.py db_worker`). Running it twice a day, or catching up after a missed day,
sends nothing twice (one reminder per certificate and kind)."""

import logging

from django.utils import timezone
from django_tasks import task

from .domain import send_due_reminders

logger = logging.getLogger(__name__)


@task()
def send_renewal_reminders() -> int:
    sent = send_due_reminders(today=timezone.localdate())
    logger.info("renewal reminders sent: %s", sent)
    return sent
