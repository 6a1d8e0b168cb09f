"""Browser views: upload to a case object, the file's page with its custody log, and the download.

Every view reads through evidence.queries, so a file outside the person's scope answers 404 exactly like
a file that does not exist. Bytes leave only through `download`: streamed, with the type detected at
intake, an RFC 6266 Content-Disposition, `nosniff` and a `sandbox` policy, and never for a file that
has not passed the malware scan.
"""

import logging
from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.errors import ActionNotPermitted, CaseError, InvalidTransition
from cases.queries import get_visible_or_404
from evidence import blobs, queries, services
from evidence.forms import ReasonForm, UploadForm
from evidence.intake import receive_upload
from evidence.models import EvidenceFile, ScanStatus

logger = logging.getLogger(__name__)

# Shown in the browser rather than downloaded: types a browser renders without running anything.
INLINE_TYPES = {"image/png": "image/png", "image/jpeg": "image/jpeg", "text/plain": "text/plain; charset=utf-8",
                "text/csv": "text/plain; charset=utf-8"}


def _status_for(error: Exception) -> int:
    if isinstance(error, InvalidTransition):
        return HTTPStatus.CONFLICT
    if isinstance(error, ActionNotPermitted):
        return HTTPStatus.FORBIDDEN
    return HTTPStatus.BAD_REQUEST


def _refused(request, *, status: int, title: str, message: str, back_url: str = ""):
    return render(request, "evidence/refused.html", {"title": title, "message": message, "back_url": back_url},
                  status=status)


def _target_or_404(request, target_type: str, pk: int):
    if target_type not in queries.TARGETS:
        raise Http404("No such kind of record.")
    return get_visible_or_404(queries.visible_targets(request.user, target_type), pk=pk)


@csrf_exempt  # the body must reach evidence.intake before anything parses it; the token is checked below
@login_required
@require_http_methods(["GET", "POST"])
def upload(request, target_type: str, pk: int):
    target = _target_or_404(request, target_type, pk)
    replaces = _replaced_file(request)
    if request.method == "GET":
        return _upload_page(request, target, target_type, replaces)
    handler = receive_upload(request)
    try:
        if handler.refusal:
            return _upload_page(request, target, target_type, replaces, status=handler.refusal_status,
                                error=handler.refusal)
        return _accept_upload(request, target, target_type, replaces, handler.upload)
    finally:
        handler.discard()


def _replaced_file(request) -> EvidenceFile | None:
    replaces_id = request.GET.get("replaces")
    if not replaces_id:
        return None
    return get_visible_or_404(queries.visible_evidence_files(request.user), pk=replaces_id)


@csrf_protect
def _accept_upload(request, target, target_type, replaces, uploaded_file):
    form = UploadForm(request.POST, actor=request.user)
    if uploaded_file is None:
        form.add_error("file", "Choose a file to upload.")
    if not form.is_valid():
        return _upload_page(request, target, target_type, replaces, form=form, status=HTTPStatus.BAD_REQUEST)
    try:
        evidence_file = services.intake_file(actor=request.user, target=target, uploaded_file=uploaded_file,
                                             category=form.cleaned_data["category"], replaces=replaces)
    except ValidationError as error:
        for field, field_messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_messages)
        return _upload_page(request, target, target_type, replaces, form=form, status=HTTPStatus.BAD_REQUEST)
    except CaseError as error:
        return _upload_page(request, target, target_type, replaces, form=form, status=_status_for(error),
                            error=error.message)
    messages.success(request, f"“{evidence_file.original_filename}” was received. It is being checked for "
                              "malware and can be opened once the check is done.")
    next_url = _safe_next(request)
    return redirect(next_url) if next_url else redirect("evidence:file", pk=evidence_file.pk)


def _safe_next(request) -> str:
    """The page to return to after the upload, if it is on this site."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return next_url
    return ""


def _upload_page(request, target, target_type, replaces, *, form=None, status=HTTPStatus.OK, error=""):
    # The category comes from the file replaced, or from the checklist item the person chose to attach to.
    category = getattr(replaces, "category", "") or request.GET.get("category", "")
    form = form or UploadForm(actor=request.user, initial={"category": category})
    query = {"replaces": replaces.pk} if replaces is not None else {}
    if _safe_next(request):
        query["next"] = _safe_next(request)
    action = reverse("evidence:upload", args=[target_type, target.pk])
    if query:
        action += "?" + urlencode(query)
    context = {
        "form": form, "target": target, "target_type": target_type, "replaces": replaces, "error": error,
        "action": action, "max_megabytes": settings.EVIDENCE_MAX_UPLOAD_BYTES // (1024 * 1024),
    }
    return render(request, "evidence/upload.html", context, status=status)


@login_required
def file_detail(request, pk: int, *, form=None, status=HTTPStatus.OK, error=""):
    evidence_file = get_visible_or_404(queries.visible_evidence_files(request.user), pk=pk)
    custody = queries.visible_custody(request.user, evidence_file.custody_events.all())
    versions = _versions(request.user, evidence_file)
    context = {
        "file": evidence_file, "custody": custody, "versions": versions, "error": error,
        "may_open": queries.may_open(request.user, evidence_file),
        "inline": evidence_file.content_type in INLINE_TYPES,
        "is_supervisor": request.user.role == "supervisor",
        "is_staff": queries.is_agency_staff(request.user),
        "reason_form": form or ReasonForm(),
        "target_type": evidence_file.target_type,
        "may_correct": _may_correct(request.user, evidence_file, versions),
    }
    return render(request, "evidence/file_detail.html", context, status=status)


def _may_correct(actor, evidence_file: EvidenceFile, versions) -> bool:
    """Offer a correction of the latest version, to the side that uploaded it (evidence.services decides)."""
    if versions[-1].pk != evidence_file.pk or evidence_file.annual_report_id:
        return False
    if actor.role == "importer":
        return evidence_file.uploaded_by.organisation_id == actor.organisation_id
    return actor.role in ("officer", "supervisor") and not evidence_file.uploaded_by.is_importer


def _versions(actor, evidence_file: EvidenceFile) -> list[EvidenceFile]:
    """The file's line of versions, oldest first, as far as `actor` may see it."""
    visible = queries.visible_evidence_files(actor)
    chain = [evidence_file]
    current = evidence_file
    while current.replaces_id and (previous := visible.filter(pk=current.replaces_id).first()):
        chain.insert(0, previous)
        current = previous
    current = evidence_file
    while next_version := visible.filter(replaces=current).first():
        chain.append(next_version)
        current = next_version
    return chain


@login_required
@require_GET
def download(request, pk: int, inline: bool = False):
    evidence_file = get_visible_or_404(queries.visible_evidence_files(request.user), pk=pk)
    back = reverse("evidence:file", args=[evidence_file.pk])
    if not queries.may_open(request.user, evidence_file):
        return _refused(request, status=HTTPStatus.FORBIDDEN, title="This file is sealed",
                        message="A supervisor sealed this file; only supervisors may open it.", back_url=back)
    if evidence_file.scan_status != ScanStatus.CLEAN:
        return _refused(request, status=HTTPStatus.CONFLICT, title="This file cannot be opened",
                        message=_not_servable_message(evidence_file), back_url=back)
    try:
        stream = blobs.open_blob(evidence_file.storage_key)
    except FileNotFoundError:
        logger.error("Stored bytes missing for evidence file %s (%s)", evidence_file.pk, evidence_file.storage_key)
        return _refused(request, status=HTTPStatus.GONE, title="The stored file is missing",
                        message="The file's bytes are missing from storage. The integrity check will report it; "
                                "tell the case officer.", back_url=back)
    inline = inline and evidence_file.content_type in INLINE_TYPES
    services.record_access(actor=request.user, evidence_file=evidence_file, inline=inline)
    content_type = INLINE_TYPES[evidence_file.content_type] if inline else evidence_file.content_type
    response = FileResponse(stream, content_type=content_type)
    response["Content-Length"] = str(evidence_file.size)
    response["Content-Disposition"] = content_disposition_header(not inline, evidence_file.original_filename)
    response["X-Content-Type-Options"] = "nosniff"
    # Opened directly, the file runs no script and reaches no origin: even a crafted document is inert.
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _not_servable_message(evidence_file: EvidenceFile) -> str:
    if evidence_file.scan_status == ScanStatus.PENDING:
        return "The file is still being checked for malware. Try again in a minute."
    if evidence_file.scan_status == ScanStatus.INFECTED:
        return (f"Malware was found in this file and it was quarantined. {evidence_file.scan_detail} "
                "Upload a clean copy of the document.")
    return (f"The malware check of this file failed ({evidence_file.scan_detail}). It cannot be opened until it "
            "is checked again.")


@login_required
@require_POST
def seal(request, pk: int):
    return _reasoned_action(request, pk, services.seal_file, "The file is sealed: only supervisors can open it.")


@login_required
@require_POST
def unseal(request, pk: int):
    return _reasoned_action(request, pk, services.unseal_file, "The file is unsealed.")


def _reasoned_action(request, pk, service, success_message):
    evidence_file = get_visible_or_404(queries.visible_evidence_files(request.user), pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return file_detail(request, pk, form=form, status=HTTPStatus.BAD_REQUEST)
    try:
        service(actor=request.user, evidence_file=evidence_file, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        for field, field_messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_messages)
        return file_detail(request, pk, form=form, status=HTTPStatus.BAD_REQUEST)
    except CaseError as error:
        return file_detail(request, pk, status=_status_for(error), error=error.message)
    messages.success(request, success_message)
    return redirect("evidence:file", pk=pk)


@login_required
@require_POST
def rescan(request, pk: int):
    evidence_file = get_visible_or_404(queries.visible_evidence_files(request.user), pk=pk)
    try:
        services.rescan_file(actor=request.user, evidence_file=evidence_file)
    except CaseError as error:
        return file_detail(request, pk, status=_status_for(error), error=error.message)
    messages.success(request, "The file will be checked for malware again.")
    return redirect("evidence:file", pk=pk)


@login_required
@require_POST
def share(request, pk: int):
    evidence_file = get_visible_or_404(queries.visible_evidence_files(request.user), pk=pk)
    try:
        services.share_with_importer(actor=request.user, evidence_file=evidence_file)
    except CaseError as error:
        return file_detail(request, pk, status=_status_for(error), error=error.message)
    messages.success(request, "The file is shared with the importer, who has been notified.")
    return redirect("evidence:file", pk=pk)
