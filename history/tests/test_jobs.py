"""The import job's lifecycle (history.jobs): upload, scope, the same file twice, a job killed midway and run
again, a run overtaken by a newer one. The engine's own rules are tested with the engine; the whole journey
through the pages is in test_views.py."""

import datetime
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections, transaction
from django.utils import timezone

from audit import domain as audit

# Committed data for the test that reads from a second connection, with the reference data put back after it.
from evaluation.tests.workflow.conftest import reference_data_kept  # noqa: F401
from history import jobs
from history.models import ImportJob


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(content: bytes = b"Ma so thue,Ten chu the\n", name: str = "lich-su.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def silence(job: ImportJob, minutes: int) -> None:
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=minutes))
    job.refresh_from_db()


def test_upload_job_stores_the_file_privately_with_its_checksum(erin, hanoi):
    job = jobs.upload_job(upload=upload(), by=erin)
    assert job.status == ImportJob.Status.UPLOADED
    assert job.province == hanoi
    assert job.filename == "lich-su.csv"
    assert job.sha256 == hashlib.sha256(b"Ma so thue,Ten chu the\n").hexdigest()
    assert job.file.name == f"history/imports/{job.code}/{job.sha256}.csv"
    with job.file.open("rb") as stored:
        assert stored.read() == b"Ma so thue,Ten chu the\n"
    entry = audit.history(job).get(action="upload")
    assert entry.actor == erin


def test_upload_job_refuses_other_files(erin):
    with pytest.raises(ValidationError) as refused:
        jobs.upload_job(upload=upload(name="lich-su.pdf"), by=erin)
    assert refused.value.messages == ["Hãy chọn tệp Excel (.xlsx) hoặc CSV (.csv)."]
    with pytest.raises(ValidationError) as refused:
        jobs.upload_job(upload=upload(b""), by=erin)
    assert refused.value.messages == ["Tệp rỗng, không có nội dung."]
    assert not ImportJob.objects.exists()


def test_upload_job_refuses_a_file_over_the_limit(erin, settings):
    settings.HISTORY_IMPORT_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as refused:
        jobs.upload_job(upload=upload(b"x" * (1024 * 1024 + 1)), by=erin)
    assert refused.value.messages == ["Tệp quá lớn (1,0 MB). Dung lượng tối đa là 1,0 MB."]
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("persona", ["carol", "alice", "minh", "council"])
def test_upload_job_is_for_province_officers_and_administrators(db, request, persona):
    with pytest.raises(PermissionDenied):
        jobs.upload_job(upload=upload(), by=request.getfixturevalue(persona))


def test_upload_job_says_a_file_already_imported_here_is_not_imported_again(erin, frank):
    first = jobs.upload_job(upload=upload(), by=erin)
    ImportJob.objects.filter(pk=first.pk).update(status=ImportJob.Status.DONE, finished_at=timezone.now())
    with pytest.raises(jobs.AlreadyImported) as refused:
        jobs.upload_job(upload=upload(), by=erin)
    assert refused.value.job == first
    assert ImportJob.objects.count() == 1
    # Another province's officer is not told about Hà Nội's file: for them it is a new upload.
    assert jobs.upload_job(upload=upload(), by=frank).status == ImportJob.Status.UPLOADED


def test_import_jobs_are_visible_to_their_province_and_the_national_roles(erin, frank, root, carol, minh):
    job = jobs.upload_job(upload=upload(), by=erin)
    assert list(ImportJob.objects.visible_to(erin)) == [job]
    assert list(ImportJob.objects.visible_to(root)) == [job]
    assert list(ImportJob.objects.visible_to(frank)) == []
    assert list(ImportJob.objects.visible_to(carol)) == []
    # The ministry oversees every province (it may download their history too), so it sees their imports.
    assert list(ImportJob.objects.visible_to(minh)) == [job]


def test_an_administrators_job_belongs_to_no_province(root, erin):
    job = jobs.upload_job(upload=upload(), by=root)
    assert job.province is None
    assert list(ImportJob.objects.visible_to(erin)) == []


def test_a_job_silent_past_the_stale_limit_is_stalled(erin, settings):
    settings.HISTORY_IMPORT_STALE_MINUTES = 10
    job = jobs.upload_job(upload=upload(), by=erin)
    silence(job, 9)
    assert not jobs.is_stalled(job)
    silence(job, 11)
    assert jobs.is_stalled(job)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.CHECKED)
    job.refresh_from_db()
    assert not jobs.is_stalled(job)


def test_resume_job_refuses_a_job_still_alive(erin):
    job = jobs.upload_job(upload=upload(), by=erin)
    with pytest.raises(ValidationError) as refused:
        jobs.resume_job(job=job, by=erin)
    assert refused.value.code == "not_stalled"


def test_resume_job_runs_a_stalled_check_again_as_a_new_attempt(erin, frank):
    job = jobs.upload_job(upload=upload(), by=erin)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.CHECKING, progress_done=40)
    silence(job, 60)
    with pytest.raises(PermissionDenied):
        jobs.resume_job(job=job, by=frank)
    job = jobs.resume_job(job=job, by=erin)
    assert (job.status, job.attempt, job.progress_done) == (ImportJob.Status.UPLOADED, 2, 0)
    entry = audit.history(job).get(action="resume")
    assert entry.changes["attempt"] == [1, 2]


def test_an_overtaken_run_writes_nothing(erin):
    job = jobs.upload_job(upload=upload(), by=erin)
    ImportJob.objects.filter(pk=job.pk).update(attempt=2)
    # The first run's task, arriving late, finds the job no longer its own and leaves it alone.
    assert jobs.check_job(job_id=job.pk, attempt=1).status == ImportJob.Status.UPLOADED
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.IMPORTING)
    assert jobs.import_job(job_id=job.pk, attempt=1).status == ImportJob.Status.IMPORTING
    assert not audit.history(job).filter(action__in=["check", "import"]).exists()


def test_start_import_refuses_a_job_with_problems(erin):
    job = jobs.upload_job(upload=upload(), by=erin)
    problem = {"sheet": "Chủ thể", "row": 2, "column": "Mã số thuế", "message": "Sai."}
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.CHECKED, problems=[problem])
    job.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        jobs.start_import(job=job, by=erin)
    assert refused.value.code == "not_clean"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer: no progress inside the import")
def test_import_progress_is_readable_while_the_import_transaction_runs(reference_data_kept, transactional_db, erin):  # noqa: F811
    job = jobs.upload_job(upload=upload(), by=erin)
    reader = connections.create_connection("default")
    try:
        with transaction.atomic():
            ImportJob.objects.create(
                uploaded_by=erin, filename="khac.csv", size=1, sha256="0" * 64, file="history/imports/x/y.csv"
            )
            progress = jobs.Progress(job, ImportJob.Phase.WRITING, own_connection=True)
            progress(600, 1000)
            with reader.cursor() as cursor:
                cursor.execute(
                    "SELECT phase, progress_done, progress_total FROM history_importjob WHERE id = %s", [job.pk]
                )
                seen_during = cursor.fetchone()
                cursor.execute("SELECT COUNT(*) FROM history_importjob")
                rows_during = cursor.fetchone()[0]
            progress.close()
    finally:
        reader.close()
    # Another connection saw the progress at once, and not the transaction's own (uncommitted) writes.
    assert seen_during == ("writing", 600, 1000)
    assert rows_during == 1
