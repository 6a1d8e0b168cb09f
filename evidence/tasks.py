"""Celery tasks: thin and idempotent; each calls a service."""

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from cases.services.notifications import notify, supervisors
from evidence import screening
from evidence.integrity import verify_stored_files
from evidence.models import EvidenceFile, ScanStatus

logger = logging.getLogger(__name__)


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


@shared_task(name="evidence.verify_evidence", time_limit=6 * 3600, soft_time_limit=6 * 3600 - 60)
def verify_evidence() -> int:
    """Weekly (beat): re-hash every stored file; supervisors are told of each one altered or missing."""
    problems = [str(v) for v in verify_stored_files() if not v.ok]
    if problems:
        logger.error("Evidence verification found %s problems:\n%s", len(problems), "\n".join(problems))
        with transaction.atomic():
            notify(
                recipients=supervisors(), kind="evidence_integrity",
                subject=f"Evidence integrity check: {len(problems)} files altered or missing",
                body="The weekly re-verification of stored evidence found:\n\n" + "\n".join(problems)
                + "\n\nRestore these files from backup and record what happened.",
                key=f"evidence-verify-{timezone.now():%Y-%m-%dT%H%M}",
            )
    return len(problems)


def _still_unclaimed_pending(file_id: int) -> bool:
    return EvidenceFile.objects.filter(
        pk=file_id, scan_status=ScanStatus.PENDING, scan_claimed_at__isnull=True
    ).exists()
