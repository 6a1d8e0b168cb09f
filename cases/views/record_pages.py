"""The record behind a decision, for staff: the importer's packages with their statements and files, the
requests for information with their answers, the notice; and the supervisor's review screen built on it.

Drafts stay the importer's: visible_submissions hides them from staff, and evidence.queries hides their
files, so a draft package answers 404 here exactly like one that does not exist.
"""

from django.shortcuts import render

from cases import action_forms, actions, queries
from cases.checklists import package_statements
from cases.models import DecisionStatus
from cases.views.common import staff_required
from cases.views.supervisor import supervisor_only
from cases.workflows import allowed_actions


def case_record(user, detention) -> dict:
    """Template context of the record panel (cases/_case_record.html) of one detention."""
    packages = []
    for submission in (queries.visible_submissions(user).filter(detention=detention)
                       .select_related("submitted_by", "reviewed_by").order_by("submitted_at", "id")):
        statements, ilo = package_statements(submission)
        packages.append({"submission": submission, "statements": statements, "ilo": ilo,
                         "answered": sum(1 for s in statements + ilo if s["text"]),
                         "asked": len(statements) + len(ilo)})
    rfis = (queries.visible_rfis(user).filter(detention=detention)
            .select_related("sent_by", "answered_by").order_by("sent_on", "id"))
    return {"record_packages": packages, "record_rfis": list(rfis)}


@staff_required
def submission_detail(request, pk: int):
    """A filed package as the officer reads it: every statement, every file, the case it belongs to."""
    submission = queries.get_visible_or_404(
        queries.visible_submissions(request.user).select_related("submitted_by", "reviewed_by"), pk=pk)
    statements, ilo = package_statements(submission)
    rfis = queries.visible_rfis(request.user).filter(submission=submission).select_related("sent_by")
    return render(request, "cases/submission_detail.html", {
        "submission": submission, "detention": submission.detention, "statements": statements, "ilo": ilo,
        "rfis": rfis,
    })


@supervisor_only
def review(request, pk: int):
    """The approval screen of one proposed decision: the proposal, the record it rests on, approve or send back."""
    detention = queries.get_visible_or_404(
        queries.visible_detentions(request.user).prefetch_related("decisions__proposed_by"), pk=pk)
    pending = next((d for d in detention.decisions.all() if d.status == DecisionStatus.PROPOSED), None)
    notes = queries.visible_notes(request.user).filter(detention=detention).order_by("created_at", "id")
    return render(request, "cases/review.html", {
        "detention": detention, "shipment": detention.shipment, "order": detention.order,
        "decision": pending, "actions": allowed_actions(request.user, detention), "notes": notes,
        "send_back_form": action_forms.form_class(actions.get("detention", "send_back_decision"))(
            user=request.user, subject=detention),
        **case_record(request.user, detention),
    })
