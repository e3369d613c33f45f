"""Background jobs of the history import: thin wrappers that take the job's id and the run's attempt and call
`history.jobs`. Both are safe to run twice, or late: a run that is not the job's current attempt does nothing."""

import logging

from django_tasks import task

from .jobs import check_job, import_job

logger = logging.getLogger(__name__)


@task()
def check_import(job_id: int, attempt: int) -> str:
    try:
        return check_job(job_id=job_id, attempt=attempt).status
    except Exception:
        logger.exception("checking history import job %s (attempt %s) failed", job_id, attempt)
        raise


@task()
def run_import(job_id: int, attempt: int) -> str:
    try:
        return import_job(job_id=job_id, attempt=attempt).status
    except Exception:
        logger.exception("history import job %s (attempt %s) failed", job_id, attempt)
        raise
