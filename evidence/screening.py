"""Scanning stored files for malware: enqueue after commit, claim once, record the verdict.

A file is `pending` from intake until a worker records `clean`, `infected` or `error`; only `clean`
files are served or count toward a package. The claim is a compare-and-swap on the pending row, so
two workers (a retried task, the stale-scan sweep) never record two verdicts. An infected file is
quarantined together with every other record of the same bytes, and each uploader is told which
file it was and what to do.
"""

import datetime
import logging

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cases.actors import SYSTEM
from cases.audit import record_event, snapshot
from cases.services.notifications import notify
from evidence import blobs
from evidence.custody import record_custody
from evidence.models import CustodyAction, EvidenceFile, ScanStatus
from evidence.scanning import ScanResult, scanner

logger = logging.getLogger(__name__)

SCAN_TASK = "evidence.scan_file"
# A worker that died mid-scan leaves its claim; after this long another may take the file over.
SCAN_LEASE = datetime.timedelta(minutes=15)


def enqueue_scan(file_id: int) -> None:
    """Hand the file to a worker; with the broker down it stays pending for `requeue_stale_scans`."""
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        scan_file(file_id)
        return
    try:
        current_app.send_task(SCAN_TASK, args=[file_id])
    except Exception:
        logger.warning("Broker unavailable; evidence file %s left pending for the stale-scan sweep", file_id)


def requeue_stale_scans(*, older_than: datetime.timedelta = SCAN_LEASE) -> list[int]:
    """Re-enqueue files still pending after `older_than` (their task was lost); reads the partial index."""
    cutoff = timezone.now() - older_than
    ids = list(
        EvidenceFile.objects.filter(scan_status=ScanStatus.PENDING, uploaded_at__lt=cutoff)
        .filter(Q(scan_claimed_at__isnull=True) | Q(scan_claimed_at__lt=cutoff))
        .values_list("pk", flat=True)[:500]
    )
    for file_id in ids:
        enqueue_scan(file_id)
    return ids


def scan_file(file_id: int, *, final_attempt: bool = True) -> EvidenceFile | None:
    """Scan one pending file and record the verdict; None if it was not pending or another worker holds it.

    With `final_attempt=False` a scanner failure releases the claim instead of recording `error`, so
    the task can retry later.
    """
    claimed_at = timezone.now()
    claimed = (
        EvidenceFile.objects.filter(pk=file_id, scan_status=ScanStatus.PENDING)
        .filter(Q(scan_claimed_at__isnull=True) | Q(scan_claimed_at__lt=claimed_at - SCAN_LEASE))
        .update(scan_claimed_at=claimed_at)
    )
    if claimed != 1:
        return None
    evidence_file = EvidenceFile.objects.get(pk=file_id)
    result = _scan_stored_bytes(evidence_file)
    if result.verdict == ScanStatus.ERROR and not final_attempt:
        EvidenceFile.objects.filter(pk=file_id, scan_status=ScanStatus.PENDING, scan_claimed_at=claimed_at).update(
            scan_claimed_at=None
        )
        return None
    return _record_verdict(file_id, claimed_at, result)


def _scan_stored_bytes(evidence_file: EvidenceFile) -> ScanResult:
    try:
        with blobs.open_blob(evidence_file.storage_key) as stream:
            return scanner().scan(stream)
    except FileNotFoundError:
        return ScanResult(ScanStatus.ERROR, "The stored bytes are missing, so the file could not be scanned.")


@transaction.atomic
def _record_verdict(file_id: int, claimed_at, result: ScanResult) -> EvidenceFile | None:
    evidence_file = EvidenceFile.objects.select_for_update().get(pk=file_id)
    if evidence_file.scan_status != ScanStatus.PENDING or evidence_file.scan_claimed_at != claimed_at:
        return None  # the claim lapsed and another worker took the file over
    before = snapshot(evidence_file, ["scan_status", "scan_detail"])
    evidence_file.scan_status = result.verdict
    evidence_file.scan_detail = result.detail
    evidence_file.scanned_at = timezone.now()
    evidence_file.scan_claimed_at = None
    evidence_file.save(update_fields=["scan_status", "scan_detail", "scanned_at", "scan_claimed_at"])
    record_custody(evidence_file=evidence_file, action=CustodyAction.SCANNED, actor=SYSTEM,
                   detail=result.detail)
    record_event(actor=SYSTEM, action="scan_evidence", obj=evidence_file, before=before,
                 after=snapshot(evidence_file, ["scan_status", "scan_detail"]), detention=evidence_file.case_detention)
    if result.verdict == ScanStatus.INFECTED:
        quarantine(evidence_file, result.detail)
    elif result.verdict == ScanStatus.ERROR:
        logger.error("Evidence file %s could not be scanned: %s", file_id, result.detail)
    return evidence_file


def quarantine(evidence_file: EvidenceFile, detail: str) -> None:
    """Move the bytes out of the served tree and mark every record of them infected (same bytes, same verdict)."""
    records = list(EvidenceFile.objects.select_for_update().filter(sha256=evidence_file.sha256).order_by("pk"))
    key = blobs.move_to_quarantine(evidence_file.sha256)
    for record in records:
        if record.pk != evidence_file.pk and record.scan_status != ScanStatus.INFECTED:
            before = snapshot(record, ["scan_status"])
            record.scan_status = ScanStatus.INFECTED
            record.scan_detail = f"{detail} (found in an identical upload, file #{evidence_file.pk})"
            record.scanned_at = timezone.now()
            record.save(update_fields=["scan_status", "scan_detail", "scanned_at"])
            record_event(actor=SYSTEM, action="scan_evidence", obj=record, before=before,
                         after=snapshot(record, ["scan_status"]), detention=record.case_detention)
        record.storage_key = key
        record.save(update_fields=["storage_key"])
        record_custody(evidence_file=record, action=CustodyAction.QUARANTINED, actor=SYSTEM,
                       detail=f"{detail} The bytes were moved to quarantine and are never served.")
        _tell_uploader(record, detail)


def _tell_uploader(record: EvidenceFile, detail: str) -> None:
    uploaded = timezone.localtime(record.uploaded_at)
    notify(
        recipients=[record.uploaded_by], kind="evidence_quarantined",
        subject=f"Malware found in “{record.original_filename}”: the file was quarantined",
        body=(
            f"The file “{record.original_filename}” ({record.get_category_display()}) that you uploaded on "
            f"{uploaded:%d %B %Y at %H:%M %Z} was checked for malware. {detail}\n\n"
            "It has been quarantined: nobody can open it and it does not count as part of any package. "
            "Scan your computer with up-to-date antivirus software, then upload a clean copy of the document "
            "from the original source."
        ),
        key=f"evidence-{record.pk}-quarantined", detention=record.case_detention,
    )
