"""Background tasks of the inbox: thin wrappers over `monitoring.detection`.

Production runs the scan detection hourly: cron calls `manage.py detect_signals`, or a scheduler enqueues
`detect_signals` for the django-tasks worker. Re-running, overlapping or killing a run is harmless (see
`monitoring.detection`)."""

import logging

from django_tasks import task

from .detection import detect_signals as detect

logger = logging.getLogger(__name__)


@task()
def detect_signals() -> int:
    raised = detect()
    logger.info("inbox items raised from scans: %s", raised)
    return raised
