"""Background tasks of the reports app: thin wrappers over `reports.rollups`.

Production runs `refresh_rollups` nightly: cron / a systemd timer calls `manage.py refresh_rollups`, or a daily
scheduler enqueues `reports.tasks.refresh_rollups` for the django-tasks worker (`manage.py db_worker`). Changes
enqueue `refresh_product_figures` for the products they touch (`reports.signals`)."""

import logging

from django_tasks import task

from . import rollups

logger = logging.getLogger(__name__)


@task()
def refresh_product_figures(product_ids: list[int]) -> int:
    return rollups.refresh_products(product_ids=product_ids)


@task()
def refresh_stamp_figures() -> int:
    return rollups.refresh_stamps()


@task()
def refresh_rollups(full: bool = False) -> dict:
    done = rollups.refresh_all(full=full)
    logger.info("rollups refreshed: %s", done)
    return done
