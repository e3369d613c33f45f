"""Fault tests: real jobs in processes of their own, killed with SIGKILL mid-way (see docs/faults.md)."""

import pytest

from evaluation.tests.workflow.conftest import (  # noqa: F401 (fixtures)
    application_a,
    evaluation_a,
    members,
    reference_data_kept,
    round_,
    seated_round,
)
from stamps.tests.conftest import certified_a  # noqa: F401 (a fixture)

from .world import World


@pytest.fixture
def world(reference_data_kept, transactional_db, tmp_path, settings):  # noqa: F811
    # Jobs are queued for the worker (as production does), not run at once in the test.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # A killed job is stalled at once: no waiting for its silence.
    settings.STAMP_ISSUING_STALE_MINUTES = 0
    settings.HISTORY_IMPORT_STALE_MINUTES = 0
    settings.MEDIA_ROOT = tmp_path / "media"
    made = World(tmp_path)
    yield made
    made.close()
