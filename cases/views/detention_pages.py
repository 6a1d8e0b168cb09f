"""The detention page and the actions taken from it; the printable notice of detention."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cases import listing, queries, worklists
from cases.errors import ActionNotPermitted, CaseError, StaleObject
from cases.forms import (
    AssignForm,
    ExportElectionForm,
    NoteForm,
    NoticeForm,
    ProposeDecisionForm,
    RfiForm,
    SendBackForm,
)
from cases.models import DeadlineState, DecisionStatus, User
from cases.services import decisions, detentions, rfis, submissions
from cases.services.support import business_calendar, port_time_zone, today
from cases.timeline import assignment_user_ids, case_timeline
from cases.views.after_decision_pages import panel as after_decision_panel
from cases.views.common import (
    apply_errors,
    confirmed,
    decision_summary,
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


def _clocks(user, detention, day, calendar):
    rows = []
    for deadline in queries.visible_deadlines(user).filter(detention=detention).order_by("state", "due_date", "id"):
        rule = worklists.CLOCK_RULES.get(deadline.kind)
        rows.append({
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
    actions = allowed_actions(user, detention)
    version = {"version": detention.version}
    context_forms = {
        "notice_form": NoticeForm(initial=version),
        "assign_form": AssignForm(initial={**version, "officer": detention.assigned_officer_id}),
        "propose_form": ProposeDecisionForm(initial=version, basis=detention.basis),
        "send_back_form": SendBackForm(initial=version),
        "note_form": NoteForm(),
        "rfi_form": RfiForm(initial=version),
        "export_form": ExportElectionForm(initial=version),
    }
    forms = dict(forms or {})
    protest_forms = forms.pop("protest_forms", {})
    context_forms.update(forms)
    events = list(queries.visible_audit_events(user).filter(detention=detention)
                  .select_related("detention").order_by("sequence"))
    names = {u.pk: u.display_name for u in User.objects.filter(pk__in=assignment_user_ids(events))}
    pending = next((d for d in detention.decisions.all() if d.status == DecisionStatus.PROPOSED), None)
    context = {
        "detention": detention, "shipment": detention.shipment, "order": detention.order, "actions": actions,
        "clocks": _clocks(user, detention, day, calendar), "today": day,
        **case_record(user, detention),
        "notes": queries.visible_notes(user).filter(detention=detention),
        "decisions": queries.visible_decisions(user).filter(detention=detention),
        "pending_decision": pending,
        "protest_rows": protest_panel(user, detention, day, calendar, bound=protest_forms),
        "after": after_decision_panel(user, detention),
        "timeline": case_timeline(events, calendar, names), "zone": port_time_zone(detention.port_code),
        "days_waiting": (day - detention.presented_on).days,
        **context_forms,
    }
    return render(request, "cases/detention_detail.html", context, status=status)


@staff_required
def detail(request, pk: int):
    return render_detail(request, _detention(request, pk))


def _act(request, pk, *, form_class=None, form_name=None, call, success, form_kwargs=None):
    """Parse the form, call the service; on a refusal say why, on bad input show it next to the field."""
    detention = _detention(request, pk)
    data = {}
    if form_class is not None:
        form = form_class(request.POST, **(form_kwargs or {}))
        if not form.is_valid():
            messages.error(request, "Check the highlighted fields.")
            return render_detail(request, detention, forms={form_name: form}, status=400)
        data = form.cleaned_data
    try:
        call(detention, data, posted_version(request))
    except ValidationError as error:
        if form_class is not None:
            apply_errors(form, error)
            messages.error(request, message_for(error))
            return render_detail(request, detention, forms={form_name: form}, status=400)
        messages.error(request, message_for(error))
    except CaseError as error:
        messages.error(request, message_for(error))
        if form_class is not None:
            return _keep_typed(request, pk, error, form_class, form_name, form_kwargs)
    else:
        messages.success(request, success)
    # Actions taken from a list (the supervisor's review queue) return to that list.
    if request.POST.get("return_to") in RETURN_PAGES:
        return redirect(request.POST["return_to"])
    return redirect("detention", pk=pk)


def _keep_typed(request, pk, error, form_class, form_name, form_kwargs):
    """A refused form comes back filled in with what was typed, built on the case as it is now, so that
    after a stale-version refusal the person checks the case and sends it again without retyping."""
    detention = _detention(request, pk)
    data = request.POST.copy()
    data["version"] = str(detention.version)
    kept = form_class(data, **(form_kwargs or {}))
    kept.is_valid()
    if isinstance(error, StaleObject):
        messages.info(request, "What you typed is kept in the form below: check the case and send it again.")
    return render_detail(request, detention, forms={form_name: kept},
                         status=403 if isinstance(error, ActionNotPermitted) else 409)


@staff_required
@require_POST
def take(request, pk: int):
    return _act(request, pk, success="You took the case; it is now in your queue.",
                call=lambda d, data, v: detentions.take_detention(actor=request.user, detention=d, expected_version=v))


@staff_required
@require_POST
def record_export_election(request, pk: int):
    return _act(
        request, pk, form_class=ExportElectionForm, form_name="export_form",
        success="The importer's election to export is recorded; the case is closed.",
        call=lambda d, data, v: detentions.elect_export(
            actor=request.user, detention=d, exported_on=data["exported_on"], expected_version=v),
    )


@staff_required
@require_POST
def assign(request, pk: int):
    return _act(
        request, pk, form_class=AssignForm, form_name="assign_form", success="The case was assigned.",
        call=lambda d, data, v: detentions.assign_detention(
            actor=request.user, detention=d, officer=data["officer"], reason=data["reason"], expected_version=v),
    )


@staff_required
@require_POST
def propose(request, pk: int):
    detention = _detention(request, pk)
    return _act(
        request, pk, form_class=ProposeDecisionForm, form_name="propose_form", form_kwargs={"basis": detention.basis},
        success="Decision proposed; it takes effect when a supervisor approves it.",
        call=lambda d, data, v: decisions.propose_decision(
            actor=request.user, detention=d, outcome=data["outcome"], reasons=data["reasons"],
            release_ground=data.get("release_ground", ""), expected_version=v),
    )


@staff_required
@require_POST
def approve(request, pk: int):
    """Approving takes effect at once and cannot be undone: the button leads to a confirmation step first."""
    if not confirmed(request):
        detention = _detention(request, pk)
        pending = next((d for d in detention.decisions.all() if d.status == DecisionStatus.PROPOSED), None)
        return_to = request.POST.get("return_to", "")
        cancel = (reverse("supervisor-review", args=[pk]) if return_to == "supervisor"
                  else reverse("detention", args=[pk]))
        return render(request, "cases/confirm.html", {
            "title": "Approve the proposed decision?",
            "warning": "The decision takes effect today, the importer is told and it cannot be undone here.",
            "items": [decision_summary(detention, pending)] if pending else [],
            "action": reverse("detention-approve", args=[pk]), "confirm_label": "Yes, approve the decision",
            "hidden": [("version", request.POST.get("version", "")), ("return_to", return_to)],
            "cancel_url": cancel,
        })
    return _act(request, pk, success="Decision approved; it takes effect today.",
                call=lambda d, data, v: decisions.approve_decision(actor=request.user, detention=d,
                                                                   expected_version=v))


@staff_required
@require_POST
def send_back(request, pk: int):
    return _act(
        request, pk, form_class=SendBackForm, form_name="send_back_form",
        success="The proposal was sent back to the officer.",
        call=lambda d, data, v: decisions.send_back_decision(
            actor=request.user, detention=d, reason=data["reason"], expected_version=v),
    )


@staff_required
@require_POST
def start_review(request, pk: int):
    return _act(request, pk, success="Review started.",
                call=lambda d, data, v: submissions.start_review(actor=request.user, detention=d,
                                                                 expected_version=v))


@staff_required
@require_POST
def send_rfi(request, pk: int):
    return _act(
        request, pk, form_class=RfiForm, form_name="rfi_form", success="Request for information sent.",
        call=lambda d, data, v: rfis.send_rfi(actor=request.user, detention=d, questions=data["questions"],
                                              expected_version=v),
    )


@staff_required
@require_POST
def add_note(request, pk: int):
    return _act(
        request, pk, form_class=NoteForm, form_name="note_form", success="Note saved.",
        call=lambda d, data, v: detentions.add_note(actor=request.user, detention=d, body=data["body"],
                                                    visibility=data["visibility"]),
    )


@staff_required
def notice(request, pk: int):
    """The notice form (GET) and issuing it (POST), then the printable notice."""
    detention = _detention(request, pk)
    if detention.notice_issued_on:
        return redirect("detention-notice-print", pk=pk)
    if "issue_notice" not in allowed_actions(request.user, detention):
        messages.error(request, "You may not issue the notice of detention for this case now.")
        return redirect("detention", pk=pk)
    form = NoticeForm(request.POST or None, initial=NoticeForm.initial_for(detention))
    if request.method == "POST" and form.is_valid() and not confirmed(request):
        # Issuing cannot be undone: the notice is shown as it will read, to issue or to change.
        if "change" not in request.POST:
            return render(request, "cases/notice_preview.html", {
                "detention": detention, "shipment": detention.shipment, "order": detention.order, "form": form,
                "notice": form.cleaned_data, "today": today(detention.port_code)})
    elif request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        try:
            detentions.issue_notice(actor=request.user, detention=detention, expected_version=posted_version(request),
                                    **data)
        except ValidationError as error:
            apply_errors(form, error)
        except CaseError as error:
            if not isinstance(error, StaleObject):
                messages.error(request, message_for(error))
                return redirect("detention", pk=pk)
            # Someone changed the case meanwhile: the form comes back filled in, on the current version.
            detention = _detention(request, pk)
            data = request.POST.copy()
            data["version"] = str(detention.version)
            form = NoticeForm(data)
            form.is_valid()
            form.add_error(None, message_for(error) + " What you typed is kept: check it and issue again.")
            return render(request, "cases/notice_form.html", {"detention": detention, "form": form}, status=409)
        else:
            messages.success(request, "Notice of detention issued as a PDF in the case's documents; the importer "
                                      "has been notified.")
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
