"""Requests for information (CBP Form 28 practice): the importer's turn again, with its own due date."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cases import clocks, documents
from cases.actors import SYSTEM
from cases.audit import record_event, snapshot
from cases.clocks import DeadlineKind
from cases.errors import InvalidTransition
from cases.models import DeadlineState, Detention, RequestForInformation, RfiStatus, SubmissionStatus
from cases.services.deadlines import close_clocks, open_clock
from cases.services.detentions import apply_transition
from cases.services.notifications import importer_users, notify, responsible_officers
from cases.services.support import business_calendar, lock, require_text, today
from cases.workflows import require


@transaction.atomic
def send_rfi(*, actor, detention: Detention, questions: str, expected_version: int | None = None
             ) -> RequestForInformation:
    """Ask the importer for information; they have CASES_RFI_RESPONSE_DAYS days (rolled forward) to answer."""
    detention = lock(detention)
    require(actor, detention, "send_rfi")
    questions = require_text(questions, "questions", "Write the questions the importer must answer.")
    sent_on = today(detention.port_code)
    length = settings.CASES_RFI_RESPONSE_DAYS
    due = clocks.due_date(DeadlineKind.RFI_RESPONSE, sent_on, calendar=business_calendar(detention.port_code),
                          length=length)
    submission = detention.submissions.select_for_update().filter(
        status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.UNDER_REVIEW]
    ).first()
    rfi = RequestForInformation.objects.create(
        detention=detention, submission=submission, questions=questions, sent_by=actor, sent_on=sent_on, due_date=due
    )
    apply_transition(actor=actor, detention=detention, action="send_rfi", expected_version=expected_version)
    record_event(actor=actor, action="send_rfi", obj=rfi, after=snapshot(rfi, ["questions", "sent_on", "due_date"]),
                 detention=detention)
    if submission is not None:
        require(actor, submission, "request_more_information")
        before = snapshot(submission, ["status"])
        submission.status = SubmissionStatus.MORE_INFORMATION_REQUESTED
        submission.version += 1
        submission.save(update_fields=["status", "version", "updated_at"])
        record_event(actor=actor, action="request_more_information", obj=submission, before=before,
                     after=snapshot(submission, ["status"]), detention=detention)
    open_clock(kind=DeadlineKind.RFI_RESPONSE, start=sent_on, length=length, detention=detention, rfi=rfi)
    documents.issue_document(actor=actor, kind=documents.DocumentKind.REQUEST_FOR_INFORMATION, detention=detention,
                             rfi=rfi)
    notify(
        recipients=importer_users(detention), kind="rfi_sent",
        subject=f"Request for information: entry {detention.shipment.entry_number}",
        body=f"{questions}\n\nAnswer by {due:%d %B %Y}. The request is in the case's documents as a PDF.",
        key=f"rfi-{rfi.pk}-sent", detention=detention,
    )
    return rfi


@transaction.atomic
def answer_rfi(*, actor, rfi: RequestForInformation, answer: str) -> RequestForInformation:
    """The importer answers before the due date; after it the window is closed."""
    rfi = lock(rfi)
    detention = lock(rfi.detention)
    require(actor, rfi, "answer")
    # The window is open until midnight at the port (domain.md section 3).
    if today(detention.port_code) > rfi.due_date:
        raise InvalidTransition(
            action="answer", current_state=rfi.status, object_label="request for information",
            reason=f"the window to answer closed on {rfi.due_date:%d %B %Y}",
        )
    answer = require_text(answer, "answer", "Write your answer before sending it.")
    before = snapshot(rfi, ["status", "answer"])
    rfi.status = RfiStatus.ANSWERED
    rfi.answer = answer
    rfi.answered_by = actor
    rfi.answered_at = timezone.now()
    rfi.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    record_event(actor=actor, action="answer_rfi", obj=rfi, before=before, after=snapshot(rfi, ["status", "answer"]),
                 detention=detention)
    close_clocks(kinds=[DeadlineKind.RFI_RESPONSE], rfi=rfi)
    resume_review(actor=actor, detention=detention, reason="The importer answered the request for information.")
    notify(
        recipients=responsible_officers(detention), kind="rfi_answered",
        subject=f"RFI answered for entry {detention.shipment.entry_number}", body=answer,
        key=f"rfi-{rfi.pk}-answered", detention=detention,
    )
    return rfi


@transaction.atomic
def lapse_rfi(*, rfi: RequestForInformation, lapsed_on: datetime.date) -> RequestForInformation:
    """The answer window closed unanswered: the agency decides on the record."""
    rfi = lock(rfi)
    detention = rfi.detention
    require(SYSTEM, rfi, "lapse")
    before = snapshot(rfi, ["status"])
    rfi.status = RfiStatus.LAPSED
    rfi.save(update_fields=["status"])
    record_event(actor=SYSTEM, action="lapse_rfi", obj=rfi, before=before, after=snapshot(rfi, ["status"]),
                 detention=detention)
    close_clocks(kinds=[DeadlineKind.RFI_RESPONSE], rfi=rfi, state=DeadlineState.LAPSED, on=lapsed_on)
    resume_review(actor=SYSTEM, detention=lock(detention),
                  reason=f"The request for information was not answered by {rfi.due_date:%d %B %Y}.")
    notify(
        recipients=responsible_officers(detention), kind="rfi_lapsed",
        subject=f"RFI unanswered for entry {detention.shipment.entry_number}",
        body=f"The importer did not answer by {rfi.due_date:%d %B %Y}; decide on the record.",
        key=f"rfi-{rfi.pk}-lapsed", detention=detention,
    )
    return rfi


def resume_review(*, actor, detention: Detention, reason: str) -> None:
    """The case waited for the importer; with no request left open, the review resumes (domain.md section 4).

    The package the request was about goes back under review with the case, answer and all.
    """
    if detention.rfis.filter(status=RfiStatus.OPEN).exists():
        return
    for submission in detention.submissions.select_for_update().filter(
            status=SubmissionStatus.MORE_INFORMATION_REQUESTED):
        require(actor, submission, "resume_review")
        before = snapshot(submission, ["status"])
        submission.status = SubmissionStatus.UNDER_REVIEW
        submission.version += 1
        submission.save(update_fields=["status", "version", "updated_at"])
        record_event(actor=actor, action="resume_submission_review", obj=submission, before=before,
                     after=snapshot(submission, ["status"]), reason=reason, detention=detention)
    if detention.status != "awaiting_importer":
        return  # a deemed exclusion stands while the review goes on
    changes = {} if detention.review_started_on else {"review_started_on": today(detention.port_code)}
    apply_transition(actor=actor, detention=detention, action="resume_review", changes=changes, reason=reason)
