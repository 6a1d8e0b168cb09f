"""Entry files uploaded for import, run by a Celery task, with their progress and refused rows."""

from django.conf import settings
from django.db import models


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ImportJob(models.Model):
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    original_filename = models.CharField(max_length=255)
    file_format = models.CharField(max_length=5, choices=[("csv", "CSV"), ("jsonl", "JSON Lines")])
    stored_path = models.CharField(max_length=500)
    size_bytes = models.BigIntegerField(default=0)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    entries_created = models.PositiveIntegerField(default=0)
    entries_extended = models.PositiveIntegerField(default=0)
    entries_unchanged = models.PositiveIntegerField(default=0)
    entries_refused = models.PositiveIntegerField(default=0)
    lines_created = models.PositiveIntegerField(default=0)
    lines_unchanged = models.PositiveIntegerField(default=0)
    failure = models.TextField(blank=True, help_text="Why the file as a whole could not be read.")
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True, help_text="When the import task was last queued.")
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Written by the running import after each batch; a stale one means "
                                         "its worker stopped.")
    attempts = models.PositiveSmallIntegerField(default=0, help_text="How many times a worker has started it.")
    finished_at = models.DateTimeField(null=True, blank=True)
    file_removed_at = models.DateTimeField(null=True, blank=True,
                                           help_text="When the uploaded file was deleted after the import ended.")

    class Meta:
        ordering = ["-created_at", "-id"]
        # The recovery task reads the unfinished jobs only.
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="importjob_status_heartbeat")]

    def __str__(self) -> str:
        return f"Import of {self.original_filename}"

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)


class ImportJobError(models.Model):
    """One refused row: where it is in the file, which entry and line, and why."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="errors")
    row = models.PositiveIntegerField()
    entry_number = models.CharField(max_length=40, blank=True)
    line_number = models.CharField(max_length=20, blank=True)
    message = models.TextField()

    class Meta:
        ordering = ["job", "row", "id"]
        indexes = [models.Index(fields=["job", "row"])]

    def __str__(self) -> str:
        return f"Row {self.row}: {self.message[:60]}"
