"""Background jobs of the stamps app: thin wrappers that take ids and call `stamps.domain`. Both are safe to
re-run (an issued batch or a ready sheet is left as it is)."""

import logging

from django_tasks import task

from .domain import issue_batch, render_sheet

logger = logging.getLogger(__name__)


@task()
def issue_stamp_batch(batch_id: int) -> str:
    try:
        return issue_batch(batch_id=batch_id).status
    except Exception:
        logger.exception("issuing stamp batch %s failed", batch_id)
        raise


@task()
def render_stamp_sheet(sheet_id: int) -> str:
    try:
        return render_sheet(sheet_id=sheet_id).status
    except Exception:
        logger.exception("rendering stamp sheet %s failed", sheet_id)
        raise
