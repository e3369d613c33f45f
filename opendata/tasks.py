"""Background task of the open data: the nightly export (cron calls `manage.py export_open_data`, or a daily
scheduler enqueues `export_open_data` for the django-tasks worker)."""

import logging

from django_tasks import task

from . import export

logger = logging.getLogger(__name__)


@task()
def export_open_data() -> str:
    run = export.export()
    logger.info("open data exported to %s", run)
    return str(run)
