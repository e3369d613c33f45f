"""An import of a history workbook as a background job: uploaded, checked (the dry run of `check_bundle`, every
problem kept), then imported (`apply_plan`, one transaction) when the user says so. The background work runs
in `history.tasks`; these functions are the job's only transitions, each audited.

A job survives being killed. A killed process runs no error handler, so its job stays "checking" or
"importing"; once it has been silent for HISTORY_IMPORT_STALE_MINUTES it counts as stalled and may be run
again (`resume_job`). Each run carries the job's `attempt`: a run writes progress and results only while the
job's attempt is still its own, so an old run waking up after a resume changes nothing. The import itself is
one transaction that also marks the job done; a killed import wrote nothing, and a run that finds itself
superseded at the end rolls its work back. Running an import twice is harmless anyway: the engine is
idempotent.

Progress is written where another request can read it while the job runs. The check is not in a
transaction: plain UPDATEs. The import is one long transaction, whose writes no one else sees before it
commits; on PostgreSQL its progress goes through a second connection of its own, in autocommit, which only
ever updates the job's row (the import's transaction does not touch that row before its very end, so the
two never wait on each other). SQLite allows one writer at a time, so there the page shows the phase
"Ghi vào cơ sở dữ liệu" without a count until the transaction commits."""

import datetime
import hashlib
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from audit import domain as audit
from certificates.rules import can_import

from .domain import Summary, apply_plan, check_bundle
from .models import ImportJob
from .reading import read_bundle

logger = logging.getLogger(__name__)

EXTENSIONS = ("xlsx", "csv")
CHUNK = 64 * 1024
RUNNING = (ImportJob.Status.UPLOADED, ImportJob.Status.CHECKING, ImportJob.Status.IMPORTING)
STATE_FIELDS = ["status", "phase", "progress_done", "progress_total", "attempt"]
# Progress is written about every hundredth of the rows (and at the end), whatever the engine reports.
PROGRESS_STEPS = 100


class AlreadyImported(ValidationError):
    """The same file (same SHA-256) was already imported into this scope: `job` is that import."""

    def __init__(self, job: ImportJob):
        when = formats.date_format(timezone.localtime(job.finished_at or job.created_at), "SHORT_DATETIME_FORMAT")
        super().__init__(
            _("Tệp này đã được nhập lúc %(when)s (lần nhập %(code)s); không nhập lại."),
            code="already_imported",
            params={"when": when, "code": job.code},
        )
        self.job = job


class Superseded(Exception):
    """The job was run again (or finished by another run) while this run worked: its work is dropped."""


def max_bytes() -> int:
    return settings.HISTORY_IMPORT_MAX_BYTES


def stale_after() -> datetime.timedelta:
    """How long a job may stay silent before it counts as stalled. On PostgreSQL the import reports progress
    from inside its transaction, so the longest silence is a few hundred rows; on SQLite it is the import's
    single transaction (about 4 minutes for 50,000 rows on the development machine, bench/bench_history_import.py),
    hence the default of 20 minutes."""
    return datetime.timedelta(minutes=settings.HISTORY_IMPORT_STALE_MINUTES)


def is_stalled(job: ImportJob, *, now: datetime.datetime | None = None) -> bool:
    """Waiting for or in its check or import, and silent for longer than `stale_after()`: its process died
    and nothing will finish the job unless someone runs it again."""
    if job.status not in RUNNING:
        return False
    return (job.heartbeat_at or job.created_at) < (now or timezone.now()) - stale_after()


def _digest(upload) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    upload.seek(0)
    for chunk in upload.chunks(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return digest.hexdigest(), size


def _megabytes(size: int) -> str:
    return f"{size / 1048576:.1f}".replace(".", ",")


def upload_job(*, upload, by) -> ImportJob:
    """Store an uploaded workbook (.xlsx or .csv, at most HISTORY_IMPORT_MAX_BYTES) privately and start its
    check in the background. Refused (ValidationError, in Vietnamese) for another kind of file, an empty or
    too large one, and — as `AlreadyImported`, naming that import — a file whose exact content was already
    imported into the user's scope. PermissionDenied unless `by` may import.

    Side effects: the job (in `by`'s province), its file, an audit entry "upload", and the check task,
    enqueued once the transaction commits."""
    if not can_import(by):
        raise PermissionDenied
    filename = upload.name.rsplit("/", 1)[-1][:255]
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in EXTENSIONS:
        raise ValidationError(_("Hãy chọn tệp Excel (.xlsx) hoặc CSV (.csv)."), code="import_type")
    sha256, size = _digest(upload)
    if size == 0:
        raise ValidationError(_("Tệp rỗng, không có nội dung."), code="import_empty")
    if size > max_bytes():
        raise ValidationError(
            _("Tệp quá lớn (%(size)s MB). Dung lượng tối đa là %(limit)s MB."),
            code="import_too_large",
            params={"size": _megabytes(size), "limit": _megabytes(max_bytes())},
        )
    done = ImportJob.objects.visible_to(by).filter(sha256=sha256, status=ImportJob.Status.DONE).first()
    if done is not None:
        raise AlreadyImported(done)
    job = ImportJob(
        uploaded_by=by,
        # An administrator's job belongs to no province: only administrators see it.
        province_id=by.area_id if by.role == Role.PROVINCE_OFFICER else None,
        filename=filename,
        size=size,
        sha256=sha256,
        attempt=1,
        heartbeat_at=timezone.now(),
    )
    job.file.save(filename, upload, save=False)
    try:
        with transaction.atomic():
            job.save()
            audit.record(
                actor=by,
                action="upload",
                obj=job,
                after=audit.snapshot(job, ["filename", "size", "sha256", "status"]),
                note=_("Tải lên tệp dữ liệu lịch sử để kiểm tra."),
            )
            _enqueue_check(job)
    except BaseException:
        job.file.storage.delete(job.file.name)
        raise
    return job


def _enqueue_check(job: ImportJob) -> None:
    from .tasks import check_import

    job_id, attempt = job.pk, job.attempt
    transaction.on_commit(lambda: check_import.enqueue(job_id, attempt))


def _enqueue_import(job: ImportJob) -> None:
    from .tasks import run_import

    job_id, attempt = job.pk, job.attempt
    transaction.on_commit(lambda: run_import.enqueue(job_id, attempt))


def _mine(job_id: int, attempt: int):
    return ImportJob.objects.filter(pk=job_id, attempt=attempt)


class Progress:
    """The engine's progress(done, total) callback: writes the job's count and heartbeat about every
    hundredth of the rows, only while the job is still this run's. With `own_connection` the write goes
    through a separate database connection in autocommit, visible while the caller's transaction runs."""

    def __init__(self, job: ImportJob, phase: str, *, own_connection: bool = False):
        self.job, self.phase, self.written = job, phase, -1
        self.connection = connections.create_connection("default") if own_connection else None
        self._write(0, 0)

    def __call__(self, done: int, total: int) -> None:
        step = max(1, total // PROGRESS_STEPS)
        if done >= total or self.written < 0 or done - self.written >= step:
            self._write(done, total)

    def _write(self, done: int, total: int) -> None:
        now = timezone.now()
        if self.connection is None:
            _mine(self.job.pk, self.job.attempt).update(
                phase=self.phase, progress_done=done, progress_total=total, heartbeat_at=now
            )
        else:
            field = ImportJob._meta.get_field
            quote = self.connection.ops.quote_name
            columns = ", ".join(
                f"{quote(field(name).column)} = %s" for name in ("phase", "progress_done", "progress_total")
            )
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {quote(ImportJob._meta.db_table)} SET {columns}, {quote('heartbeat_at')} = %s "  # noqa: S608 (our names)
                    f"WHERE {quote('id')} = %s AND {quote('attempt')} = %s",
                    [self.phase, done, total, now, self.job.pk, self.job.attempt],
                )
        self.written = done

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


def _problem_dicts(problems) -> list[dict]:
    return [{"sheet": p.sheet, "row": p.row, "column": p.column, "message": str(p.message)} for p in problems]


def _unreadable(error: ValidationError) -> list[dict]:
    return [{"sheet": "", "row": None, "column": "", "message": message} for message in error.messages]


def _check(job: ImportJob):
    """Read the job's file and dry-run it: (plan or None, problems as dicts). Not in a transaction, so its
    progress is plain UPDATEs."""
    Progress(job, ImportJob.Phase.READING)
    try:
        with job.file.open("rb") as file:
            bundle = read_bundle(file, filename=job.filename)
    except ValidationError as error:
        return None, _unreadable(error)
    plan = check_bundle(bundle, by=job.imported_by or job.uploaded_by, progress=Progress(job, ImportJob.Phase.CHECKING))
    return plan, _problem_dicts(plan.problems)


def _finish(job: ImportJob, attempt: int, *, actor, action: str, note: str, **fields) -> bool:
    """Write a run's outcome, if the job is still this run's; audited. False if another run took over."""
    before = audit.snapshot(job, STATE_FIELDS)
    with transaction.atomic():
        if not _mine(job.pk, attempt).exclude(status=ImportJob.Status.DONE).update(**fields):
            return False
        job.refresh_from_db()
        audit.record(
            actor=actor, action=action, obj=job, before=before, after=audit.snapshot(job, STATE_FIELDS), note=note
        )
    return True


def _fail(job: ImportJob, attempt: int, error: Exception, *, actor) -> None:
    message = _("Lỗi hệ thống khi xử lý tệp: %(error)s. Không có thay đổi nào được ghi.") % {"error": error}
    _finish(
        job,
        attempt,
        actor=actor,
        action="import_failed",
        note=message,
        status=ImportJob.Status.FAILED,
        error=message,
        heartbeat_at=timezone.now(),
    )


def check_job(*, job_id: int, attempt: int) -> ImportJob:
    """The background check of an uploaded job: read the file, dry-run every row, keep every problem.
    Does nothing unless the job is waiting for (or in) this run's check.

    Side effects: the job's progress while it runs, then status "checked" with its problems (none: ready to
    import), an audit entry "check"; on an unexpected error status "failed" ("import_failed"), raised
    again. Nothing but the job is written."""
    claimed = (
        _mine(job_id, attempt)
        .filter(status__in=[ImportJob.Status.UPLOADED, ImportJob.Status.CHECKING])
        .update(status=ImportJob.Status.CHECKING, heartbeat_at=timezone.now())
    )
    job = ImportJob.objects.select_related("uploaded_by", "imported_by").get(pk=job_id)
    if not claimed:
        return job
    try:
        _plan, problems = _check(job)
    except Exception as error:
        _fail(job, attempt, error, actor=job.uploaded_by)
        raise
    _finish(
        job,
        attempt,
        actor=job.uploaded_by,
        action="check",
        note=_check_note(problems),
        status=ImportJob.Status.CHECKED,
        problems=problems,
        phase="",
        checked_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


def _check_note(problems: list[dict]) -> str:
    if problems:
        return _("Kiểm tra xong: %(count)s lỗi; không có thay đổi nào được ghi.") % {"count": len(problems)}
    return _("Kiểm tra xong: không có lỗi, sẵn sàng nhập.")


def _summary_dict(summary: Summary) -> dict:
    """The engine's Summary as the job keeps it: per sheet key, how many records were created, updated and
    left unchanged."""
    return {
        key: {"created": summary.created[key], "updated": summary.updated[key], "unchanged": summary.unchanged[key]}
        for key in summary.created
    }


@transaction.atomic
def start_import(*, job: ImportJob, by) -> ImportJob:
    """Import a job whose check found no problem, in the background, as `by`. Refused (ValidationError)
    for a job not checked clean, and — `AlreadyImported` — when the same file was imported meanwhile.
    PermissionDenied unless `by` may import and see the job.

    Side effects: status "importing" (a new attempt), `imported_by`, an audit entry "import_start", and the
    import task, enqueued once the transaction commits."""
    if not can_import(by) or not ImportJob.objects.visible_to(by).filter(pk=job.pk).exists():
        raise PermissionDenied
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if not job.is_clean:
        raise ValidationError(_("Chỉ nhập được tệp đã kiểm tra xong và không có lỗi."), code="not_clean")
    done = ImportJob.objects.filter(sha256=job.sha256, province=job.province, status=ImportJob.Status.DONE).first()
    if done is not None:
        raise AlreadyImported(done)
    before = audit.snapshot(job, STATE_FIELDS)
    job.status = ImportJob.Status.IMPORTING
    job.phase = ImportJob.Phase.READING
    job.progress_done = job.progress_total = 0
    job.attempt += 1
    job.imported_by = by
    job.heartbeat_at = timezone.now()
    job.save(update_fields=[*STATE_FIELDS, "imported_by", "heartbeat_at"])
    audit.record(
        actor=by,
        action="import_start",
        obj=job,
        before=before,
        after=audit.snapshot(job, STATE_FIELDS),
        note=_("Bắt đầu nhập dữ liệu lịch sử."),
    )
    _enqueue_import(job)
    return job


def import_job(*, job_id: int, attempt: int) -> ImportJob:
    """The background import: read and check the file again (the data may have changed since the dry run),
    then apply the plan, all or nothing, as the user who pressed "Nhập". Does nothing unless the job is
    importing under this run's attempt.

    Side effects: the job's progress (reading, checking, writing); if the check now finds problems, status
    "checked" with them and nothing imported ("check"); otherwise, in one transaction, the engine's records
    (audited by the engine as an import by that user), status "done" with the summary and an audit entry
    "import". A run superseded meanwhile rolls its import back. On an unexpected error status "failed", raised
    again; nothing is imported."""
    job = ImportJob.objects.select_related("uploaded_by", "imported_by").get(pk=job_id)
    if job.status != ImportJob.Status.IMPORTING or job.attempt != attempt:
        return job
    by = job.imported_by
    try:
        plan, problems = _check(job)
        if problems:
            _finish(
                job,
                attempt,
                actor=by,
                action="check",
                note=_check_note(problems),
                status=ImportJob.Status.CHECKED,
                problems=problems,
                phase="",
                checked_at=timezone.now(),
                heartbeat_at=timezone.now(),
            )
            return job
        _write(job, attempt, plan, by=by)
    except Superseded:
        logger.info("history import %s: run %s superseded, its work rolled back", job.code, attempt)
    except Exception as error:
        _fail(job, attempt, error, actor=by)
        raise
    job.refresh_from_db()
    return job


def _write(job: ImportJob, attempt: int, plan, *, by) -> None:
    progress = Progress(job, ImportJob.Phase.WRITING, own_connection=connection.vendor == "postgresql")
    try:
        with transaction.atomic():
            summary = apply_plan(plan, by=by, progress=progress)
            # The job is marked done in the import's own transaction: both commit, or neither.
            if not _finish(
                job,
                attempt,
                actor=by,
                action="import",
                note=_("Đã nhập dữ liệu lịch sử."),
                status=ImportJob.Status.DONE,
                summary=_summary_dict(summary),
                phase="",
                finished_at=timezone.now(),
                heartbeat_at=timezone.now(),
            ):
                raise Superseded
    finally:
        progress.close()


@transaction.atomic
def resume_job(*, job: ImportJob, by) -> ImportJob:
    """Run a stalled job (see `is_stalled`) again: its check, or its import, from the start (the import is
    all or nothing, so a killed one wrote nothing). Refused (ValidationError) while its run is still alive
    or when it is not running at all. PermissionDenied unless `by` may import and see the job.

    Side effects: a new attempt (the old run, should it wake up, writes nothing), progress cleared, an audit
    entry "resume", and the task, enqueued once the transaction commits."""
    if not can_import(by) or not ImportJob.objects.visible_to(by).filter(pk=job.pk).exists():
        raise PermissionDenied
    # Under the row's lock a second resume waits, then finds the job no longer stalled.
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if not is_stalled(job):
        if job.status in RUNNING:
            raise ValidationError(
                _(
                    "Việc này vẫn đang chạy (báo tiến độ lần cuối lúc %(when)s): chỉ chạy lại được khi nó im lặng "
                    "quá %(minutes)s phút."
                ),
                code="not_stalled",
                params={
                    "when": formats.date_format(timezone.localtime(job.heartbeat_at or job.created_at), "H:i:s"),
                    "minutes": int(stale_after().total_seconds() // 60),
                },
            )
        raise ValidationError(_("Việc này không bị ngừng giữa chừng: không có gì để chạy lại."), code="not_stalled")
    before = audit.snapshot(job, STATE_FIELDS)
    importing = job.status == ImportJob.Status.IMPORTING
    job.status = ImportJob.Status.IMPORTING if importing else ImportJob.Status.UPLOADED
    job.phase = ImportJob.Phase.READING if importing else ""
    job.progress_done = job.progress_total = 0
    job.attempt += 1
    job.heartbeat_at = timezone.now()
    job.save(update_fields=[*STATE_FIELDS, "heartbeat_at"])
    audit.record(
        actor=by,
        action="resume",
        obj=job,
        before=before,
        after=audit.snapshot(job, STATE_FIELDS),
        note=_("Việc đã ngừng giữa chừng; cho chạy lại từ đầu."),
    )
    if importing:
        _enqueue_import(job)
    else:
        _enqueue_check(job)
    return job
