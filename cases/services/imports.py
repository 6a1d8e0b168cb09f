"""Entry files uploaded in the browser: stored, counted, then imported by a Celery task with progress.

`start_import` keeps the streamed upload on disk and queues `run_import` after commit; the task claims
the job (a second delivery finds it taken), feeds the file through the intake service in batches,
writes the counters after each batch (the page's progress bar polls them) and each refused row as an
ImportJobError (the downloadable error report). Memory stays flat whatever the file size.

Nothing is lost when a worker dies or Redis drops the task: `recover_imports` (Celery beat, every few
minutes) queues again a job whose task never started, hands a job whose worker stopped writing its
heartbeat back to the queue (the intake is idempotent on entry and line, so a second run stores nothing
twice), gives up after ENTRY_IMPORT_MAX_ATTEMPTS starts, and deletes uploaded files once their import has
ended.
"""

import datetime
import logging
import os
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from cases.actors import SYSTEM
from cases.audit import record_event
from cases.models import ImportJob, ImportJobError, ImportStatus, Role
from cases.services import intake
from cases.services.shipments import require_staff

logger = logging.getLogger(__name__)

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
ERROR_FLUSH = 500
COUNTERS = ["rows_done", "error_count", "entries_created", "entries_extended", "entries_unchanged",
            "entries_refused", "lines_created", "lines_unchanged"]


def format_of(filename: str) -> str:
    fmt = FORMATS.get(Path(filename or "").suffix.lower())
    if fmt is None:
        raise ValidationError({"file": "Upload a .csv file (one row per entry line) or a .jsonl file "
                                       "(JSON Lines, one entry per line)."})
    return fmt


def import_dir() -> Path:
    path = Path(settings.ENTRY_IMPORT_ROOT)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


@transaction.atomic
def start_import(*, actor, uploaded_file, original_name: str) -> ImportJob:
    """Keep an uploaded entries file and queue its import; nothing is imported inside the request."""
    require_staff(actor, "import entries")
    fmt = format_of(original_name)
    if not uploaded_file.size:
        raise ValidationError({"file": "The file is empty."})
    destination = import_dir() / f"{uuid.uuid4().hex}{Path(original_name).suffix.lower()}"
    source = getattr(uploaded_file, "temporary_file_path", None)
    if source:
        try:
            os.replace(source(), destination)  # the streamed upload is on the same disk: a rename, not a copy
        except OSError:
            shutil.copyfile(source(), destination)
    else:
        with open(destination, "wb") as out:
            for chunk in uploaded_file.chunks():
                out.write(chunk)
    with open(destination, "rb") as binary:
        rows_total = intake.count_rows(binary, fmt=fmt)
    job = ImportJob.objects.create(
        created_by=actor, original_filename=os.path.basename(original_name)[:255], file_format=fmt,
        stored_path=str(destination), size_bytes=uploaded_file.size, rows_total=rows_total,
        queued_at=timezone.now(),
    )
    record_event(actor=actor, action="upload_entries_file", obj=job,
                 after={"file": job.original_filename, "format": fmt, "bytes": job.size_bytes, "rows": rows_total})
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from cases.tasks import import_entries_file  # noqa: PLC0415 - cases.tasks imports the services

    import_entries_file.delay(job_id)


def run_import(job_id: int) -> str:
    """Import a queued job's file; returns its final status ("skipped" if another run holds it)."""
    now = timezone.now()
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return "skipped"
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    pending: list[ImportJobError] = []

    def save_errors():
        ImportJobError.objects.bulk_create(pending)
        pending.clear()

    def on_error(error: intake.RowError):
        pending.append(ImportJobError(job=job, row=error.row, entry_number=error.entry_number[:40],
                                      line_number=error.line_number[:20], message=error.message))
        if len(pending) >= ERROR_FLUSH:
            save_errors()

    def progress(result: intake.IntakeResult):
        save_errors()
        values = result.as_dict()
        values["error_count"] = values.pop("errors")
        ImportJob.objects.filter(pk=job_id).update(heartbeat_at=timezone.now(),
                                                   **{name: values[name] for name in COUNTERS})

    try:
        result = intake.import_entries(
            actor=job.created_by, entries=intake.open_upload(job.stored_path, job.file_format),
            source=f"file {job.original_filename}", progress=progress, on_error=on_error,
        )
    except intake.FileRefused as refusal:
        save_errors()
        ImportJob.objects.filter(pk=job_id).update(status=ImportStatus.FAILED, failure=refusal.message,
                                                   finished_at=timezone.now())
        remove_upload(job)
        return ImportStatus.FAILED
    progress(result)
    ImportJob.objects.filter(pk=job_id).update(status=ImportStatus.DONE, finished_at=timezone.now(),
                                               rows_total=max(job.rows_total, result.rows_done))
    remove_upload(job)
    return ImportStatus.DONE


def remove_upload(job: ImportJob) -> None:
    """Delete an ended import's uploaded file: its entries are stored and its refused rows kept as rows."""
    try:
        os.remove(job.stored_path)
    except FileNotFoundError:
        pass
    except OSError as exc:
        logger.warning("Import %s: could not delete %s: %s", job.pk, job.stored_path, exc)
        return
    ImportJob.objects.filter(pk=job.pk, file_removed_at__isnull=True).update(file_removed_at=timezone.now())


def recover_imports(*, now: datetime.datetime | None = None) -> dict:
    """Queue again what was lost, hand stalled jobs back to the queue, delete ended jobs' files.

    Returns the counts by outcome. Safe to run in two processes at once: every change is a conditional
    update, and a job queued twice is claimed once.
    """
    now = now or timezone.now()
    stall = now - datetime.timedelta(minutes=settings.ENTRY_IMPORT_STALL_MINUTES)
    report = {"requeued": 0, "restarted": 0, "failed": 0, "files_removed": 0}
    # A task lost before any worker took it (Redis down at upload, a purged queue): queue it again.
    lost = ImportJob.objects.filter(status=ImportStatus.QUEUED).filter(
        Q(queued_at__lt=stall) | Q(queued_at__isnull=True, created_at__lt=stall))
    for job_id in lost.values_list("pk", flat=True):
        if ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(queued_at=now):
            transaction.on_commit(lambda job_id=job_id: _enqueue(job_id))
            report["requeued"] += 1
    # A worker that stopped (killed, out of memory, the machine restarted) no longer beats.
    stalled = ImportJob.objects.filter(status=ImportStatus.RUNNING, heartbeat_at__lt=stall)
    for job in stalled.only("pk", "heartbeat_at", "attempts", "stored_path", "original_filename"):
        if job.attempts >= settings.ENTRY_IMPORT_MAX_ATTEMPTS:
            report["failed"] += _give_up(job, now)
        else:
            report["restarted"] += _restart(job, now)
    for job in ImportJob.objects.filter(status__in=[ImportStatus.DONE, ImportStatus.FAILED],
                                        file_removed_at__isnull=True).only("pk", "stored_path"):
        remove_upload(job)
        report["files_removed"] += 1
    report["files_removed"] += _remove_orphans(now)
    return report


@transaction.atomic
def _restart(job: ImportJob, now) -> int:
    # The same heartbeat as read: a worker that beat in between keeps its job.
    if not ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING, heartbeat_at=job.heartbeat_at).update(
            status=ImportStatus.QUEUED, queued_at=now, rows_done=0, error_count=0):
        return 0
    # Refused rows are written again by the next run.
    ImportJobError.objects.filter(job_id=job.pk).delete()
    record_event(actor=SYSTEM, action="restart_stalled_import", obj=job,
                 before={"status": ImportStatus.RUNNING, "heartbeat_at": job.heartbeat_at.isoformat()},
                 after={"status": ImportStatus.QUEUED, "attempts": job.attempts},
                 reason=f"No progress since {job.heartbeat_at:%Y-%m-%d %H:%M} UTC; the worker stopped.")
    transaction.on_commit(lambda: _enqueue(job.pk))
    return 1


@transaction.atomic
def _give_up(job: ImportJob, now) -> int:
    failure = (f"The import stopped {job.attempts} times without finishing (its worker stopped each time); "
               "the entries stored before it stopped are kept. Upload the file again to import the rest.")
    if not ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING, heartbeat_at=job.heartbeat_at).update(
            status=ImportStatus.FAILED, failure=failure, finished_at=now):
        return 0
    record_event(actor=SYSTEM, action="fail_stalled_import", obj=job,
                 before={"status": ImportStatus.RUNNING}, after={"status": ImportStatus.FAILED,
                                                                 "attempts": job.attempts}, reason=failure)
    transaction.on_commit(lambda: remove_upload(job))
    return 1


def _remove_orphans(now) -> int:
    """Files in the import folder no job waits for (an upload whose transaction rolled back), after a day."""
    folder = Path(settings.ENTRY_IMPORT_ROOT)
    if not folder.is_dir():
        return 0
    cutoff = (now - datetime.timedelta(days=1)).timestamp()
    old = {str(p): p for p in folder.iterdir() if p.is_file() and p.stat().st_mtime < cutoff}
    if not old:
        return 0
    waiting = set(ImportJob.objects.filter(status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING],
                                           stored_path__in=list(old)).values_list("stored_path", flat=True))
    removed = 0
    for name, path in old.items():
        if name not in waiting:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def visible_jobs(actor):
    """Officers see the imports they started; supervisors see every import; nobody else any."""
    role = getattr(actor, "role", None)
    if role == Role.SUPERVISOR:
        return ImportJob.objects.all()
    if role == Role.OFFICER:
        return ImportJob.objects.filter(created_by=actor)
    return ImportJob.objects.none()
