"""The supervisor's home: the review queue of proposed decisions, bulk approval, workload and charts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cases import queries, reports, worklists
from cases.errors import CaseError
from cases.models import (
    OPEN_DETENTION_STATUSES,
    AdmissibilitySubmission,
    DecisionStatus,
    DetentionStatus,
    SubmissionStatus,
)
from cases.services.decisions import approve_decision
from cases.services.support import today
from cases.views.common import bulk_selection, decision_summary, message_for, paginate, staff_required


def supervisor_only(view):
    @staff_required
    def wrapped(request, *args, **kwargs):
        if not request.user.is_supervisor:
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def review_queue(actor):
    """Open detentions with a proposal awaiting approval, oldest proposal first."""
    return (
        worklists.with_next_deadline(
            queries.visible_detentions(actor).filter(
                # An excluded case carries a proposal only for its seizure under a later Finding (docs/seizure.md).
                status__in=(*OPEN_DETENTION_STATUSES, DetentionStatus.EXCLUDED),
                decisions__status=DecisionStatus.PROPOSED)
        )
        .annotate(
            # The record summary of each row: the latest filed package's state and the RFIs answered.
            package_status=Subquery(
                AdmissibilitySubmission.objects.filter(detention=OuterRef("pk"))
                .exclude(status=SubmissionStatus.DRAFT).order_by("-submitted_at", "-id").values("status")[:1]),
            rfis_answered=Count("rfis", filter=Q(rfis__status="answered"), distinct=True),
            rfis_total=Count("rfis", distinct=True),
        )
        .prefetch_related("decisions__proposed_by")
        .order_by("decisions__proposed_at", "id")
    )


@supervisor_only
def home(request):
    day = today()
    page = paginate(request, review_queue(request.user))
    rows = []
    for detention in page:
        pending = next((d for d in detention.decisions.all() if d.status == DecisionStatus.PROPOSED), None)
        rows.append({"detention": detention, "decision": pending,
                     "package_status": SubmissionStatus(detention.package_status).label
                     if detention.package_status else "",
                     "own": pending is not None and pending.proposed_by_id == request.user.pk})
    open_work = reports.open_work(request.user, day)  # one scan of open work for the table and two charts
    return render(request, "cases/supervisor_home.html", {
        "page": page, "rows": rows, "workload": reports.workload(request.user, day, open_work),
        "unassigned": reports.unassigned_load(request.user, day, open_work),
        "charts": reports.supervisor_charts(request.user, day, open_work), "today": day,
    })


@supervisor_only
@require_POST
def bulk_approve(request):
    """Approve each ticked proposal: one service call, so one audit event and one stale check, per case."""
    picked = bulk_selection(request)
    if not picked:
        messages.error(request, "Tick at least one proposed decision to approve.")
        return redirect("supervisor")
    found = {d.pk: d for d in queries.visible_detentions(request.user).filter(pk__in=[pk for pk, _ in picked])
             .select_related("shipment__importer").prefetch_related("decisions__proposed_by")}
    if request.POST.get("confirm") != "yes":
        # Each approval takes effect at once: the ticked proposals are listed for confirmation first.
        items = []
        for pk, _version in picked:
            detention = found.get(pk)
            if detention is not None:
                pending = next((d for d in detention.decisions.all() if d.status == DecisionStatus.PROPOSED), None)
                items.append(decision_summary(detention, pending))
        count = len(items)
        return render(request, "cases/confirm.html", {
            "title": f"Approve {count} proposed decision{'s' if count != 1 else ''}?",
            "warning": "Each decision takes effect today, each importer is told, and none can be undone here.",
            "items": items, "action": reverse("supervisor-bulk-approve"),
            "confirm_label": f"Yes, approve {count} decision{'s' if count != 1 else ''}",
            "hidden": [("selected", f"{pk}:{version}") for pk, version in picked if pk in found],
            "cancel_url": reverse("supervisor"),
        })
    approved = 0
    for pk, version in picked:
        detention = found.get(pk)
        if detention is None:
            messages.error(request, f"Detention {pk}: not found.")
            continue
        try:
            approve_decision(actor=request.user, detention=detention, expected_version=version)
            approved += 1
        except (CaseError, ValidationError) as error:
            messages.error(request, f"{detention.shipment.entry_number}: {message_for(error)}")
    if approved:
        messages.success(request, f"Approved {approved} decision{'s' if approved != 1 else ''}.")
    return redirect("supervisor")
