"""Entries in the officers' workspace: register one with its lines, upload a file of entries and follow
its import (the progress bar polls the job), download the refused rows, view an entry."""

from http import HTTPStatus

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from cases import action_forms, actions, queries
from cases.csv_safety import Echo, SafeWriter
from cases.errors import CaseError
from cases.models import EntryType, ImportJobError, ReleaseStatus
from cases.services import imports, intake
from cases.views.common import apply_errors, confirmed, declared_act_view, message_for, staff_required
from evidence.intake import EvidenceMultiPartParser, EvidenceUploadHandler

RECENT_JOBS = 20


class EntryImportUploadHandler(EvidenceUploadHandler):
    """The evidence intake's streaming handler, with the entry file's own size limit."""

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.ENTRY_IMPORT_MAX_UPLOAD_BYTES
        self.temp_dir = settings.ENTRY_IMPORT_ROOT / "incoming"

    def refuse(self, status: int, message: str) -> None:
        if status == HTTPStatus.REQUEST_ENTITY_TOO_LARGE:
            shown = (f"{self.limit // (1024 * 1024):,} MB" if self.limit >= 1024 * 1024 else f"{self.limit:,} bytes")
            message = (f"The file is larger than {shown}, the largest entries file accepted. Nothing was "
                       "imported. Split it into smaller files and upload each.")
        super().refuse(status, message)


def _receive(request) -> EntryImportUploadHandler:
    handler = EntryImportUploadHandler(request)
    request.upload_handlers = [handler]
    request.parse_file_upload = lambda META, post_data: EvidenceMultiPartParser(
        META, post_data, [handler], request.encoding).parse()
    try:
        request.POST  # noqa: B018 - parses the body through the handler
    except Exception:  # noqa: BLE001 - a malformed body is answered 400 below
        handler.discard()
        handler.refuse(HTTPStatus.BAD_REQUEST, "The upload could not be read (the form data was malformed or "
                                               "incomplete). Nothing was imported. Upload the file again.")
    if handler.upload is None and handler.refusal is None and handler.file is not None:
        handler.upload_interrupted()
    return handler


def _imports_page(request, *, error: str = "", status=HTTPStatus.OK):
    jobs = imports.visible_jobs(request.user).select_related("created_by")[:RECENT_JOBS]
    return render(request, "cases/entry_imports.html", {
        "jobs": jobs, "error": error, "columns": intake.CSV_COLUMNS,
        "max_megabytes": settings.ENTRY_IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024),
    }, status=status)


@staff_required
def imports_home(request):
    return _imports_page(request)


@csrf_exempt  # the body must reach the streaming handler before anything parses it; the token is checked below
@staff_required
@require_http_methods(["POST"])
def upload(request):
    handler = _receive(request)
    try:
        if handler.refusal:
            return _imports_page(request, error=handler.refusal, status=handler.refusal_status)
        return _accept(request, handler.upload)
    finally:
        handler.discard()


@csrf_protect
def _accept(request, uploaded):
    if uploaded is None:
        return _imports_page(request, error="Choose a file to upload.", status=HTTPStatus.BAD_REQUEST)
    try:
        job = imports.start_import(actor=request.user, uploaded_file=uploaded,
                                   original_name=getattr(uploaded, "original_name", uploaded.name))
    except (ValidationError, CaseError) as error:
        status = getattr(error, "status", HTTPStatus.BAD_REQUEST)
        return _imports_page(request, error=message_for(error), status=status)
    return redirect("entry-import", pk=job.pk)


@staff_required
def job_page(request, pk: int):
    job = get_object_or_404(imports.visible_jobs(request.user), pk=pk)
    return render(request, "cases/entry_import.html", {"job": job})


@staff_required
def job_progress(request, pk: int):
    job = get_object_or_404(imports.visible_jobs(request.user), pk=pk)
    return render(request, "cases/_import_progress.html", {"job": job})


@staff_required
def job_errors(request, pk: int):
    job = get_object_or_404(imports.visible_jobs(request.user), pk=pk)
    writer = SafeWriter(Echo())

    def rows():
        yield "\ufeff" + writer.writerow(["File row", "Entry number", "Line number", "Why it was refused"])
        if job.failure:
            yield writer.writerow(["", "", "", job.failure])
        for error in ImportJobError.objects.filter(job=job).order_by("row", "id").iterator(chunk_size=1000):
            yield writer.writerow([error.row, error.entry_number, error.line_number, error.message])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-refused-rows.csv"'
    return response


class EntryHeaderForm(forms.Form):
    entry_number = forms.CharField(
        max_length=13, help_text="3-character filer code, 7 digits and the check digit, for example ABC-1234567-8.")
    entry_type = forms.ChoiceField(choices=EntryType.choices, initial=EntryType.CONSUMPTION)
    importer_number = forms.CharField(label="Importer of record number", max_length=20,
                                      help_text="NN-NNNNNNNXX, NNN-NN-NNNN or YYDDPP-NNNNN.")
    port_code = forms.CharField(max_length=4, help_text="4 digits, for example 1001.")
    importation_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    presentation_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                        help_text="When the goods were presented for examination, if they were.")


class EntryLineForm(forms.Form):
    hts_code = forms.CharField(label="HTSUS number", max_length=12, help_text="NNNN.NN.NNNN")
    description = forms.CharField(max_length=2000)
    country_of_origin = forms.CharField(max_length=2, help_text="ISO 3166 code, for example CN.")
    quantity = forms.DecimalField(min_value=0.01, decimal_places=2, max_digits=14)
    quantity_unit = forms.CharField(max_length=20, required=False, initial="units")
    value = forms.DecimalField(min_value=0.01, decimal_places=2, max_digits=14)
    currency = forms.CharField(max_length=3, initial="USD")
    manufacturer_id = forms.CharField(label="Manufacturer ID (MID)", max_length=15, required=False)
    manufacturer_name = forms.CharField(max_length=300, required=False)
    manufacturer_address = forms.CharField(max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


EntryLineFormSet = forms.formset_factory(EntryLineForm, extra=1, min_num=1, validate_min=True, max_num=999)


@staff_required
@require_http_methods(["GET", "POST"])
def register(request):
    if request.method == "GET":
        wanted = request.GET.get("lines", "")
        extra = min(max(int(wanted), 1), 50) if wanted.isdigit() else 1
        header = EntryHeaderForm()
        lines = forms.formset_factory(EntryLineForm, extra=extra, max_num=999)(prefix="lines")
        return render(request, "cases/entry_form.html", {"header": header, "lines": lines})
    header = EntryHeaderForm(request.POST)
    lines = EntryLineFormSet(request.POST, prefix="lines")
    if header.is_valid() and lines.is_valid():
        filled = [form.cleaned_data for form in lines if form.cleaned_data]
        specs = [{**data, "line_number": index} for index, data in enumerate(filled, start=1)]
        try:
            shipment = intake.register_entry(actor=request.user, header=header.cleaned_data, lines=specs)
        except (ValidationError, CaseError) as error:
            messages.error(request, message_for(error))
        else:
            messages.success(request, f"Entry {shipment.entry_number} was registered with {len(specs)} "
                                      f"line{'s' if len(specs) != 1 else ''}.")
            return redirect("entry", pk=shipment.pk)
    return render(request, "cases/entry_form.html", {"header": header, "lines": lines},
                  status=HTTPStatus.BAD_REQUEST)


def _entry(request, pk):
    return get_object_or_404(
        queries.visible_shipments(request.user).select_related("importer", "detention")
        .annotate(line_count=Count("lines")), pk=pk)


# The release-or-detain acts, declared once in cases.actions with the API's endpoints, by their page URL.
ENTRY_ACTS = {"record_presentation": "entry-presentation", "release": "entry-release", "detain": "entry-detain"}


def _act_forms(request, shipment, bound=None) -> list[dict]:
    """The acts open on the entry: to staff while the goods are neither released nor detained."""
    if shipment.release_status != ReleaseStatus.PENDING or request.user.role not in actions.get(
            "shipment", "detain").roles:
        return []
    bound = bound or {}
    forms_ = []
    for action, url_name in ENTRY_ACTS.items():
        act = actions.get("shipment", action)
        form = bound.get(action) or action_forms.form_class(act)(user=request.user, subject=shipment,
                                                                   prefix=action)
        forms_.append({"anchor": f"act-{action}", "label": act.label, "form": form, "citation": act.citation,
                       "url": reverse(url_name, args=[shipment.pk])})
    return forms_


def render_entry(request, shipment, bound=None, status=HTTPStatus.OK):
    return render(request, "cases/entry_detail.html", {
        "shipment": shipment, "lines": shipment.lines.order_by("line_number"),
        "detention_url": reverse("detention", args=[shipment.detention.pk]) if hasattr(shipment, "detention") else "",
        "acts": _act_forms(request, shipment, bound),
    }, status=status)


@staff_required
def entry_detail(request, pk: int):
    return render_entry(request, _entry(request, pk))


def _confirmation(request, act, form, shipment):
    """The step before the release: the entry, what was typed, the warning, and one button to go on."""
    facts = [("Importer of record", shipment.importer.name), ("Port", shipment.port_code)]
    facts += [(form.fields[name].label, value) for name, value in form.cleaned_data.items() if value]
    return render(request, "cases/confirm.html", {
        "title": f"{act.label}?", "warning": act.confirm,
        "items": [{"heading": f"Entry {shipment.entry_number}", "facts": facts}],
        "action": request.path, "confirm_label": act.confirm_label,
        "hidden": [(form.add_prefix(name), form.data.get(form.add_prefix(name), "")) for name in form.fields],
        "cancel_url": reverse("entry", args=[shipment.pk]),
    })


def _act(request, pk, action):
    """Validate the act's form with its input, confirm the release, run the service; bad input and refusals
    come back on the entry's page with what was typed."""
    act = actions.get("shipment", action)
    shipment = _entry(request, pk)
    form = action_forms.form_class(act)(request.POST, user=request.user, subject=shipment, prefix=action)
    data = action_forms.validate(act, form, {"request": request})
    if data is None:
        messages.error(request, "Check the highlighted fields.")
        return render_entry(request, shipment, {action: form}, status=HTTPStatus.BAD_REQUEST)
    if act.confirm and not confirmed(request):
        return _confirmation(request, act, form, shipment)
    try:
        result = act.perform(request.user, shipment, data)
    except ValidationError as error:
        messages.error(request, message_for(error))
        apply_errors(form, error)
        return render_entry(request, _entry(request, pk), {action: form}, status=HTTPStatus.BAD_REQUEST)
    except CaseError as error:
        messages.error(request, message_for(error))
        return redirect("entry", pk=pk)
    messages.success(request, act.done)
    if act.created == "detention":
        return redirect("detention", pk=result.pk)
    return redirect("entry", pk=pk)


def _page(action):
    return declared_act_view("shipment", action, _act, staff_required)


record_presentation = _page("record_presentation")
release = _page("release")
detain = _page("detain")
