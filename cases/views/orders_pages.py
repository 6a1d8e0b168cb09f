"""The orders registry: WROs and Findings with search and filters, detail pages listing the detentions
held under each order, and the supervisor's actions (create, activate, modify, revoke, convert)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cases import action_forms, actions, listing, queries
from cases.csv_safety import Echo, SafeWriter
from cases.errors import CaseError
from cases.forms import OrderFilterForm
from cases.services.orders import FINDING_IN_FORCE, WRO_IN_FORCE
from cases.views.common import (
    PAGE_SIZE,
    apply_errors,
    cursor_page,
    declared_act_view,
    message_for,
    paginate,
    staff_required,
)
from cases.workflows import allowed_actions


def _filtered(user, data):
    kind = data.get("kind") or "wro"
    if kind == "finding":
        qs, date_field = queries.visible_findings(user), "published_date"
    else:
        qs, date_field = queries.visible_wros(user), "effective_date"
    if data.get("q"):
        q = data["q"]
        qs = qs.filter(Q(reference__icontains=q) | Q(entity_name__icontains=q) | Q(merchandise__icontains=q))
    if data.get("status"):
        qs = qs.filter(status=data["status"])
    if data.get("country"):
        qs = qs.filter(country=data["country"].upper())
    if data.get("merchandise"):
        qs = qs.filter(merchandise__icontains=data["merchandise"])
    if data.get("entity"):
        qs = qs.filter(entity_name__icontains=data["entity"])
    if data.get("date_from"):
        qs = qs.filter(**{f"{date_field}__gte": data["date_from"]})
    if data.get("date_to"):
        qs = qs.filter(**{f"{date_field}__lte": data["date_to"]})
    return kind, qs


# Sort keys of the registry; "date" is the effective date of a WRO, the publication date of a Finding.
SORTS = {
    "reference": ("reference",), "entity": ("entity_name", "reference"), "country": ("country", "reference"),
    "merchandise": ("merchandise", "reference"), "date": ("date", "reference"), "status": ("status", "reference"),
}
SORTS.update({f"-{key}": tuple(f"-{f}" for f in fields) for key, fields in list(SORTS.items())})
DEFAULT_SORT = "-date"


def _registry_request(request):
    """Kind, sort, form and the sorted orders from the URL, with the settings that did not parse."""
    form = OrderFilterForm(request.GET or None)
    problems = listing.filter_errors(form)
    kind, qs = _filtered(request.user, listing.valid_filters(form))
    sort, sort_problem = listing.parse_sort(request.GET, SORTS, DEFAULT_SORT)
    if sort_problem:
        problems.append(sort_problem)
    date_field = "published_date" if kind == "finding" else "effective_date"
    ordering = [F(f.lstrip("-")).desc(nulls_last=True) if f.startswith("-") else F(f).asc(nulls_last=True)
                for f in SORTS[sort]]
    qs = qs.annotate(date=F(date_field)).order_by(*ordering, "pk")
    return kind, sort, form, qs, problems


@staff_required
def registry(request):
    kind, sort, form, qs, problems = _registry_request(request)
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "cases/orders.html", {
        "form": form, "kind": kind, "sort": sort, "page": paginate(request, qs), "query": params.urlencode(),
        **_creation(request, kind), "list_problems": problems,
    }, status=400 if problems else 200)


@staff_required
def registry_csv(request):
    """The filtered, sorted registry, every row, as CSV (formula cells neutralised)."""
    kind, _sort, _form, qs, problems = _registry_request(request)
    if problems:
        return HttpResponseBadRequest(" ".join(problems), content_type="text/plain; charset=utf-8")
    writer = SafeWriter(Echo())
    date_label = "Published" if kind == "finding" else "Effective"

    def rows():
        yield writer.writerow(["Reference", "Entity", "Country", "Merchandise", "HTS codes", date_label, "Status"])
        for order in qs.iterator(chunk_size=500):
            yield writer.writerow([
                order.reference, order.entity_name, listing.country_name(order.country), order.merchandise,
                " ".join(order.hts_codes or []), order.date.isoformat() if order.date else "",
                order.get_status_display(),
            ])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    name = "findings" if kind == "finding" else "withhold-release-orders"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


ORDER_KINDS = ("wro", "finding")
HELD_ORDER = ("-detained_on", "-id")


def _order(request, kind, pk):
    if kind not in ORDER_KINDS:
        raise Http404("No such kind of order.")
    qs = queries.visible_findings(request.user) if kind == "finding" else queries.visible_wros(request.user)
    return queries.get_visible_or_404(qs, pk=pk)


def render_order(request, order, *, forms=None, status=200):
    # Newest first, a keyset page read from the (order, detained_on, id) index: an order that held thousands of
    # entries costs what one page does. Only the columns a row shows are joined.
    held = queries.visible_detentions(request.user).filter(**{order.kind: order})
    rows = held.select_related(None).select_related("shipment__importer")
    context = {
        "order": order, "kind": order.kind, "actions": allowed_actions(request.user, order),
        "page": cursor_page(request, held, HELD_ORDER, per_page=PAGE_SIZE, rows=rows, count=True),
        "exemptions": order.exemptions.select_related("producer", "importer").order_by("effective_date"),
        **{name: _form(request, order, ACT_OF[order.kind][name]) for name in FORM_NAMES if name in ACT_OF[order.kind]},
        "petitions": queries.visible_petitions(request.user).filter(**{order.kind: order}).order_by("-id"),
        "petition_form": _petition_form(request, order),
        "in_force": order.status in (WRO_IN_FORCE if order.kind == "wro" else FINDING_IN_FORCE),
    }
    context.update(forms or {})
    return render(request, "cases/order_detail.html", context, status=status)


@staff_required
def detail(request, kind: str, pk: int):
    return render_order(request, _order(request, kind, pk))


# The new order's fields share names with the registry's filters: their ids differ.
NEW_IDS = "new-%s"
# The record each tab of the registry makes, declared once in cases.actions with the API's POST on its list.
CREATES = {"wro": ("wro", "draft", "order-create"), "finding": ("finding", "record", "order-record-finding")}


def _creation(request, kind, form=None) -> dict:
    """The form that makes a new order of the tab's kind, for those who may (Findings: supervisors)."""
    act = actions.get(*CREATES[kind][:2])
    if request.user.role not in act.roles:
        return {}
    return {"create_form": form or action_forms.form_class(act)(user=request.user, auto_id=NEW_IDS),
            "create_label": act.label, "create_url": reverse(CREATES[kind][2])}


def _create(request, kind):
    act = actions.get(*CREATES[kind][:2])
    form = action_forms.form_class(act)(request.POST, user=request.user, auto_id=NEW_IDS)
    data = action_forms.validate(act, form, {"request": request})
    if data is not None:
        try:
            order = act.perform(request.user, None, data)
        except ValidationError as error:
            apply_errors(form, error)
        except CaseError as error:
            messages.error(request, message_for(error))
            return redirect(f"{reverse('orders')}?kind={kind}")
        else:
            messages.success(request, f"{act.done} ({order.reference})")
            return redirect("order", kind=order.kind, pk=order.pk)
    messages.error(request, "Check the highlighted fields.")
    qs = _filtered(request.user, {"kind": kind})[1]
    qs = qs.annotate(date=F("published_date" if kind == "finding" else "effective_date")).order_by(
        F("date").desc(nulls_last=True), "reference", "pk")
    return render(request, "cases/orders.html", {
        "form": OrderFilterForm(initial={"kind": kind}), "kind": kind, "sort": DEFAULT_SORT,
        "page": paginate(request, qs), "query": f"kind={kind}", **_creation(request, kind, form),
        "open_create": True,
    }, status=400)


def _create_page(kind, action):
    return declared_act_view(kind, action, lambda request, _pk, _action: _create(request, kind), staff_required)


# The order page's forms, by the name the template knows them by, and the act each posts for each kind of
# order; each act is declared once in cases.actions, like the API's endpoints.
FORM_NAMES = ("activate_form", "modify_form", "end_form", "convert_form")
ACT_OF = {
    "wro": {"activate_form": "activate", "modify_form": "modify", "end_form": "revoke",
            "convert_form": "convert_to_finding"},
    "finding": {"modify_form": "modify", "end_form": "mark_no_longer_necessary"},
}


def _form(request, order, action, data=None):
    act = actions.get(order.kind, action)
    return action_forms.form_class(act)(data, user=request.user, subject=order)


def _order_action(request, kind, pk, form_name):
    order = _order(request, kind, pk)
    action = ACT_OF[kind].get(form_name)
    if action is None:
        raise Http404("No such act on this kind of order.")
    act = actions.get(kind, action)
    form = _form(request, order, action, data=request.POST)
    data = action_forms.validate(act, form, {"request": request})
    return _post(request, order, form, form_name, data, success=act.done,
                 call=lambda data: act.perform(request.user, order, data))


def _post(request, order, form, form_name, data, *, call, success):
    """Run `call(data)` when the form was valid and go to the order it leads to; a refusal returns to the
    order with the reason, bad input comes back on the page with the field marked."""
    if data is not None:
        try:
            result = call(data)
        except ValidationError as error:
            apply_errors(form, error)
        except CaseError as error:
            messages.error(request, message_for(error))
            return redirect("order", kind=order.kind, pk=order.pk)
        else:
            messages.success(request, success)
            return redirect("order", kind=result.kind, pk=result.pk)
    messages.error(request, "Check the highlighted fields.")
    return render_order(request, order, forms={form_name: form}, status=400)


@staff_required
@require_POST
def activate(request, pk: int):
    return _order_action(request, "wro", pk, "activate_form")


@staff_required
@require_POST
def modify(request, kind: str, pk: int):
    return _order_action(request, kind, pk, "modify_form")


@staff_required
@require_POST
def end(request, kind: str, pk: int):
    """Revoke a WRO, or mark a Finding no longer necessary."""
    return _order_action(request, kind, pk, "end_form")


@staff_required
@require_POST
def convert(request, pk: int):
    return _order_action(request, "wro", pk, "convert_form")


def _petition_form(request, order, data=None):
    act = actions.get("order_petition", "record")
    return action_forms.form_class(act)(data, user=request.user, subject=order)


@staff_required
@require_POST
def file_petition(request, kind: str, pk: int):
    """Record a petition the Forced Labor Division received to modify or revoke this order: the act declared in
    cases.actions, with the order from the page's URL."""
    order = _order(request, kind, pk)
    act = actions.get("order_petition", "record")
    form = _petition_form(request, order, request.POST)
    data = action_forms.validate(act, form, {"request": request}, given={order.kind: order.pk})
    return _post(request, order, form, "petition_form", data, success=act.done,
                 call=lambda data: act.perform(request.user, None, data).order)


create_wro = _create_page("wro", "draft")
record_finding = _create_page("finding", "record")
