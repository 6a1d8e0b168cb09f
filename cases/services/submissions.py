"""The importer's admissibility submission: draft, submit, withdraw; and the start of the agency's review."""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases import clocks
from cases.audit import record_event, snapshot
from cases.checklists import CHECKLISTS, PACKAGES_BY_BASIS, missing_parts
from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import (
    AdmissibilitySubmission,
    Deadline,
    DeadlineState,
    Detention,
    IloIndicator,
    Role,
    SubmissionStatus,
)
from cases.services.closing import FILED_STATUSES
from cases.services.deadlines import close_clocks
from cases.services.detentions import apply_transition
from cases.services.notifications import notify, responsible_officers
from cases.services.support import check_version, lock, today
from cases.workflows import require

SUBMISSION_FIELDS = ["status", "package", "summary", "answers", "ilo_statements", "receipt_number"]


def attached_document_categories(submission: AdmissibilitySubmission) -> set[str]:
    """Categories of the clean files attached to the package (files live in the evidence app)."""
    files = getattr(submission, "evidence_files", None)
    if files is None:
        return set()
    return set(files.filter(scan_status="clean").values_list("category", flat=True))


def submission_missing_parts(submission: AdmissibilitySubmission) -> list[str]:
    return missing_parts(
        submission.package, submission.answers, submission.ilo_statements, attached_document_categories(submission)
    )


def importer_window(detention: Detention) -> Deadline | None:
    """The importer's filing window for this basis: open, or the last one that closed."""
    return (
        Deadline.objects.filter(detention=detention, kind=clocks.importer_window_kind(detention.basis))
        .order_by("-id").first()
    )


def _clean_answers(package: str, answers: dict | None, ilo_statements: dict | None) -> tuple[dict, dict]:
    keys = {item.key for item in CHECKLISTS[package] if not item.document_category}
    unknown = set(answers or {}) - keys
    if unknown:
        raise ValidationError({"answers": f"Unknown checklist items: {', '.join(sorted(unknown))}."})
    unknown_ilo = set(ilo_statements or {}) - set(IloIndicator.values)
    if unknown_ilo:
        raise ValidationError({"ilo_statements": f"Unknown ILO indicators: {', '.join(sorted(unknown_ilo))}."})
    clean = {k: str(v).strip() for k, v in (answers or {}).items()}
    clean_ilo = {k: str(v).strip() for k, v in (ilo_statements or {}).items()}
    return clean, clean_ilo


@transaction.atomic
def save_draft(
    *, actor, detention: Detention, package: str | None = None, summary: str | None = None,
    answers: dict | None = None, ilo_statements: dict | None = None, expected_version: int | None = None,
) -> AdmissibilitySubmission:
    """Create or update the organisation's draft package for a detention (the importer's working copy)."""
    if getattr(actor, "role", None) != Role.IMPORTER:
        raise ActionNotPermitted("Only the importer's users prepare an admissibility submission.")
    detention = lock(detention)
    if detention.shipment.importer_id != actor.organisation_id:
        raise ActionNotPermitted("This record belongs to another organisation.")
    # After a deemed exclusion the importer's windows still run (1499(c)(5)(A)): a package may still be filed.
    deemed_after_notice = detention.status == "deemed_excluded" and detention.notice_issued_on is not None
    open_states = ("notice_issued", "submission_received", "under_review", "awaiting_importer")
    if detention.status not in open_states and not deemed_after_notice:
        raise InvalidTransition(action="save_draft", current_state=detention.status, object_label="detention",
                                reason="a package can be prepared once the notice of detention is issued")
    draft = detention.submissions.select_for_update().filter(status=SubmissionStatus.DRAFT).first()
    allowed_packages = PACKAGES_BY_BASIS[detention.basis]
    if draft is None:
        if detention.submissions.filter(status__in=FILED_STATUSES).exists():
            raise InvalidTransition(action="save_draft", current_state=detention.status, object_label="detention",
                                    reason="a package is already filed; answer the agency's requests instead")
        package = package or allowed_packages[0]
        if package not in allowed_packages:
            raise ValidationError({"package": "This kind of package does not apply to the basis of the detention."})
        try:
            with transaction.atomic():
                draft = AdmissibilitySubmission.objects.create(
                    detention=detention, organisation_id=actor.organisation_id, package=package, created_by=actor
                )
        except IntegrityError:
            # Another tab created the draft a moment ago; edit that one.
            draft = detention.submissions.select_for_update().get(status=SubmissionStatus.DRAFT)
        created = True
    else:
        created = False
        check_version(draft, expected_version, action="save_draft", label="submission")
        if package and package != draft.package:
            if package not in allowed_packages:
                raise ValidationError({"package": "This kind of package does not apply to the basis of the detention."})
            draft.package = package
    require(actor, draft, "save_draft")
    before = snapshot(draft, SUBMISSION_FIELDS)
    clean_answers, clean_ilo = _clean_answers(draft.package, answers, ilo_statements)
    if summary is not None:
        draft.summary = summary.strip()
    if answers is not None:
        draft.answers = {**draft.answers, **clean_answers}
    if ilo_statements is not None:
        draft.ilo_statements = {**draft.ilo_statements, **clean_ilo}
    draft.version += 1
    draft.save()
    record_event(actor=actor, action="create_submission" if created else "save_submission", obj=draft,
                 before=before, after=snapshot(draft, SUBMISSION_FIELDS), detention=detention)
    return draft


@transaction.atomic
def submit_submission(
    *, actor, submission: AdmissibilitySubmission, expected_version: int | None = None
) -> AdmissibilitySubmission:
    """File the package with the port director (19 CFR 12.43), within the importer's window.

    Refused with what is missing while incomplete, and with the closing date once the window closed.
    Submitting twice (two tabs, a double click) files once: the second finds it no longer a draft.
    """
    submission = lock(submission)
    detention = lock(submission.detention)
    require(actor, submission, "submit")
    check_version(submission, expected_version, action="submit", label="submission")
    missing = submission_missing_parts(submission)
    if missing:
        raise ValidationError({"__all__": ["The package is incomplete. Still missing: " + "; ".join(missing) + "."]})
    resubmission = submission.status == SubmissionStatus.MORE_INFORMATION_REQUESTED
    if not resubmission:
        window = importer_window(detention)
        # Open until midnight at the port on the last day (domain.md section 3).
        closed = window is not None and (
            window.state == DeadlineState.LAPSED or window.due_date < today(detention.port_code))
        if closed:
            raise InvalidTransition(
                action="submit", current_state=detention.status, object_label="detention",
                reason=f"the window to submit closed on {window.due_date:%d %B %Y} ({window.citation})",
            )
    before = snapshot(submission, SUBMISSION_FIELDS)
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_by = actor
    submission.submitted_at = timezone.now()
    if not submission.receipt_number:
        submission.receipt_number = f"ADM-{submission.submitted_at:%Y%m%d}-{secrets.token_hex(4).upper()}"
    submission.version += 1
    submission.save()
    record_event(actor=actor, action="resubmit_submission" if resubmission else "submit_submission",
                 obj=submission, before=before, after=snapshot(submission, SUBMISSION_FIELDS), detention=detention)
    if detention.status in ("notice_issued", "deemed_excluded"):
        apply_transition(actor=actor, detention=detention, action="receive_submission")
    if not resubmission:
        close_clocks(kinds=[clocks.importer_window_kind(detention.basis)], detention=detention)
    notify(
        recipients=responsible_officers(detention), kind="submission_received",
        subject=f"Admissibility submission filed for entry {detention.shipment.entry_number}",
        body=f"{submission.get_package_display()} filed by {actor.display_name}; receipt {submission.receipt_number}.",
        key=f"submission-{submission.pk}-submitted-v{submission.version}", detention=detention,
    )
    return submission


@transaction.atomic
def withdraw_submission(*, actor, submission: AdmissibilitySubmission, reason: str = "") -> AdmissibilitySubmission:
    """Withdraw a draft or a filed package before the agency's review starts."""
    submission = lock(submission)
    detention = lock(submission.detention)
    require(actor, submission, "withdraw")
    was_filed = submission.status == SubmissionStatus.SUBMITTED
    before = snapshot(submission, SUBMISSION_FIELDS)
    submission.status = SubmissionStatus.WITHDRAWN
    submission.withdrawn_at = timezone.now()
    submission.version += 1
    submission.save()
    record_event(actor=actor, action="withdraw_submission", obj=submission, before=before,
                 after=snapshot(submission, SUBMISSION_FIELDS), reason=reason, detention=detention)
    if was_filed and detention.status == "submission_received":
        # The case returns to the importer's turn; the filing window does not reopen.
        before_d = snapshot(detention, ["status"])
        detention.status = "notice_issued"
        detention.version += 1
        detention.save(update_fields=["status", "version", "updated_at"])
        record_event(actor=actor, action="submission_withdrawn", obj=detention, before=before_d,
                     after=snapshot(detention, ["status"]), detention=detention)
    return submission


@transaction.atomic
def start_review(*, actor, detention: Detention, expected_version: int | None = None) -> Detention:
    """An officer starts reviewing the filed package; it can no longer be withdrawn."""
    detention = lock(detention)
    apply_transition(actor=actor, detention=detention, action="start_review", expected_version=expected_version,
                     changes={"review_started_on": today(detention.port_code)})
    submission = detention.submissions.select_for_update().filter(status=SubmissionStatus.SUBMITTED).first()
    if submission is not None:
        require(actor, submission, "start_review")
        before = snapshot(submission, ["status"])
        submission.status = SubmissionStatus.UNDER_REVIEW
        submission.reviewed_by = actor
        submission.review_started_at = timezone.now()
        submission.version += 1
        submission.save()
        record_event(actor=actor, action="start_submission_review", obj=submission, before=before,
                     after=snapshot(submission, ["status"]), detention=detention)
    return detention


def submission_due_text(detention: Detention) -> str:
    window = importer_window(detention)
    if window is None:
        return ""
    days = (window.due_date - today(detention.port_code)).days
    return f"{days} days left: due {window.due_date:%d %B %Y}, {window.citation}" if days >= 0 else (
        f"closed on {window.due_date:%d %B %Y}"
    )

