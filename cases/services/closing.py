"""Loose ends of a case that reached an outcome: the filed package, a draft, open RFIs, a pending proposal.

Called inside the transaction of the act that decided the case (an approved decision, a deemed
exclusion, an export), so a decided case never keeps a package under review, an RFI the importer
could still answer, or a proposal awaiting approval. Each closing goes through its state table and
is audited like any other transition.
"""

from django.utils import timezone

from cases.audit import record_event, snapshot
from cases.models import (
    DecisionStatus,
    Detention,
    RfiStatus,
    SubmissionStatus,
)
from cases.workflows import require

FILED_STATUSES = (
    SubmissionStatus.SUBMITTED, SubmissionStatus.UNDER_REVIEW, SubmissionStatus.MORE_INFORMATION_REQUESTED,
)


def _move(*, actor, obj, action: str, audit_action: str, changes: dict, reason: str, detention: Detention):
    transition = require(actor, obj, action)
    changes = {"status": transition.target, **changes}
    fields = sorted(changes)
    before = snapshot(obj, fields)
    for name, value in changes.items():
        setattr(obj, name, value)
    if hasattr(obj, "version"):
        obj.version += 1
    obj.save()
    record_event(actor=actor, action=audit_action, obj=obj, before=before, after=snapshot(obj, fields),
                 reason=reason, detention=detention)


def resolve_submission(*, actor, detention: Detention, accepted: bool, reason: str) -> None:
    """Accept or reject the filed package with the decision that took effect."""
    submission = detention.submissions.select_for_update().filter(status__in=FILED_STATUSES).first()
    if submission is None:
        return
    _move(actor=actor, obj=submission, action="accept" if accepted else "reject",
          audit_action="accept_submission" if accepted else "reject_submission",
          changes={"outcome_reason": reason}, reason=reason, detention=detention)


def close_loose_ends(*, actor, detention: Detention, reason: str) -> None:
    """Close what the outcome made moot: packages not yet resolved, open RFIs, a pending proposal."""
    for submission in detention.submissions.select_for_update().filter(
            status__in=[SubmissionStatus.DRAFT, *FILED_STATUSES]):
        _move(actor=actor, obj=submission, action="close_unresolved", audit_action="close_submission",
              changes={"withdrawn_at": timezone.now(), "outcome_reason": reason}, reason=reason, detention=detention)
    for rfi in detention.rfis.select_for_update().filter(status=RfiStatus.OPEN):
        _move(actor=actor, obj=rfi, action="close", audit_action="close_rfi", changes={}, reason=reason,
              detention=detention)
    for decision in detention.decisions.select_for_update().filter(status=DecisionStatus.PROPOSED):
        _move(actor=actor, obj=decision, action="lapse", audit_action="lapse_decision",
              changes={"send_back_reason": reason}, reason=reason, detention=detention)
