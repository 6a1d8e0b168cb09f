"""Screening pages: the hits queue, a hit with its dispositions, and the reference lists (administrators
upload a version, see its diff, confirm or discard it; staff check a line without recording it)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cases.errors import CaseError
from cases.models import Role
from cases.screening import engine, list_services
from cases.screening import queries as screening_queries
from cases.screening import services as screening
from cases.screening.forms import ClearHitForm, DetainFromHitForm, HoldHitForm, ListUploadForm, ScreeningCheckForm
from cases.screening.lists import ListFileError
from cases.screening.models import HitStatus, ReferenceList, ReferenceListVersion, VersionStatus
from cases.services.support import today
from cases.views.common import message_for, paginate, staff_required


@staff_required
def hits_queue(request):
    status = request.GET.get("status", "")
    entry = request.GET.get("entry", "")
    page = paginate(request, screening_queries.hits_queue(request.user, status, entry))
    return render(request, "screening/hits_queue.html", {
        "page": page, "status": status, "entry": entry, "statuses": HitStatus.choices, "today": today(),
    })


def _hit(request, pk):
    return get_object_or_404(screening_queries.visible_hits(request.user), pk=pk)


@staff_required
def hit_detail(request, pk: int, forms=None):
    hit = _hit(request, pk)
    forms = forms or {}
    context = {
        "hit": hit, "today": today(),
        # Prefixed: the three forms share a page, and field ids must be unique on it.
        "clear_form": forms.get("clear") or ClearHitForm(prefix="clear"),
        "hold_form": forms.get("hold") or HoldHitForm(prefix="hold", initial={
            "presentation_date": hit.shipment.presentation_date or today(hit.shipment.port_code)}),
        "detain_form": forms.get("detain") or DetainFromHitForm(prefix="detain", hit=hit),
        "other_hits": screening_queries.visible_hits(request.user).filter(shipment=hit.shipment).exclude(pk=hit.pk),
        "can_decide": request.user.role in (Role.OFFICER, Role.SUPERVISOR),
    }
    return render(request, "screening/hit_detail.html", context, status=400 if forms else 200)


def _dispose(request, pk, form_class, key, call, success, **form_kwargs):
    hit = _hit(request, pk)
    form = form_class(request.POST, prefix=key, **form_kwargs)
    if not form.is_valid():
        return hit_detail(request, pk, forms={key: form})
    try:
        result = call(hit, form.cleaned_data)
    except (CaseError, ValidationError) as error:
        messages.error(request, message_for(error))
        return redirect("screening-hit", pk=pk)
    messages.success(request, success)
    if key == "detain":
        return redirect("detention", pk=result[1].pk)
    return redirect("screening-hit", pk=pk)


@staff_required
@require_POST
def clear(request, pk: int):
    return _dispose(request, pk, ClearHitForm, "clear",
                    lambda hit, data: screening.clear_hit(actor=request.user, hit=hit, reason=data["reason"]),
                    "Hit cleared as a false positive.")


@staff_required
@require_POST
def hold(request, pk: int):
    return _dispose(request, pk, HoldHitForm, "hold",
                    lambda hit, data: screening.hold_hit_for_examination(
                        actor=request.user, hit=hit, presentation_date=data["presentation_date"],
                        reason=data.get("reason", "")),
                    "Held for examination: the 5-business-day release-or-detain clock is running.")


@staff_required
@require_POST
def detain(request, pk: int):
    return _dispose(request, pk, DetainFromHitForm, "detain",
                    lambda hit, data: screening.detain_from_hit(
                        actor=request.user, hit=hit, basis=data["basis"], wro=data.get("wro"),
                        finding=data.get("finding"), presentation_date=data.get("presentation_date"),
                        this_line_only=data.get("this_line_only", False)),
                    "Entry detained; the notice of detention is due within 5 business days.")


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
