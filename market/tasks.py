"""Background tasks of the market app: thin wrappers over `market.domain`.

Production tells the sales points once a day, after the renewal reminders: cron calls
`manage.py notify_sales_points`, or a daily scheduler enqueues `notify_sales_points` for the django-tasks worker.
Re-running it, or killing it midway, sends nothing twice (one notice per sales point, certificate and status)."""

import logging

from django.utils import timezone
from django_tasks import task

from .domain.sales_points import notify_sales_points as notify_due

logger = logging.getLogger(__name__)


@task()
def notify_sales_points() -> int:
    sent = notify_due(today=timezone.localdate())
    logger.info("sales point notices sent: %s", sent)
    return sent
