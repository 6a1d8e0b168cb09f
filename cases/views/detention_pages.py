"""The detention page and the actions taken from it; the printable notice of detention.

Each act is declared once in cases.actions (its service, input, label and confirmation); the API's endpoints
are built from the same declarations. Here each form is the act's form (cases.action_forms), validated by
the act's input, and each button posts to the act's page view."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cases import action_forms, actions, clocks, later_findings, listing, queries, worklists
from cases.errors import ActionNotPermitted, CaseError, StaleObject
from cases.models import DeadlineState, DecisionStatus, User
from cases.services import detentions, submissions
from cases.services.support import business_calendar, port_time_zone, today
from cases.timeline import assignment_user_ids, case_timeline
from cases.views.after_decision_pages import panel as after_decision_panel
from cases.views.common import (
    apply_errors,
    confirmed,
    decision_summary,
    declared_act_view,
    message_for,
    posted_version,
    staff_required,
)
from cases.views.protest_pages import protest_panel
from cases.views.record_pages import case_record
from cases.workflows import allowed_actions

RETURN_PAGES = ("supervisor", "queue")


def _detention(request, pk):
    qs = queries.visible_detentions(request.user).prefetch_related("decisions", "protests")
    return queries.get_visible_or_404(qs, pk=pk)


def _clocks(user, detention, day, calendar, bound=None):
    rows = []
    extend = actions.get("deadline", "grant_extension")
    for deadline in queries.visible_deadlines(user).filter(detention=detention).order_by("state", "due_date", "id"):
        rule = worklists.CLOCK_RULES.get(deadline.kind)
        # A supervisor may extend an open importer's window; the agency's own clocks are set by statute.
        extendable = (getattr(user, "role", None) in extend.roles and deadline.state == DeadlineState.OPEN
                      and deadline.party == clocks.Party.IMPORTER)
        prefix = f"clock-{deadline.pk}"
        rows.append({
            "extend_form": ((bound if bound is not None and bound.prefix == prefix else
                             action_forms.form_class(extend)(user=user, subject=deadline, prefix=prefix))
                            if extendable else None),
            "deadline": deadline, "label": rule.label if rule else deadline.kind,
            "is_open": deadline.state == DeadlineState.OPEN,
            "days_left": (deadline.due_date - day).days,
            "countdown": listing.day_count(deadline.due_date, day),
            "urgency": worklists.urgency(deadline.due_date, day, calendar)
            if deadline.state == DeadlineState.OPEN else "none",
        })
    return rows


def render_detail(request, detention, *, forms=None, status=200):
    # The port's local date and calendar, as every clock of the case is counted.
    user, day, calendar = request.user, today(detention.port_code), business_calendar(detention.port_code)
    # The Findings that may reach excluded goods are read once for the guard, the form and the page.
    later_findings.attach_findings_in_force([detention])
    allowed = allowed_actions(user, detention)
    context_forms = {name: declared_form(action, user, detention) for action, name in FORM_NAMES.items()}
    context_forms["assign_form"].initial["officer"] = detention.assigned_officer_id
    forms = dict(forms or {})
    protest_forms = forms.pop("protest_forms", {})
    context_forms.update(forms)
    events = list(queries.visible_audit_events(user).filter(detention=detention)
                  .select_related("detention").order_by("sequence"))
    names = {u.pk: u.display_name for u in User.objects.filter(pk__in=assignment_user_ids(events))}
    pending = next((d for d in detention.decisions.all() if d.status == DecisionStatus.PROPOSED), None)
    context = {
        "detention": detention, "shipment": detention.shipment, "order": detention.order, "actions": allowed,
        "clocks": _clocks(user, detention, day, calendar), "today": day,
        **case_record(user, detention),
        "notes": queries.visible_notes(user).filter(detention=detention),
        "decisions": queries.visible_decisions(user).filter(detention=detention),
        "pending_decision": pending,
        "seizure_findings": (later_findings.covering_findings(detention, later_findings.day_for(detention))
                             if "propose_seizure_under_finding" in allowed else []),
        "protest_rows": protest_panel(user, detention, day, calendar, bound=protest_forms),
        "after": after_decision_panel(user, detention),
        "timeline": case_timeline(events, calendar, names), "zone": port_time_zone(detention.port_code),
        "days_waiting": (day - detention.presented_on).days,
        "acts": {act.action: act for act in actions.acts_of("detention")},
        "acts_deadline": {act.action: act for act in actions.acts_of("deadline")},
        **context_forms,
    }
    return render(request, "cases/detention_detail.html", context, status=status)


@staff_required
def detail(request, pk: int):
    return render_detail(request, _detention(request, pk))


# The acts with a form on the case page, and the name the template knows each form by.
FORM_NAMES = {"assign": "assign_form", "propose_decision": "propose_form", "send_back_decision": "send_back_form",
              "add_note": "note_form", "send_rfi": "rfi_form", "elect_export": "export_form",
              "propose_seizure_under_finding": "seize_under_finding_form"}


def declared_form(action, user, detention, data=None, initial=None):
    act = actions.get("detention", action)
    return action_forms.form_class(act)(data, user=user, subject=detention, initial=initial)


def _forms(action, form) -> dict:
    return {FORM_NAMES[action]: form} if action in FORM_NAMES else {}


def _act(request, pk, action):
    """Validate the act's form with its input, confirm if it cannot be undone, call its service; on a refusal
    say why, on bad input show it next to the field."""
    act = actions.get("detention", action)
    detention = _detention(request, pk)
    form = declared_form(action, request.user, detention, data=request.POST)
    data = action_forms.validate(act, form, {"request": request})
    if data is None:
        messages.error(request, "Check the highlighted fields.")
        return render_detail(request, detention, forms=_forms(action, form), status=400)
    if _versioned(act):
        data[action_forms.VERSION] = posted_version(request)
    if act.confirm and not confirmed(request):
        return _confirmation(request, act, detention)
    try:
        act.perform(request.user, detention, data)
    except ValidationError as error:
        apply_errors(form, error)
        messages.error(request, message_for(error))
        if action in FORM_NAMES:
            return render_detail(request, detention, forms=_forms(action, form), status=400)
    except CaseError as error:
        messages.error(request, message_for(error))
        if action in FORM_NAMES:
            return _keep_typed(request, pk, error, action)
    else:
        messages.success(request, act.done)
    # Actions taken from a list (the supervisor's review queue) return to that list.
    if request.POST.get("return_to") in RETURN_PAGES:
        return redirect(request.POST["return_to"])
    return redirect("detention", pk=pk)


def _versioned(act) -> bool:
    return act.body is not None and action_forms.VERSION in act.body().fields


def _confirmation(request, act, detention):
    """The step before an act that cannot be undone: what it acts on, the warning, one button to go on."""
    pending = next((d for d in detention.decisions.all() if d.status == DecisionStatus.PROPOSED), None)
    return_to = request.POST.get("return_to", "")
    cancel = (reverse("supervisor-review", args=[detention.pk]) if return_to == "supervisor"
              else reverse("detention", args=[detention.pk]))
    return render(request, "cases/confirm.html", {
        "title": f"{act.label}?", "warning": act.confirm,
        "items": [decision_summary(detention, pending)] if pending else [],
        "action": request.path, "confirm_label": act.confirm_label,
        "hidden": [("version", request.POST.get("version", "")), ("return_to", return_to)],
        "cancel_url": cancel,
    })


def _keep_typed(request, pk, error, action):
    """A refused form comes back filled in with what was typed, built on the case as it is now, so that
    after a stale-version refusal the person checks the case and sends it again without retyping."""
    detention = _detention(request, pk)
    data = request.POST.copy()
    data["version"] = str(detention.version)
    kept = declared_form(action, request.user, detention, data=data)
    action_forms.validate(actions.get("detention", action), kept, {"request": request})
    if isinstance(error, StaleObject):
        messages.info(request, "What you typed is kept in the form below: check the case and send it again.")
    return render_detail(request, detention, forms=_forms(action, kept),
                         status=403 if isinstance(error, ActionNotPermitted) else 409)


def _page(action):
    return declared_act_view("detention", action, _act, staff_required)


take = _page("take")
record_export_election = _page("elect_export")
assign = _page("assign")
propose = _page("propose_decision")
propose_seizure_under_finding = _page("propose_seizure_under_finding")
approve = _page("approve_decision")
send_back = _page("send_back_decision")
start_review = _page("start_review")
send_rfi = _page("send_rfi")
add_note = _page("add_note")


def _notice_initial(detention) -> dict:
    """The notice starts from the parties and custody details the shipment already records."""
    shipment = detention.shipment
    return {
        "broker_name": shipment.broker_name, "consignee_name": shipment.consignee_name,
        "goods_location": shipment.goods_location, "bill_of_lading": shipment.bill_of_lading,
        "container_numbers": " ".join(shipment.container_numbers),
    }


@staff_required
@require_POST
def extend_clock(request, pk: int):
    """A supervisor extends an importer's window from the case's clocks, with a reason (the declared act)."""
    act = actions.get("deadline", "grant_extension")
    deadline = queries.get_visible_or_404(queries.visible_deadlines(request.user).filter(detention__isnull=False),
                                          pk=pk)
    form = action_forms.form_class(act)(request.POST, user=request.user, subject=deadline, prefix=f"clock-{pk}")
    data = action_forms.validate(act, form, {"request": request})
    if data is None:
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    else:
        try:
            act.perform(request.user, deadline, data)
        except (CaseError, ValidationError) as error:
            messages.error(request, message_for(error))
        else:
            messages.success(request, act.done)
    return redirect(reverse("detention", args=[deadline.detention_id]) + "#clocks-heading")


@staff_required
def notice(request, pk: int):
    """The notice form (GET), its preview, and issuing it (POST, confirmed), then the printable notice."""
    detention = _detention(request, pk)
    if detention.notice_issued_on:
        return redirect("detention-notice-print", pk=pk)
    if "issue_notice" not in allowed_actions(request.user, detention):
        messages.error(request, "You may not issue the notice of detention for this case now.")
        return redirect("detention", pk=pk)
    act = actions.get("detention", "issue_notice")
    form = declared_form("issue_notice", request.user, detention, data=request.POST or None,
                         initial=_notice_initial(detention))
    data = action_forms.validate(act, form, {"request": request}) if request.method == "POST" else None
    if data is not None:
        # The service's own checks, before the preview: a notice that could not be issued is not previewed.
        problems = detentions.notice_problems(actor=request.user, detention=detention, **data)
        for field, message in problems.items():
            form.add_error(field if field in form.fields else None, message)
        data = None if problems else data
    if data is not None and not confirmed(request):
        # Issuing cannot be undone: the notice is shown as it will read, to issue or to change.
        if "change" not in request.POST:
            return render(request, "cases/notice_preview.html", {
                "detention": detention, "shipment": detention.shipment, "order": detention.order, "form": form,
                "notice": data, "today": today(detention.port_code)})
    elif data is not None:
        try:
            act.perform(request.user, detention, {**data, action_forms.VERSION: posted_version(request)})
        except ValidationError as error:
            apply_errors(form, error)
        except CaseError as error:
            if not isinstance(error, StaleObject):
                messages.error(request, message_for(error))
                return redirect("detention", pk=pk)
            # Someone changed the case meanwhile: the form comes back filled in, on the current version.
            detention = _detention(request, pk)
            posted = request.POST.copy()
            posted["version"] = str(detention.version)
            form = declared_form("issue_notice", request.user, detention, data=posted)
            action_forms.validate(act, form, {"request": request})
            form.add_error(None, message_for(error) + " What you typed is kept: check it and issue again.")
            return render(request, "cases/notice_form.html", {"detention": detention, "form": form}, status=409)
        else:
            messages.success(request, act.done)
            return redirect("detention-notice-print", pk=pk)
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "cases/notice_form.html", {"detention": detention, "form": form}, status=status)


@staff_required
def notice_print(request, pk: int):
    """The notice of detention (CBP Form 6051D) with the five contents of 19 U.S.C. 1499(c)(2)(A)-(E)."""
    detention = _detention(request, pk)
    if not detention.notice_issued_on:
        messages.error(request, "The notice of detention has not been issued yet.")
        return redirect("detention", pk=pk)
    issued_by = (queries.visible_audit_events(request.user)
                 .filter(detention=detention, action="issue_notice").order_by("-sequence").first())
    window = submissions.importer_window(detention)
    return render(request, "cases/notice_print.html", {
        "detention": detention, "shipment": detention.shipment, "order": detention.order,
        "issued_by": issued_by.actor if issued_by else None, "window": window,
    })
