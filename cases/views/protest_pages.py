"""Protests on the staff pages: the panel of the detention page and the four-eyes decision taken from it.

Each decision is an act declared in cases.actions (its service, input, label and confirmation), like the
API's endpoints: each button posts to the act's view, which validates the act's form with its input and calls
its service; a refusal comes back as a message on the detention page, bad input as a message naming the field.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from cases import action_forms, actions, listing, queries, worklists
from cases.errors import CaseError
from cases.models import DeadlineState, ProtestStatus
from cases.views.common import confirmed, declared_act_view, message_for, staff_required
from cases.workflows import allowed_actions

DECISION_CLOCKS = ("protest_decision", "accelerated_disposition", "protest_review")


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
            "propose_form": _form("propose_decision", user, protest, prefix=prefix),
            "send_back_form": _form("send_back_decision", user, protest, prefix=prefix),
            "is_pending": protest.status == ProtestStatus.FILED,
            **(bound or {}).get(protest.pk, {}),
        })
    return rows


FORM_NAMES = {"propose_decision": "propose_form", "send_back_decision": "send_back_form"}


def _form(action, user, protest, data=None, prefix=None):
    act = actions.get("protest", action)
    return action_forms.form_class(act)(data, user=user, subject=protest, prefix=prefix)


def _act(request, pk, action):
    act = actions.get("protest", action)
    protest = queries.get_visible_or_404(queries.visible_protests(request.user).select_related(
        "detention__shipment__importer", "proposed_by"), pk=pk)
    form = _form(action, request.user, protest, data=request.POST, prefix=f"protest-{protest.pk}")
    data = action_forms.validate(act, form, {"request": request})
    if data is None:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        if request.POST.get("return_to") == "protest-queue":
            return redirect(_back(request, protest))
        # The case page comes back with the form as it was typed, the refused field marked.
        from cases.views.detention_pages import render_detail

        return render_detail(request, protest.detention,
                             forms={"protest_forms": {protest.pk: {FORM_NAMES[action]: form}}}, status=400)
    if act.confirm and not confirmed(request):
        return _confirmation(request, act, protest)
    try:
        act.perform(request.user, protest, data)
    except (CaseError, ValidationError) as error:
        messages.error(request, message_for(error))
    else:
        messages.success(request, act.done)
    return redirect(_back(request, protest))


def _confirmation(request, act, protest):
    """The decision takes effect at once: what is approved, and one button to go on."""
    outcome = protest.get_proposed_outcome_display() or "no proposal"
    if protest.proposed_release_ground:
        outcome += f" ({protest.get_proposed_release_ground_display()})"
    facts = [("Importer", protest.detention.shipment.importer.name),
             ("Protest filed", f"{protest.filed_on:%d %B %Y}"), ("Proposed outcome", outcome),
             ("Proposed by", protest.proposed_by.display_name if protest.proposed_by else "nobody"),
             ("Reasons", protest.proposed_reasons)]
    return render(request, "cases/confirm.html", {
        "title": f"{act.label}?", "warning": act.confirm,
        "items": [{"heading": f"Protest on entry {protest.detention.shipment.entry_number}", "facts": facts}],
        "action": request.path, "confirm_label": act.confirm_label,
        "hidden": [("return_to", request.POST.get("return_to", ""))], "cancel_url": _back(request, protest),
    })


def _back(request, protest):
    if request.POST.get("return_to") == "protest-queue":
        return reverse("queue-protests")
    return reverse("detention", args=[protest.detention_id]) + f"#protest-{protest.pk}"


def _page(action):
    return declared_act_view("protest", action, _act, staff_required)


propose = _page("propose_decision")
approve = _page("approve_decision")
send_back = _page("send_back_decision")
