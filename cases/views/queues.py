"""The officers' work queues: tabs, filters kept in the URL, saved filters, CSV export, bulk assignment."""


from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import dateformat
from django.views.decorators.http import require_POST

from cases import detention_csv, listing, paging, queries, worklists
from cases.csv_safety import Echo, SafeWriter
from cases.errors import CaseError
from cases.forms import BulkAssignForm, QueueFilterForm, SavedFilterForm, officer_choices
from cases.models import (
    OPEN_DISPOSITION_STATUSES,
    OPEN_SEIZURE_STATUSES,
    Basis,
    DetentionStatus,
    SavedFilter,
    User,
)
from cases.services.detentions import assign_detention
from cases.services.support import business_calendar, today
from cases.views.common import (
    PAGE_SIZE,
    address_for_each,
    bulk_selection,
    cursor_page,
    message_for,
    paginate,
    staff_required,
)

FILTER_KEYS = ("tab", "sort", *QueueFilterForm.base_fields)


def _queue_request(request):
    """Tab, sort and filters from the URL. A filter, tab or sort key that does not parse is reported (the
    list of problems) and left out; the filters that parse still apply."""
    user = request.user
    problems = []
    default_tab = "mine" if user.is_officer else "all"
    tab = request.GET.get("tab") or default_tab
    if tab not in worklists.TABS:
        problems.append(f"“{tab[:40]}” is not a queue; showing “{worklists.TABS[default_tab]}”.")
        tab = default_tab
    sort, sort_problem = listing.parse_sort(request.GET, worklists.SORTS, "deadline")
    if sort_problem:
        problems.append(sort_problem)
    form = QueueFilterForm(request.GET or None, officers=officer_choices())
    problems += listing.filter_errors(form)
    cleaned = listing.valid_filters(form)
    day, calendar = today(), business_calendar()
    qs = worklists.apply_filters(worklists.queue(user, tab, day, calendar), cleaned)
    return tab, sort, form, qs, day, calendar, problems


def _query_string(request, **overrides) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("cursor", None)
    for key, value in overrides.items():
        params[key] = value
    return params.urlencode()


BASIS_LABELS = dict(Basis.choices)
STATUS_LABELS = dict(DetentionStatus.choices)


def _queue_row(d: dict, day, soon, addresses) -> dict:
    """What one row of the queue shows, from the row's values (worklists.queue_rows), worked out here once
    rather than looked up piece by piece in the template (docs/scale.md)."""
    due, officer = d["next_clock_due"], ""
    if d["assigned_officer_id"]:
        officer = User.name_shown(d["assigned_officer__first_name"], d["assigned_officer__last_name"],
                                  d["assigned_officer__username"])
    if d["wro_id"]:
        order, order_url = d["wro__reference"], addresses["wro"](d["wro_id"])
    elif d["finding_id"]:
        order, order_url = d["finding__reference"], addresses["finding"](d["finding_id"])
    else:
        order = order_url = ""
    return {
        "pk": d["id"], "version": d["version"], "entry": d["shipment__entry_number"],
        "url": addresses["detention"](d["id"]),
        "importer": d["shipment__importer__name"], "producer": d["shipment__producer__name"] or "",
        "basis": BASIS_LABELS.get(d["basis"], d["basis"]), "order": order, "order_url": order_url,
        "status": d["status"], "status_label": STATUS_LABELS.get(d["status"], d["status"]),
        "pending_proposal": bool(d["pending_decision_outcome"]),
        "days_waiting": (day - d["presented_on"]).days,
        "due": due, "due_iso": due.isoformat() if due else "",
        "due_text": dateformat.format(due, "j M Y") if due else "",
        "urgency": worklists.urgency(due, day, soon_limit=soon),
        "clock": worklists.clock_label(d["next_clock_kind"]),
        "countdown": listing.day_count(due, day),
        "port": d["port_code"], "officer": officer,
    }


@staff_required
def queue(request):
    tab, sort, form, qs, day, calendar, problems = _queue_request(request)
    page = cursor_page(request, qs, worklists.SORTS[sort], rows=worklists.queue_rows(qs), count=True)
    soon = worklists.due_soon_limit(day, calendar)
    addresses = {"detention": address_for_each("detention"), "wro": address_for_each("order", "wro"),
                 "finding": address_for_each("order", "finding")}
    rows = [_queue_row(d, day, soon, addresses) for d in page]
    tabs = [(key, label, _query_string(request, tab=key)) for key, label in worklists.TABS.items()]
    context = {
        "tab": tab, "tab_label": worklists.TABS[tab], "tabs": tabs, "sort": sort, "form": form, "page": page,
        "rows": rows, "today": day,
        "current_query": _query_string(request),
        "page_query": _query_string(request),
        "saved_filters": SavedFilter.objects.filter(owner=request.user),
        "save_form": SavedFilterForm(initial={"query_string": _query_string(request)}),
        "bulk_form": BulkAssignForm() if request.user.is_supervisor else None,
        "list_problems": problems,
    }
    return render(request, "cases/queue.html", context, status=400 if problems else 200)


@staff_required
def protest_queue(request):
    """The Protests tab: filed protests nearest their decision date first, with who proposed what."""
    day, calendar = today(), business_calendar()
    sort, problem = listing.parse_sort(request.GET, worklists.PROTEST_SORTS, "decide")
    qs = worklists.sorted_by(worklists.protest_queue(request.user), worklists.PROTEST_SORTS[sort])
    page = paginate(request, qs)
    rows = [
        {
            "protest": p,
            "days_left": (p.decide_by - day).days if p.decide_by else None,
            "countdown": listing.day_count(p.decide_by, day),
            "urgency": worklists.urgency(p.decide_by, day, calendar),
            "clock": worklists.clock_label(p.decide_kind),
        }
        for p in page
    ]
    tabs = [(key, label, _query_string(request, tab=key)) for key, label in worklists.TABS.items()]
    return render(request, "cases/protest_queue.html", {
        "tabs": tabs, "page": page, "rows": rows, "today": day, "sort": sort,
        "list_problems": [problem] if problem else []}, status=400 if problem else 200)


@staff_required
def pending_decision_queue(request):
    """The "Pending release or detain" tab: every presented entry whose 1499(c)(1) clock is open."""
    day, calendar = today(), business_calendar()
    sort, problem = listing.parse_sort(request.GET, worklists.PENDING_SORTS, "due")
    page = cursor_page(request, worklists.pending_decisions(request.user), worklists.PENDING_SORTS[sort],
                       per_page=PAGE_SIZE, count=True)
    rows = [{"clock": c, "days_left": (c.due_date - day).days, "countdown": listing.day_count(c.due_date, day),
             "urgency": worklists.urgency(c.due_date, day, calendar)} for c in page]
    tabs = [(key, label, _query_string(request, tab=key)) for key, label in worklists.TABS.items()]
    return render(request, "cases/pending_decision_queue.html", {
        "tabs": tabs, "page": page, "rows": rows, "sort": sort, "page_query": _query_string(request),
        "list_problems": [problem] if problem else []},
        status=400 if problem else 200)


@staff_required
def after_decision_queue(request):
    """Seizure and disposition work: open seizures, goods awaiting destruction or proof of export, and
    demands for redelivery, each with its next open clock; a fixed number of queries whatever the rows."""
    day, calendar = today(), business_calendar()
    user = request.user

    def next_clock(detention):
        open_ = [d for d in detention.deadlines.all() if d.state == "open"]
        return min(open_, key=lambda d: (d.due_date, d.id)) if open_ else None

    def rows(objects, describe):
        out = []
        for obj in objects:
            clock = next_clock(obj.detention)
            out.append({"obj": obj, "detention": obj.detention, "what": describe(obj), "clock": clock,
                        "label": worklists.clock_label(clock.kind) if clock else "",
                        "urgency": worklists.urgency(clock.due_date, day, calendar) if clock else "none"})
        return out

    related = ("detention__shipment__importer", "detention__assigned_officer")
    seizures = (queries.visible_seizures(user).filter(status__in=OPEN_SEIZURE_STATUSES)
                .select_related(*related).prefetch_related("detention__deadlines").order_by("id")[:200])
    dispositions = (queries.visible_dispositions(user).filter(status__in=OPEN_DISPOSITION_STATUSES)
                    .select_related(*related).prefetch_related("detention__deadlines")
                    .order_by("ordered_on", "id")[:200])
    redeliveries = (queries.visible_redeliveries(user).filter(status__in=["demanded", "not_redelivered"])
                    .select_related(*related).prefetch_related("detention__deadlines").order_by("demanded_on")[:200])
    tabs = [(key, label, _query_string(request, tab=key)) for key, label in worklists.TABS.items()]
    return render(request, "cases/after_decision_queue.html", {
        "tabs": tabs, "today": day,
        "seizures": rows(seizures, lambda s: s.get_status_display()),
        "dispositions": rows(dispositions, lambda d: f"{d.get_method_display()}: {d.get_status_display().lower()}"),
        "redeliveries": rows(redeliveries, lambda r: r.get_status_display()),
    })


@staff_required
def export_csv(request):
    """The filtered queue, every row (not just one page), as CSV for a spreadsheet."""
    _tab, sort, _form, qs, day, _calendar, problems = _queue_request(request)
    if problems:
        return HttpResponseBadRequest(" ".join(problems), content_type="text/plain; charset=utf-8")
    writer = SafeWriter(Echo())
    header = ["Entry number", "Importer", "Producer", "Basis", "Order", "State", "Port", "Assigned officer",
              "Presented on", "Detained on", "Days since presentation", "Next deadline", "Next deadline due"]

    def rows():
        yield writer.writerow(header)
        ordered = qs.order_by(*paging.order_expressions(paging.parse_ordering(worklists.SORTS[sort], qs.model)))
        for d, shown in detention_csv.rows(ordered):
            yield writer.writerow([
                d.shipment__entry_number, d.shipment__importer__name, d.shipment__producer__name or "",
                shown["basis_label"], shown["order_reference"], shown["status_label"], d.port_code,
                shown["officer_name"], d.presented_on.isoformat(), d.detained_on.isoformat(),
                (day - d.presented_on).days, worklists.clock_label(d.next_clock_kind),
                d.next_clock_due.isoformat() if d.next_clock_due else "",
            ])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="detentions-{day:%Y-%m-%d}.csv"'
    return response


@staff_required
@require_POST
def bulk_assign(request):
    """Assign each ticked detention to one officer: one service call (and one audit event) per case."""
    back = reverse("queue") + (f"?{request.POST['next_query']}" if request.POST.get("next_query") else "")
    if not request.user.is_supervisor:
        messages.error(request, "Only a supervisor may assign detentions to officers.")
        return redirect(back)
    form = BulkAssignForm(request.POST)
    picked = bulk_selection(request)
    if not form.is_valid() or not picked:
        messages.error(request, "Tick at least one detention and choose an officer.")
        return redirect(back)
    officer = form.cleaned_data["officer"]
    found = {d.pk: d for d in queries.visible_detentions(request.user).filter(pk__in=[pk for pk, _ in picked])}
    done, refused = 0, []
    for pk, version in picked:
        detention = found.get(pk)
        if detention is None:
            refused.append(f"Detention {pk}: not found.")
            continue
        try:
            assign_detention(actor=request.user, detention=detention, officer=officer, expected_version=version)
            done += 1
        except (CaseError, ValidationError) as error:
            refused.append(f"{detention.shipment.entry_number}: {message_for(error)}")
    if done:
        messages.success(request, f"Assigned {done} detention{'s' if done != 1 else ''} to {officer.display_name}.")
    for line in refused:
        messages.error(request, line)
    return redirect(back)


@staff_required
@require_POST
def save_filter(request):
    form = SavedFilterForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the filter a name.")
        return redirect(reverse("queue") + f"?{request.POST.get('query_string', '')}")
    query = form.cleaned_data["query_string"]
    try:
        with transaction.atomic():  # a savepoint: the duplicate name is refused without breaking the request
            SavedFilter.objects.create(owner=request.user, name=form.cleaned_data["name"], query_string=query)
        messages.success(request, f"Saved the filter “{form.cleaned_data['name']}”.")
    except IntegrityError:
        messages.error(request, f"You already have a filter named “{form.cleaned_data['name']}”; choose another name.")
    return redirect(reverse("queue") + (f"?{query}" if query else ""))


@staff_required
@require_POST
def delete_filter(request, pk: int):
    saved = get_object_or_404(SavedFilter, pk=pk, owner=request.user)
    saved.delete()
    messages.success(request, f"Deleted the filter “{saved.name}”.")
    return redirect("queue")
