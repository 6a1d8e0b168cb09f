"""Investigations: the list, the detail page with the 11 ILO indicators as a checklist, and the actions
up to recommending a WRO (which drafts an order linked back to the investigation)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cases import action_forms, actions, listing, queries
from cases.csv_safety import Echo, SafeWriter
from cases.errors import CaseError
from cases.forms import (
    IndicatorChecklistForm,
    InvestigationFilterForm,
)
from cases.models import IloIndicator
from cases.views.common import apply_errors, declared_act_view, message_for, paginate, staff_required
from cases.workflows import allowed_actions

SORTS = {
    "reference": ("reference",), "subject": ("subject", "reference"), "merchandise": ("merchandise", "reference"),
    "country": ("country", "reference"), "received": ("allegation_received_on", "reference"),
    "status": ("status", "reference"), "officer": ("assigned_officer__last_name", "assigned_officer__first_name",
                                                   "reference"),
}
SORTS.update({f"-{key}": tuple(f"-{f}" for f in fields) for key, fields in list(SORTS.items())})
DEFAULT_SORT = "-received"


def _list_request(request):
    """The filtered, sorted investigations from the URL, with the settings that did not parse."""
    form = InvestigationFilterForm(request.GET or None)
    problems = listing.filter_errors(form)
    data = listing.valid_filters(form)
    qs = queries.visible_investigations(request.user)
    if data.get("status"):
        qs = qs.filter(status=data["status"])
    if data.get("q"):
        qs = qs.filter(Q(reference__icontains=data["q"]) | Q(subject__icontains=data["q"])
                       | Q(merchandise__icontains=data["q"]))
    if data.get("mine"):
        qs = qs.filter(assigned_officer=request.user)
    sort, sort_problem = listing.parse_sort(request.GET, SORTS, DEFAULT_SORT)
    if sort_problem:
        problems.append(sort_problem)
    ordering = [F(f.lstrip("-")).desc(nulls_last=True) if f.startswith("-") else F(f).asc(nulls_last=True)
                for f in SORTS[sort]]
    return sort, form, qs.order_by(*ordering, "pk"), problems


@staff_required
def investigation_list(request):
    sort, form, qs, problems = _list_request(request)
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "cases/investigations.html",
                  {"form": form, "sort": sort, "page": paginate(request, qs), "query": params.urlencode(),
                   "list_problems": problems, "allegation_form": _allegation_form(request)},
                  status=400 if problems else 200)


def _allegation_form(request, data=None):
    return action_forms.form_class(actions.get("investigation", "log_allegation"))(data, user=request.user,
                                                                                   auto_id="new-%s")


def _log_allegation(request, _pk, _action):
    """Log an allegation (the act declared in cases.actions): the new investigation's page, or the list with
    the form as typed and the problems marked."""
    act = actions.get("investigation", "log_allegation")
    form = _allegation_form(request, request.POST)
    data = action_forms.validate(act, form, {"request": request})
    if data is not None:
        try:
            investigation = act.perform(request.user, None, data)
        except ValidationError as error:
            apply_errors(form, error)
        except CaseError as error:
            messages.error(request, message_for(error))
            return redirect("investigations")
        else:
            messages.success(request, f"{act.done} ({investigation.reference})")
            return redirect("investigation", pk=investigation.pk)
    messages.error(request, "Check the highlighted fields.")
    sort, filters, qs, _problems = _list_request(request)
    return render(request, "cases/investigations.html", {
        "form": filters, "sort": sort, "page": paginate(request, qs), "query": "", "allegation_form": form,
        "open_allegation": True}, status=400)


log_allegation = declared_act_view("investigation", "log_allegation", _log_allegation, staff_required)


@staff_required
def investigation_csv(request):
    """The filtered, sorted investigations, every row, as CSV (formula cells neutralised)."""
    _sort, _form, qs, problems = _list_request(request)
    if problems:
        return HttpResponseBadRequest(" ".join(problems), content_type="text/plain; charset=utf-8")
    writer = SafeWriter(Echo())

    def rows():
        yield writer.writerow(["Reference", "Subject", "Merchandise", "Country", "Allegation received", "Status",
                               "Priority", "Officer"])
        for inv in qs.iterator(chunk_size=500):
            yield writer.writerow([
                inv.reference, inv.subject, inv.merchandise, listing.country_name(inv.country),
                inv.allegation_received_on.isoformat(), inv.get_status_display(), inv.get_priority_display(),
                inv.assigned_officer.display_name if inv.assigned_officer else "",
            ])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="investigations.csv"'
    return response


def _investigation(request, pk):
    return queries.get_visible_or_404(queries.visible_investigations(request.user), pk=pk)


def render_investigation(request, investigation, *, forms=None, status=200):
    assessments = list(investigation.indicators.all())
    context = {
        "investigation": investigation, "actions": allowed_actions(request.user, investigation),
        "checklist": IndicatorChecklistForm(assessments=assessments),
        "observed_count": sum(a.observed for a in assessments), "indicator_total": len(IloIndicator.values),
        **{name: _form(request, investigation, action) for action, name in FORM_NAMES.items()},
    }
    context["assign_form"].initial["officer"] = investigation.assigned_officer_id
    context.update(forms or {})
    return render(request, "cases/investigation_detail.html", context, status=status)


@staff_required
def investigation_detail(request, pk: int):
    return render_investigation(request, _investigation(request, pk))


# The investigation page's forms by the name the template knows them by; each is the form of an act declared
# once in cases.actions, like the API's endpoints.
FORM_NAMES = {"return_nonconforming": "return_form", "assign": "assign_form", "close_no_action": "close_form",
              "recommend_wro": "recommend_form"}


def _form(request, investigation, action, data=None):
    act = actions.get("investigation", action)
    return action_forms.form_class(act)(data, user=request.user, subject=investigation)


def _act(request, pk, action):
    act = actions.get("investigation", action)
    investigation = _investigation(request, pk)
    form = _form(request, investigation, action, data=request.POST)
    data = action_forms.validate(act, form, {"request": request})
    form_name = FORM_NAMES.get(action)
    if data is None:
        messages.error(request, "Check the highlighted fields.")
        return render_investigation(request, investigation, forms={form_name: form} if form_name else {}, status=400)
    try:
        result = act.perform(request.user, investigation, data)
    except ValidationError as error:
        messages.error(request, message_for(error))
        if form_name:
            apply_errors(form, error)
            return render_investigation(request, investigation, forms={form_name: form}, status=400)
    except CaseError as error:
        messages.error(request, message_for(error))
    else:
        messages.success(request, act.done)
        if getattr(result, "kind", None) == "wro":
            return redirect("order", kind="wro", pk=result.pk)
    return redirect("investigation", pk=pk)


def _page(action):
    return declared_act_view("investigation", action, _act, staff_required)


open_investigation = _page("open_investigation")
assign = _page("assign")
close = _page("close_no_action")
return_nonconforming = _page("return_nonconforming")
recommend = _page("recommend_wro")


@staff_required
@require_POST
def assess(request, pk: int):
    """Save the whole checklist: one service call per indicator whose answer changed, all or nothing."""
    investigation = _investigation(request, pk)
    assessments = list(investigation.indicators.all())
    form = IndicatorChecklistForm(request.POST, assessments=assessments)
    if not form.is_valid():
        return render_investigation(request, investigation, forms={"checklist": form}, status=400)
    current = {a.indicator: a for a in assessments}
    # The checklist saves every changed indicator at once, each through the act the API offers one by one.
    assess_act = actions.get("investigation", "assess_indicators")
    try:
        with transaction.atomic():
            for value in IloIndicator.values:
                observed = form.cleaned_data[f"{value}__observed"]
                notes = form.cleaned_data[f"{value}__notes"].strip()
                existing = current.get(value)
                if existing is not None and existing.observed == observed and existing.notes == notes:
                    continue
                try:
                    assess_act.perform(request.user, investigation,
                                       {"indicator": value, "observed": observed, "notes": notes})
                except ValidationError as error:
                    # The service speaks of "notes"; put the message next to this indicator's notes.
                    raise ValidationError({f"{value}__notes": error.messages}) from error
    except ValidationError as error:
        apply_errors(form, error)
        messages.error(request, message_for(error))
        return render_investigation(request, investigation, forms={"checklist": form}, status=400)
    except CaseError as error:
        messages.error(request, message_for(error))
        return redirect("investigation", pk=pk)
    messages.success(request, assess_act.done)
    return redirect("investigation", pk=pk)
