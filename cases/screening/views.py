"""Screening pages: the hits queue, a hit with its dispositions, and the reference lists (administrators
upload a version, see its diff, confirm or discard it; staff check a line without recording it)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cases import action_forms, actions
from cases.errors import CaseError
from cases.models import Role
from cases.screening import engine, list_services
from cases.screening import queries as screening_queries
from cases.screening.forms import ListUploadForm, ScreeningCheckForm
from cases.screening.lists import ListFileError
from cases.screening.models import HitStatus, ReferenceList, ReferenceListVersion, VersionStatus
from cases.screening.services import prefilled_order
from cases.services.shipments import BASES
from cases.services.support import today
from cases.views.common import PAGE_SIZE, cursor_page, declared_act_view, message_for, staff_required


@staff_required
def hits_queue(request):
    status = request.GET.get("status", "")
    entry = request.GET.get("entry", "")
    page = cursor_page(request, screening_queries.hits_queue(request.user, status, entry),
                       screening_queries.QUEUE_ORDER, per_page=PAGE_SIZE, count=True)
    return render(request, "screening/hits_queue.html", {
        "page": page, "status": status, "entry": entry, "statuses": HitStatus.choices, "today": today(),
        "page_query": urlencode({key: value for key, value in (("status", status), ("entry", entry)) if value}),
    })


def _hit(request, pk):
    return get_object_or_404(screening_queries.visible_hits(request.user), pk=pk)


# The page's forms, by the act each posts (declared once in cases.actions, like the API's endpoints). Prefixed:
# the three forms share a page, and field ids must be unique on it.
HIT_FORMS = {"clear_hit": "clear", "hold_hit_for_examination": "hold", "detain_from_hit": "detain"}


def _hit_form(request, hit, action, data=None):
    act = actions.get("hit", action)
    initial = {}
    if action == "hold_hit_for_examination":
        initial = {"presentation_date": hit.shipment.presentation_date or today(hit.shipment.port_code)}
    elif action == "detain_from_hit":
        basis, wro, finding = prefilled_order(hit)
        initial = {"basis": basis if basis in BASES else "", "wro": wro, "finding": finding}
    return action_forms.form_class(act)(data, user=request.user, subject=hit, prefix=HIT_FORMS[action],
                                        initial=initial)


@staff_required
def hit_detail(request, pk: int, forms=None):
    hit = _hit(request, pk)
    forms = forms or {}
    context = {
        "hit": hit, "today": today(),
        **{f"{key}_form": forms.get(action) or _hit_form(request, hit, action) for action, key in HIT_FORMS.items()},
        "other_hits": screening_queries.visible_hits(request.user).filter(shipment=hit.shipment).exclude(pk=hit.pk),
        "can_decide": request.user.role in (Role.OFFICER, Role.SUPERVISOR),
    }
    return render(request, "screening/hit_detail.html", context, status=400 if forms else 200)


def _act(request, pk, action):
    """Validate the act's form with its input, run its service; bad input comes back on the hit's page, a
    refusal as a message."""
    act = actions.get("hit", action)
    hit = _hit(request, pk)
    form = _hit_form(request, hit, action, request.POST)
    data = action_forms.validate(act, form, {"request": request})
    if data is None:
        return hit_detail(request, pk, forms={action: form})
    try:
        result = act.perform(request.user, hit, data)
    except (CaseError, ValidationError) as error:
        messages.error(request, message_for(error))
        return redirect("screening-hit", pk=pk)
    messages.success(request, act.done)
    if act.created == "detention":
        return redirect("detention", pk=result.pk)
    return redirect("screening-hit", pk=pk)


def _page(action):
    return declared_act_view("hit", action, _act, staff_required)


clear = _page("clear_hit")
hold = _page("hold_hit_for_examination")
detain = _page("detain_from_hit")


@staff_required
def lists_page(request, check_form=None, results=None, upload_forms=None):
    lists = list(ReferenceList.objects.order_by("name"))
    pending = ReferenceListVersion.objects.filter(status=VersionStatus.PENDING).select_related(
        "reference_list", "uploaded_by")
    upload_forms = upload_forms or {}
    return render(request, "screening/lists.html", {
        "lists": [(r, upload_forms.get(r.pk) or ListUploadForm(prefix=f"list{r.pk}")) for r in lists],
        "pending": pending, "is_admin": request.user.role == Role.ADMIN, "orders_code": engine.ORDERS,
        "check_form": check_form or ScreeningCheckForm(), "results": results,
    }, status=400 if upload_forms else 200)


@staff_required
def check(request):
    form = ScreeningCheckForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        results = [r.as_check_answer() for r in engine.check_line(
            manufacturer_name=form.cleaned_data["manufacturer_name"],
            manufacturer_address=form.cleaned_data["manufacturer_address"],
            country=form.cleaned_data["country"], hts=form.cleaned_data["hts"])]
    return lists_page(request, check_form=form, results=results)


def _admin_only(request):
    if request.user.role != Role.ADMIN:
        raise Http404("No such page.")


@staff_required
@require_POST
def upload(request, pk: int):
    _admin_only(request)
    reference_list = get_object_or_404(ReferenceList, pk=pk)
    form = ListUploadForm(request.POST, request.FILES, prefix=f"list{pk}")
    if not form.is_valid():
        return lists_page(request, upload_forms={pk: form})
    uploaded = form.cleaned_data["file"]
    if uploaded.size > 5 * 1024 * 1024:
        form.add_error("file", f"The file is {uploaded.size:,} bytes; a list file may be at most 5 MB.")
        return lists_page(request, upload_forms={pk: form})
    try:
        version = list_services.stage_list_version(actor=request.user, reference_list=reference_list,
                                                   file_name=uploaded.name, content=uploaded.read())
    except ListFileError as error:
        form.add_error("file", " ".join([str(error), *error.errors[:20]]))
        return lists_page(request, upload_forms={pk: form})
    except CaseError as error:
        messages.error(request, message_for(error))
        return redirect("screening-lists")
    return redirect("screening-list-version", pk=version.pk)


@staff_required
def version_detail(request, pk: int):
    _admin_only(request)
    version = get_object_or_404(ReferenceListVersion.objects.select_related("reference_list", "uploaded_by"), pk=pk)
    return render(request, "screening/list_version.html", {"version": version, "diff": version.diff})


@staff_required
@require_POST
def version_decide(request, pk: int, decision: str):
    _admin_only(request)
    version = get_object_or_404(ReferenceListVersion, pk=pk)
    try:
        if decision == "confirm":
            list_services.confirm_list_version(actor=request.user, version=version)
            messages.success(request, "List updated; open and recent entries are being re-screened.")
        else:
            list_services.discard_list_version(actor=request.user, version=version)
            messages.success(request, "Upload discarded; the list is unchanged.")
    except CaseError as error:
        messages.error(request, message_for(error))
    return redirect("screening-list-version", pk=pk)
