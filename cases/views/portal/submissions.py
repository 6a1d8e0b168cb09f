"""The admissibility submission (the rebuttal): edit the draft, review what is missing, submit, withdraw."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from cases import action_forms, actions, queries
from cases.checklists import CHECKLISTS, PACKAGES_BY_BASIS, package_statements
from cases.errors import CaseError
from cases.models import OPEN_SUBMISSION_STATUSES, SubmissionStatus
from cases.portal_forms import SubmissionForm, initial_for
from cases.services import submissions as submission_services
from cases.views.common import apply_errors, message_for, posted_version
from cases.views.portal.common import PREPARABLE_STATES, importer_required, own_files, run_checked
from cases.workflows import allowed_actions


def _documents(actor, submission, package=None):
    """The package's document checklist with the files attached to each category."""
    package = submission.package if submission is not None else package
    if package is None:
        return []
    files = own_files(actor, submission) if submission is not None else []
    items = [item for item in CHECKLISTS[package] if item.document_category]
    documents = [{"item": item, "files": [f for f in files if f.category == item.document_category]}
                 for item in items]
    listed = {item.document_category for item in items}
    others = [f for f in files if f.category not in listed]
    if others:
        documents.append({"item": None, "files": others})
    return documents


@importer_required
@require_http_methods(["GET", "POST"])
def edit(request, detention_pk: int):
    """The draft, one section per checklist item (and per ILO indicator against a WRO or Finding)."""
    user = request.user
    detention = queries.get_visible_or_404(queries.visible_detentions(user), pk=detention_pk)
    current = queries.visible_submissions(user).filter(
        detention=detention, status__in=OPEN_SUBMISSION_STATUSES).first()
    if current is not None and current.status != SubmissionStatus.DRAFT:
        return redirect("portal:submission", submission_pk=current.pk)
    packages = PACKAGES_BY_BASIS[detention.basis]
    package = current.package if current else packages[0]
    if request.method == "POST" and request.POST.get("package") in packages:
        package = request.POST["package"]
    elif request.method == "GET" and request.GET.get("package") in packages and current is None:
        package = request.GET["package"]
    initial = initial_for(current) if current else {"package": package}
    form = SubmissionForm(request.POST or None, packages=packages, package=package, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            draft = submission_services.save_draft(
                actor=user, detention=detention, package=form.cleaned_data["package"],
                summary=form.cleaned_data["summary"], answers=form.answers(), ilo_statements=form.ilo_statements(),
                expected_version=posted_version(request) if current else None,
            )
        except ValidationError as error:
            apply_errors(form, error)
        except CaseError as error:
            form.add_error(None, message_for(error))
        else:
            messages.success(request, "Draft saved.")
            next_step = request.POST.get("next", "")
            if next_step.startswith("attach:"):
                # What was typed is saved before the person leaves for the upload page, which returns here.
                query = {"next": reverse("portal:submission_edit", args=[detention.pk])}
                if next_step.removeprefix("attach:"):
                    query["category"] = next_step.removeprefix("attach:")
                return redirect(reverse("evidence:upload", args=["submission", draft.pk]) + "?" + urlencode(query))
            if next_step == "review":
                return redirect("portal:submission_review", submission_pk=draft.pk)
            return redirect("portal:submission_edit", detention_pk=detention.pk)
    return render(request, "portal/submission_edit.html", {
        "detention": detention, "submission": current, "form": form,
        "documents": _documents(user, current, package), "uploads": current is not None,
        "due_text": submission_services.submission_due_text(detention),
        "may_prepare": detention.status in PREPARABLE_STATES,
    })


@importer_required
def review(request, submission_pk: int):
    """What the package still lacks, listed the same way the submit service refuses it."""
    submission = queries.get_visible_or_404(queries.visible_submissions(request.user), pk=submission_pk)
    if submission.status != SubmissionStatus.DRAFT:
        return redirect("portal:submission", submission_pk=submission.pk)
    return render(request, "portal/submission_review.html", _read_only_context(request, submission) | {
        "missing": submission_services.submission_missing_parts(submission),
        "form": _submit_form(request, submission),
        "due_text": submission_services.submission_due_text(submission.detention),
    })


def _submit_form(request, submission, data=None):
    return action_forms.form_class(actions.get("submission", "submit"))(data, user=request.user, subject=submission)


@importer_required
@require_POST
def submit(request, submission_pk: int):
    """File the package (the act declared in cases.actions). A second click or a second tab finds it already
    filed and shows the receipt."""
    submission = queries.get_visible_or_404(queries.visible_submissions(request.user), pk=submission_pk)
    act = actions.get("submission", "submit")
    form = _submit_form(request, submission, request.POST)
    data = action_forms.validate(act, form, {"request": request})
    if data is None and submission.status == SubmissionStatus.DRAFT:
        # Filing cannot be undone: the importer declares the contents true first, and nothing is filed without it.
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
        return redirect("portal:submission_review", submission_pk=submission.pk)
    try:
        act.perform(request.user, submission, {action_forms.VERSION: posted_version(request)})
    except (CaseError, ValidationError) as error:
        submission.refresh_from_db()
        if submission.status == SubmissionStatus.SUBMITTED and submission.receipt_number:
            messages.info(request, f"This package was already submitted; receipt {submission.receipt_number}.")
            return redirect("portal:submission", submission_pk=submission.pk)
        messages.error(request, message_for(error))
        return redirect("portal:submission_review", submission_pk=submission.pk)
    messages.success(request, act.done)
    return redirect("portal:submission", submission_pk=submission.pk)


@importer_required
def detail(request, submission_pk: int):
    """A filed package, read-only, with its receipt."""
    submission = queries.get_visible_or_404(queries.visible_submissions(request.user), pk=submission_pk)
    if submission.status == SubmissionStatus.DRAFT:
        return redirect("portal:submission_edit", detention_pk=submission.detention_id)
    return render(request, "portal/submission_detail.html", _read_only_context(request, submission))


@importer_required
@require_http_methods(["GET", "POST"])
def withdraw(request, submission_pk: int):
    """Withdraw a draft or a filed package before the agency's review starts (the act declared in
    cases.actions; the page also checks the package has not changed since it was shown)."""
    submission = queries.get_visible_or_404(queries.visible_submissions(request.user), pk=submission_pk)
    act = actions.get("submission", "withdraw")
    form = action_forms.form_class(act)(request.POST or None, user=request.user, subject=submission)
    if request.method == "POST":
        data = action_forms.validate(act, form, {"request": request})
        if data is not None:
            try:
                run_checked(submission, posted_version(request), "withdraw", "submission",
                            lambda: act.perform(request.user, submission, data))
            except (CaseError, ValidationError) as error:
                form.add_error(None, message_for(error))
            else:
                messages.success(request, act.done)
                return redirect("portal:detention", detention_pk=submission.detention_id)
    return render(request, "portal/submission_withdraw.html", {
        "submission": submission, "detention": submission.detention, "form": form,
        "allowed": "withdraw" in allowed_actions(request.user, submission),
    })


def _read_only_context(request, submission) -> dict:
    statements, ilo = package_statements(submission)
    return {
        "submission": submission, "detention": submission.detention, "statements": statements, "ilo": ilo,
        "documents": _documents(request.user, submission), "actions": allowed_actions(request.user, submission),
    }
