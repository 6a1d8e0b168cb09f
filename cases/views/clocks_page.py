"""The All clocks page: every open deadline of every kind, filtered by kind, state, port, officer and due range."""

from django.shortcuts import render
from django.urls import reverse

from cases import all_clocks, worklists
from cases.clock_forms import ClockFilterForm
from cases.forms import officer_choices
from cases.services.support import business_calendar, today
from cases.views.common import cursor_page, staff_required

PAGE_SIZE = 50


def subject_link(deadline) -> tuple[str, str]:
    """(text, url) of what a clock hangs on; a shipment not yet detained has no page of its own."""
    if deadline.protest_id:
        d = deadline.detention
        return (f"Protest on entry {d.shipment.entry_number}",
                reverse("detention", args=[d.pk]) + f"#protest-{deadline.protest_id}")
    if deadline.rfi_id:
        d = deadline.detention
        return (f"Request for information on entry {d.shipment.entry_number}",
                reverse("detention", args=[d.pk]) + f"#rfi-{deadline.rfi_id}")
    if deadline.detention_id:
        d = deadline.detention
        return f"Detention of entry {d.shipment.entry_number}", reverse("detention", args=[d.pk])
    if deadline.investigation_id:
        i = deadline.investigation
        return f"Investigation {i.reference}", reverse("investigation", args=[i.pk])
    return f"Entry {deadline.shipment.entry_number} (not detained)", ""


def _importer(deadline):
    shipment = deadline.detention.shipment if deadline.detention_id else deadline.shipment
    return shipment.importer.name if shipment else ""


@staff_required
def all_clocks_page(request):
    form = ClockFilterForm(request.GET or None, officers=officer_choices())
    valid = not form.is_bound or form.is_valid()
    # A filter that does not parse is shown with its message; the others still apply.
    cleaned = {k: v for k, v in (form.cleaned_data if form.is_bound else {}).items() if k not in form.errors}
    sort = cleaned.get("sort") or "due"
    qs = all_clocks.apply_filters(all_clocks.clocks(request.user), cleaned)
    # Keyset pages and a count that stops at 1,000: the page costs the same at any number of clocks.
    page = cursor_page(request, qs, all_clocks.SORTS[sort], per_page=PAGE_SIZE, count=True)
    day, calendar = today(), business_calendar()
    rows = []
    for deadline in page:
        text, url = subject_link(deadline)
        officer = (deadline.detention.assigned_officer if deadline.detention_id
                   else deadline.investigation.assigned_officer if deadline.investigation_id else None)
        rows.append({
            "deadline": deadline, "label": all_clocks.kind_label(deadline.kind), "subject": text, "url": url,
            "importer": _importer(deadline), "officer": officer, "port": deadline.subject_port,
            "countdown": all_clocks.day_count(deadline.due_date, day) if deadline.state == "open" else "",
            "urgency": worklists.urgency(deadline.due_date, day, calendar) if deadline.state == "open" else "none",
        })
    params = request.GET.copy()
    for name in ("page", "cursor"):
        params.pop(name, None)
    group = cleaned.get("group") or ""
    tabs = []
    for key, label in [("", "All clocks")] + [(k, v[0]) for k, v in all_clocks.GROUPS.items()]:
        tab_params = params.copy()
        tab_params["group"] = key
        tabs.append((key, label, tab_params.urlencode()))
    return render(request, "cases/all_clocks.html", {
        "form": form, "page": page, "rows": rows, "tabs": tabs, "group": group, "sort": sort,
        "today": day, "page_query": params.urlencode(),
    }, status=200 if valid else 400)
