"""Celery tasks: thin and idempotent; each calls the scanning service."""

from celery import shared_task

from evidence import screening
from evidence.models import EvidenceFile, ScanStatus


@shared_task(bind=True, name=screening.SCAN_TASK, max_retries=5)
def scan_file(self, file_id: int) -> str | None:
    """Scan one pending file; a scanner outage is retried with backoff before the file is marked `error`."""
    final_attempt = self.request.retries >= self.max_retries
    evidence_file = screening.scan_file(file_id, final_attempt=final_attempt)
    if evidence_file is None and not final_attempt and _still_unclaimed_pending(file_id):
        raise self.retry(countdown=30 * 2 ** self.request.retries)
    return evidence_file.scan_status if evidence_file is not None else None


@shared_task(name="evidence.requeue_stale_scans")
def requeue_stale_scans() -> int:
    """Periodic: re-enqueue scans whose task was lost while the broker or a worker was down."""
    return len(screening.requeue_stale_scans())


def _still_unclaimed_pending(file_id: int) -> bool:
    return EvidenceFile.objects.filter(
        pk=file_id, scan_status=ScanStatus.PENDING, scan_claimed_at__isnull=True
    ).exists()
