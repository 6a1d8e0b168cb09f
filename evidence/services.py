"""Writes on evidence files: intake, sealing, sharing, and recording who opened what.

Every upload, from the portal, the officer pages or the API, goes through `intake_file`: the name,
category, scope and content are checked before a byte is stored; the bytes are stored by hash; the
row, its first custody event and the audit event are written in one transaction; the malware scan is
enqueued once that transaction commits.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.audit import record_event, snapshot
from cases.errors import ActionNotPermitted, InvalidTransition
from cases.middleware import current_request_id
from cases.models import (
    AdmissibilitySubmission,
    AnnualReport,
    RequestForInformation,
    Role,
    Seizure,
    SeizurePetition,
    SeizurePetitionStatus,
    SubmissionStatus,
)
from cases.services.notifications import importer_users, notify
from cases.services.support import lock, require_text, today
from evidence import blobs, queries, typecheck
from evidence.custody import record_custody
from evidence.filenames import clean_original_filename
from evidence.models import (
    AGENCY_CATEGORIES,
    STAFF_ONLY_CATEGORIES,
    Category,
    CustodyAction,
    EvidenceFile,
    ScanStatus,
)
from evidence.screening import enqueue_scan

FILE_FIELDS = ["category", "original_filename", "storage_key", "size", "sha256", "content_type", "scan_status",
               "replaces", "sealed", "visible_to_importer"]
# Files an importer may add to, and while which states (the importer's turn on the package or request).
IMPORTER_SUBMISSION_STATES = (SubmissionStatus.DRAFT, SubmissionStatus.MORE_INFORMATION_REQUESTED)
STAFF_ROLES = (Role.OFFICER, Role.SUPERVISOR)


def intake_file(*, actor, target, uploaded_file, category: str, replaces: EvidenceFile | None = None) -> EvidenceFile:
    """Accept one uploaded file for a case object, or refuse it with nothing stored.

    Refusals: ValidationError (name, category, content; field -> message), ActionNotPermitted (role or
    scope), InvalidTransition (the case object no longer takes files, e.g. the package was filed).
    """
    original_name = clean_original_filename(getattr(uploaded_file, "original_name", None) or uploaded_file.name)
    _check_category(actor, category)
    _check_may_add(actor, target)
    if replaces is not None:
        _check_replacement(actor, target, replaces)
    detected = typecheck.detect(uploaded_file, original_name)
    sha256 = getattr(uploaded_file, "sha256", None)
    size = uploaded_file.size
    if sha256 is None:
        sha256, size = blobs.hash_upload(uploaded_file)
    if not size:
        raise ValidationError({"file": "The file is empty. Choose the file again; if it is empty on your computer "
                                       "too, it was not saved."})
    known_infected = EvidenceFile.objects.filter(sha256=sha256, scan_status=ScanStatus.INFECTED).first()
    if known_infected is not None:
        raise ValidationError({"file": (
            f"This file is identical to one already found to contain malware ({known_infected.scan_detail}) "
            "It was not accepted. Upload a clean copy of the document from the original source."
        )})
    key, wrote_bytes = blobs.store(sha256, uploaded_file)
    try:
        return _record_intake(actor=actor, target=target, category=category, replaces=replaces,
                              original_name=original_name, key=key, size=size, sha256=sha256,
                              content_type=detected.content_type)
    except Exception:
        if wrote_bytes:
            blobs.delete_if_unreferenced(key, EvidenceFile.objects.filter(storage_key=key).exists())
        raise


@transaction.atomic
def _record_intake(*, actor, target, category, replaces, original_name, key, size, sha256, content_type):
    target = lock(target)
    # Again under the lock: the package may have been filed, or the request answered, meanwhile.
    _check_may_add(actor, target)
    if replaces is not None:
        replaces = lock(replaces)
        _check_replacement(actor, target, replaces)
    field = queries.TARGETS[queries.target_type_of(target)][1]
    evidence_file = EvidenceFile.objects.create(
        **{field: target}, category=category, original_filename=original_name, storage_key=key, size=size,
        sha256=sha256, content_type=content_type, uploaded_by=actor, replaces=replaces,
    )
    detail = f"{original_name}: {size:,} bytes, SHA-256 {sha256}, detected as {content_type}."
    if replaces is not None:
        detail += f" Corrects file #{replaces.pk} ({replaces.original_filename})."
    record_custody(evidence_file=evidence_file, action=CustodyAction.UPLOADED, actor=actor, detail=detail)
    record_event(actor=actor, action="upload_evidence", obj=evidence_file,
                 after=snapshot(evidence_file, FILE_FIELDS + [field]), detention=evidence_file.case_detention)
    transaction.on_commit(lambda: enqueue_scan(evidence_file.pk))
    return evidence_file


def may_add(actor, target) -> bool:
    """Whether `actor` may add a file to `target` now (for showing the upload link)."""
    try:
        _check_may_add(actor, target)
    except (ActionNotPermitted, InvalidTransition):
        return False
    return True


def _check_category(actor, category: str) -> None:
    if category not in Category.values:
        raise ValidationError({"category": "Choose what kind of document this is."})
    if getattr(actor, "role", None) == Role.IMPORTER and category in AGENCY_CATEGORIES:
        raise ValidationError({"category": "This kind of document is filed by the agency. Choose the kind that "
                                           "describes your document."})


def _check_may_add(actor, target) -> None:
    """Who may add a file where: agency officers and supervisors to any case object they can see;
    importers only to their own package while it is theirs to edit, to an open request for information, to
    their petition after a seizure until a decision on it is proposed, or to their claim until it is referred."""
    if isinstance(target, AnnualReport):
        raise ActionNotPermitted("The annual report's files are generated with the report; nothing can be added.")
    if not queries.visible_targets(actor, queries.target_type_of(target)).filter(pk=target.pk).exists():
        raise ActionNotPermitted("This record does not exist or is not yours to add files to.")
    role = getattr(actor, "role", None)
    if role in STAFF_ROLES:
        return
    if role != Role.IMPORTER:
        raise ActionNotPermitted("Only officers, supervisors and importers' users add evidence files.")
    if isinstance(target, AdmissibilitySubmission):
        if target.status not in IMPORTER_SUBMISSION_STATES:
            raise InvalidTransition(
                action="add_file", current_state=target.status, object_label="submission",
                reason="files can be added while the package is a draft or more information is requested",
            )
        return
    if isinstance(target, RequestForInformation):
        if target.status != "open" or today(target.detention.port_code) > target.due_date:
            raise InvalidTransition(
                action="add_file", current_state=target.status, object_label="request for information",
                reason=f"answers with files were due by {target.due_date:%d %B %Y}"
                if target.status == "open" else "it is no longer open",
            )
        return
    if isinstance(target, SeizurePetition):
        # The documents support the petition (19 CFR 171.1(c)) until a decision on it is proposed.
        if target.status != SeizurePetitionStatus.FILED or target.proposed_outcome:
            raise InvalidTransition(
                action="add_file", current_state=target.status, object_label="seizure petition",
                reason="documents can be added to a petition until a decision on it is proposed",
            )
        return
    if isinstance(target, Seizure):
        # The papers of a claim and cost bond (19 U.S.C. 1608), while the claim waits for its referral: once
        # referred to the U.S. Attorney (1610) or decided, they go to the court, not to this record.
        if target.status != "claim_filed":
            reason = ("documents can be added to a claim only while it is filed and not yet referred to the U.S. "
                      "Attorney" if target.claim_filed_on else "no claim and cost bond was filed on this seizure")
            raise InvalidTransition(action="add_file", current_state=target.status, object_label="seizure claim",
                                    reason=reason)
        return
    raise ActionNotPermitted("Importers add files to their admissibility submission, to their answer to a "
                             "request for information or to their petition or claim after a seizure.")


def _check_replacement(actor, target, replaces: EvidenceFile) -> None:
    field = queries.TARGETS[queries.target_type_of(target)][1]
    if not queries.visible_evidence_files(actor).filter(pk=replaces.pk).exists():
        raise ActionNotPermitted("The file to correct does not exist or is not yours.")
    if getattr(replaces, f"{field}_id") != target.pk:
        raise ValidationError({"replaces": "A correction belongs to the same record as the file it corrects."})
    if actor.role == Role.IMPORTER and replaces.uploaded_by.organisation_id != actor.organisation_id:
        raise ActionNotPermitted("Only your organisation's own files can be corrected by your organisation.")
    if actor.role != Role.IMPORTER and replaces.uploaded_by.role == Role.IMPORTER:
        raise ActionNotPermitted("The importer's files are corrected by the importer; upload the agency's file "
                                 "as a new file instead.")
    if EvidenceFile.objects.filter(replaces=replaces).exists():
        raise ValidationError({"replaces": "This file was already corrected; correct its latest version instead."})


@transaction.atomic
def seal_file(*, actor, evidence_file: EvidenceFile, reason: str) -> EvidenceFile:
    """Restrict a file to supervisors (e.g. an informant's statement); the importer never sees it."""
    if getattr(actor, "role", None) != Role.SUPERVISOR:
        raise ActionNotPermitted("Only a supervisor may seal a file.")
    evidence_file = lock(evidence_file)
    reason = require_text(reason, "reason", "Say why the file is sealed.")
    if evidence_file.sealed:
        raise InvalidTransition(action="seal", current_state="sealed", object_label="file")
    before = snapshot(evidence_file, ["sealed", "sealed_by", "visible_to_importer"])
    evidence_file.sealed = True
    evidence_file.sealed_by = actor
    evidence_file.sealed_at = timezone.now()
    evidence_file.save(update_fields=["sealed", "sealed_by", "sealed_at"])
    record_custody(evidence_file=evidence_file, action=CustodyAction.SEALED, actor=actor, detail=reason)
    record_event(actor=actor, action="seal_evidence", obj=evidence_file, before=before, reason=reason,
                 after=snapshot(evidence_file, ["sealed", "sealed_by", "visible_to_importer"]),
                 detention=evidence_file.case_detention)
    return evidence_file


@transaction.atomic
def unseal_file(*, actor, evidence_file: EvidenceFile, reason: str) -> EvidenceFile:
    if getattr(actor, "role", None) != Role.SUPERVISOR:
        raise ActionNotPermitted("Only a supervisor may unseal a file.")
    evidence_file = lock(evidence_file)
    reason = require_text(reason, "reason", "Say why the file is unsealed.")
    if not evidence_file.sealed:
        raise InvalidTransition(action="unseal", current_state="not sealed", object_label="file")
    before = snapshot(evidence_file, ["sealed", "sealed_by"])
    evidence_file.sealed = False
    evidence_file.sealed_by = None
    evidence_file.sealed_at = None
    evidence_file.save(update_fields=["sealed", "sealed_by", "sealed_at"])
    record_custody(evidence_file=evidence_file, action=CustodyAction.UNSEALED, actor=actor, detail=reason)
    record_event(actor=actor, action="unseal_evidence", obj=evidence_file, before=before, reason=reason,
                 after=snapshot(evidence_file, ["sealed", "sealed_by"]), detention=evidence_file.case_detention)
    return evidence_file


@transaction.atomic
def share_with_importer(*, actor, evidence_file: EvidenceFile) -> EvidenceFile:
    """Show an agency file (a notice, a translation) to the importer of the case it belongs to."""
    if getattr(actor, "role", None) not in STAFF_ROLES:
        raise ActionNotPermitted("Only officers and supervisors share agency files with the importer.")
    evidence_file = lock(evidence_file)
    detention = evidence_file.case_detention
    refusal = None
    if detention is None:
        refusal = "files of investigations and orders are agency records"
    elif evidence_file.category in STAFF_ONLY_CATEGORIES:
        refusal = "investigation evidence stays within the agency"
    elif evidence_file.sealed:
        refusal = "a sealed file is never shown to the importer"
    elif evidence_file.scan_status != ScanStatus.CLEAN:
        refusal = "only a file that passed the malware scan can be shared"
    elif evidence_file.visible_to_importer or evidence_file.uploaded_by.role == Role.IMPORTER:
        refusal = "the importer already sees it"
    if refusal:
        state = "sealed" if evidence_file.sealed else evidence_file.scan_status
        raise InvalidTransition(action="share_with_importer", current_state=state, object_label="file",
                                reason=refusal)
    before = snapshot(evidence_file, ["visible_to_importer"])
    evidence_file.visible_to_importer = True
    evidence_file.save(update_fields=["visible_to_importer"])
    record_custody(evidence_file=evidence_file, action=CustodyAction.SHARED_WITH_IMPORTER, actor=actor,
                   detail=f"Shared with {detention.shipment.importer.name}.")
    record_event(actor=actor, action="share_evidence", obj=evidence_file, before=before,
                 after=snapshot(evidence_file, ["visible_to_importer"]), detention=detention)
    notify(
        recipients=importer_users(detention), kind="evidence_shared",
        subject=f"New document for entry {detention.shipment.entry_number}: {evidence_file.original_filename}",
        body=f"The agency shared “{evidence_file.original_filename}” ({evidence_file.get_category_display()}) "
             "with your organisation. Open the case to read it.",
        key=f"evidence-{evidence_file.pk}-shared", detention=detention,
    )
    return evidence_file


@transaction.atomic
def rescan_file(*, actor, evidence_file: EvidenceFile) -> EvidenceFile:
    """Scan again a file whose scan failed (scanner down, size limit): it stays unserved until clean."""
    if getattr(actor, "role", None) not in STAFF_ROLES:
        raise ActionNotPermitted("Only officers and supervisors ask for a file to be scanned again.")
    evidence_file = lock(evidence_file)
    if evidence_file.scan_status != ScanStatus.ERROR:
        raise InvalidTransition(action="rescan", current_state=evidence_file.scan_status, object_label="file",
                                reason="only a file whose scan failed is scanned again")
    before = snapshot(evidence_file, ["scan_status", "scan_detail"])
    evidence_file.scan_status = ScanStatus.PENDING
    evidence_file.scan_claimed_at = None
    evidence_file.save(update_fields=["scan_status", "scan_claimed_at"])
    record_event(actor=actor, action="rescan_evidence", obj=evidence_file, before=before,
                 after=snapshot(evidence_file, ["scan_status"]), detention=evidence_file.case_detention)
    transaction.on_commit(lambda: enqueue_scan(evidence_file.pk))
    return evidence_file


@transaction.atomic
def record_access(*, actor, evidence_file: EvidenceFile, inline: bool) -> None:
    """Log that someone received the bytes (viewed in the browser or downloaded): custody and audit trail."""
    if not evidence_file.is_servable or not queries.may_open(actor, evidence_file):
        raise ActionNotPermitted("This file cannot be opened.")
    record_event(actor=actor, action="view_evidence" if inline else "download_evidence", obj=evidence_file,
                 after={"sha256": evidence_file.sha256, "filename": evidence_file.original_filename})
    record_custody(evidence_file=evidence_file, action=CustodyAction.VIEWED if inline else CustodyAction.DOWNLOADED,
                   actor=actor, detail=f"Request {current_request_id.get()}" if current_request_id.get() else "")
