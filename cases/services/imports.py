"""Entry files uploaded in the browser: stored, counted, then imported by a Celery task with progress.

`start_import` keeps the streamed upload on disk and queues `run_import` after commit; the task claims
the job (a second delivery finds it taken), feeds the file through the intake service in batches,
writes the counters after each batch (the page's progress bar polls them) and each refused row as an
ImportJobError (the downloadable error report). Memory stays flat whatever the file size.
"""

import os
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.audit import record_event
from cases.models import ImportJob, ImportJobError, ImportStatus, Role
from cases.services import intake
from cases.services.shipments import require_staff

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
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now())
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
        ImportJob.objects.filter(pk=job_id).update(**{name: values[name] for name in COUNTERS})

    try:
        result = intake.import_entries(
            actor=job.created_by, entries=intake.open_upload(job.stored_path, job.file_format),
            source=f"file {job.original_filename}", progress=progress, on_error=on_error,
        )
    except intake.FileRefused as refusal:
        save_errors()
        ImportJob.objects.filter(pk=job_id).update(status=ImportStatus.FAILED, failure=refusal.message,
                                                   finished_at=timezone.now())
        return ImportStatus.FAILED
    progress(result)
    ImportJob.objects.filter(pk=job_id).update(status=ImportStatus.DONE, finished_at=timezone.now(),
                                               rows_total=max(job.rows_total, result.rows_done))
    return ImportStatus.DONE


def visible_jobs(actor):
    """Officers see the imports they started; supervisors see every import; nobody else any."""
    role = getattr(actor, "role", None)
    if role == Role.SUPERVISOR:
        return ImportJob.objects.all()
    if role == Role.OFFICER:
        return ImportJob.objects.filter(created_by=actor)
    return ImportJob.objects.none()
