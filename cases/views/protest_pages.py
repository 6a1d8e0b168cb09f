"""Protests on the staff pages: the panel of the detention page and the four-eyes decision taken from it.

Each button posts to one view that calls one service of cases.services.protests; a refusal comes back
as a message on the detention page, bad input as a message naming the field.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cases import listing, queries, worklists
from cases.errors import CaseError
from cases.models import DeadlineState, ProtestStatus
from cases.protest_forms import ProtestProposalForm, ProtestSendBackForm
from cases.services import protests
from cases.views.common import confirmed, message_for, staff_required
from cases.workflows import allowed_actions

DECISION_CLOCKS = ("protest_decision", "accelerated_disposition")


def protest_panel(user, detention, day, calendar, bound=None) -> list[dict]:
    """One entry per protest of the case: its contents, clocks, outcome and what `user` may do now.

    `bound` ({protest id: {form name: form}}) puts back a refused form with what was typed in it."""
    rows = []
    for protest in (queries.visible_protests(user).filter(detention=detention)
                    .select_related("filed_by", "proposed_by", "decided_by")
                    .prefetch_related("deadlines", "detention__deadlines", "detention__decisions")
                    .order_by("-filed_on", "-id")):
        clocks = sorted(protest.deadlines.all(), key=lambda d: (d.due_date, d.id))
        decision_clock = next((d for d in clocks if d.kind in DECISION_CLOCKS and d.state == DeadlineState.OPEN),
                              None)
        court = next((d for d in reversed(clocks) if d.kind == "court_filing"), None)
        prefix = f"protest-{protest.pk}"
        rows.append({
            "protest": protest,
            "decision_clock": decision_clock,
            "days_left": (decision_clock.due_date - day).days if decision_clock else None,
            "countdown": listing.day_count(decision_clock.due_date, day) if decision_clock else "",
            "urgency": worklists.urgency(decision_clock.due_date, day, calendar) if decision_clock else "none",
            "court": court,
            "actions": allowed_actions(user, protest),
            "propose_form": ProtestProposalForm(prefix=prefix, basis=detention.basis),
            "send_back_form": ProtestSendBackForm(prefix=prefix),
            "is_pending": protest.status == ProtestStatus.FILED,
            **(bound or {}).get(protest.pk, {}),
        })
    return rows


def _act(request, pk, *, call, success, form_class=None):
    protest = queries.get_visible_or_404(queries.visible_protests(request.user), pk=pk)
    data = {}
    if form_class is not None:
        kwargs = {"basis": protest.detention.basis} if form_class is ProtestProposalForm else {}
        form = form_class(request.POST, prefix=f"protest-{protest.pk}", **kwargs)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            if request.POST.get("return_to") == "protest-queue":
                return redirect(_back(request, protest))
            # The case page comes back with the form as it was typed, the refused field marked.
            from cases.views.detention_pages import render_detail

            name = "propose_form" if form_class is ProtestProposalForm else "send_back_form"
            return render_detail(request, protest.detention, forms={"protest_forms": {protest.pk: {name: form}}},
                                 status=400)
        data = form.cleaned_data
    try:
        call(protest, data)
    except (CaseError, ValidationError) as error:
        messages.error(request, message_for(error))
    else:
        messages.success(request, success)
    return redirect(_back(request, protest))


def _back(request, protest):
    if request.POST.get("return_to") == "protest-queue":
        return reverse("queue-protests")
    return reverse("detention", args=[protest.detention_id]) + f"#protest-{protest.pk}"


@staff_required
@require_POST
def propose(request, pk: int):
    return _act(request, pk, form_class=ProtestProposalForm,
                success="Protest decision proposed; it takes effect when another supervisor approves it.",
                call=lambda p, data: protests.propose_protest_decision(actor=request.user, protest=p, **data))


@staff_required
@require_POST
def approve(request, pk: int):
    """The decision takes effect at once: the button leads to a confirmation step first."""
    if not confirmed(request):
        protest = queries.get_visible_or_404(queries.visible_protests(request.user).select_related(
            "detention__shipment__importer", "proposed_by"), pk=pk)
        outcome = protest.get_proposed_outcome_display() or "no proposal"
        if protest.proposed_release_ground:
            outcome += f" ({protest.get_proposed_release_ground_display()})"
        facts = [("Importer", protest.detention.shipment.importer.name),
                 ("Protest filed", f"{protest.filed_on:%d %B %Y}"), ("Proposed outcome", outcome),
                 ("Proposed by", protest.proposed_by.display_name if protest.proposed_by else "nobody"),
                 ("Reasons", protest.proposed_reasons)]
        return render(request, "cases/confirm.html", {
            "title": "Approve the protest decision?",
            "warning": "The protest decision takes effect today, the importer is told and it cannot be undone here.",
            "items": [{"heading": f"Protest on entry {protest.detention.shipment.entry_number}", "facts": facts}],
            "action": reverse("protest-approve", args=[pk]), "confirm_label": "Yes, approve the protest decision",
            "hidden": [("return_to", request.POST.get("return_to", ""))], "cancel_url": _back(request, protest),
        })
    return _act(request, pk, success="Protest decision approved; it takes effect today and the importer is told.",
                call=lambda p, data: protests.approve_protest_decision(actor=request.user, protest=p))


@staff_required
@require_POST
def send_back(request, pk: int):
    return _act(request, pk, form_class=ProtestSendBackForm, success="The proposal was sent back.",
                call=lambda p, data: protests.send_back_protest_decision(actor=request.user, protest=p, **data))
