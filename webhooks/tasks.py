"""Background tasks of webhooks: thin wrappers over `webhooks.sending` and `webhooks.expiry`.

A change's deliveries are enqueued once its transaction commits (`deliver`). Production also runs, every minute,
`manage.py send_webhooks` (or enqueues `send_due_webhooks`) for the retries and what a killed worker left, and
hourly `manage.py emit_expired_certificates` (or `emit_expired`)."""

import logging

from django.utils import timezone
from django_tasks import task

from . import expiry, sending

logger = logging.getLogger(__name__)


@task()
def deliver(delivery_ids: list[int]) -> int:
    return sending.send_due(among=delivery_ids)


@task()
def send_due_webhooks() -> int:
    sent = sending.send_due()
    logger.info("webhook deliveries tried: %s", sent)
    return sent


@task()
def emit_expired() -> int:
    emitted = expiry.emit_expired(today=timezone.localdate())
    logger.info("certificate expiry events: %s", emitted)
    return emitted
