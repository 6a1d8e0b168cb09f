"""Portal pages about a detention: the home list, the detention itself, export, protest and RFIs."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from cases import action_forms, actions, queries
from cases.errors import CaseError
from cases.models import OPEN_DETENTION_STATUSES, OPEN_SUBMISSION_STATUSES, RfiStatus
from cases.portal_forms import ExportForm, ProtestForm
from cases.services import detentions as detention_services
from cases.services import protests as protest_services
from cases.services import submissions as submission_services
from cases.services.support import today
from cases.views.after_decision_pages import panel as after_decision_panel
from cases.views.common import PAGE_SIZE, apply_errors, cursor_page, message_for, posted_version
from cases.views.portal.common import (
    PREPARABLE_STATES,
    countdown,
    importer_required,
    long_date,
    open_importer_deadlines,
    run_checked,
)
from cases.workflows import allowed_actions

CLOSED_SHOWN = 50
UNREAD_SHOWN = 20
BANNER_SHOWN = 3


@importer_required
def home(request):
    """The organisation's detained shipments, each with its next deadline; unread notices first."""
    user = request.user
    unread_notices = queries.unread_notifications(user)
    # The banner lists the few newest unread notices so the work stays in view; its count is the frame's
    # count (cases.context_processors, the same query function), never the length of this short list.
    unread = list(unread_notices.select_related("detention__shipment").order_by("-created_at", "-id")[:BANNER_SHOWN])
    # Cases with news first (on the first page), then the others by their next clock, a page at a time:
    # an organisation with thousands of open cases gets pages of PAGE_SIZE, each read by cursor.
    news_ids = []
    for pk in unread_notices.exclude(detention=None).order_by("-id").values_list("detention_id", flat=True)[:200]:
        if pk not in news_ids:
            news_ids.append(pk)
        if len(news_ids) >= UNREAD_SHOWN:
            break
    visible_open = queries.visible_detentions(user).filter(status__in=OPEN_DETENTION_STATUSES)
    page = cursor_page(request, visible_open.exclude(pk__in=news_ids), ("next_clock_due", "id"), per_page=PAGE_SIZE)
    with_news = [] if request.GET.get("cursor") else list(visible_open.filter(pk__in=news_ids))
    open_detentions = [*with_news, *page.object_list]
    deadlines = open_importer_deadlines(user, [d.pk for d in open_detentions])
    rows = []
    for detention in open_detentions:
        clocks = deadlines.get(detention.pk, [])
        rows.append({
            "detention": detention, "next_deadline": clocks[0] if clocks else None,
            "countdown": countdown(clocks[0]) if clocks else "", "unread": detention.pk in news_ids,
        })
    # On the page: cases with news first, then the most pressing deadline of the importer's own.
    rows.sort(key=lambda r: (not r["unread"], r["next_deadline"].due_date if r["next_deadline"] else datetime.date.max))
    # Read backwards from the partial index detention_closed (closed cases by closed_on, id): the newest
    # CLOSED_SHOWN of the organisation, not a sort of every case it ever had closed.
    closed = queries.visible_detentions(user).exclude(status__in=OPEN_DETENTION_STATUSES).order_by(
        "-closed_on", "-id")[:CLOSED_SHOWN]
    return render(request, "portal/home.html", {"rows": rows, "closed": closed, "unread": unread, "page": page,
                                                "page_query": ""})


@importer_required
def detention(request, detention_pk: int):
    """The notice of detention, the importer-visible notes, requests for information and decisions."""
    user = request.user
    detention = queries.get_visible_or_404(queries.visible_detentions(user), pk=detention_pk)
    submissions = list(queries.visible_submissions(user).filter(detention=detention).order_by("-created_at"))
    open_submission = next((s for s in submissions if s.status in OPEN_SUBMISSION_STATUSES), None)
    clocks = open_importer_deadlines(user, [detention.pk]).get(detention.pk, [])
    rfis = list(queries.visible_rfis(user).filter(detention=detention).order_by("-sent_on", "-id"))
    context = {
        "detention": detention,
        "shipment": detention.shipment,
        "order": detention.order,
        "notes": queries.visible_notes(user).filter(detention=detention),
        "rfis": rfis,
        "open_rfis": [rfi for rfi in rfis if rfi.status == RfiStatus.OPEN],
        "decisions": queries.visible_decisions(user).filter(detention=detention).order_by("-reviewed_at"),
        "protests": queries.visible_protests(user).filter(detention=detention),
        "submissions": submissions,
        "open_submission": open_submission,
        "may_prepare": detention.status in PREPARABLE_STATES
        and (open_submission is None or open_submission.status == "draft"),
        "deadlines": [{"deadline": d, "text": countdown(d)} for d in clocks],
        "actions": allowed_actions(user, detention),
        "after": after_decision_panel(user, detention),
    }
    return render(request, "portal/detention.html", context)


@importer_required
def notice(request, detention_pk: int):
    """The notice of detention as issued, on a page made to be printed (the PDF is in the documents too)."""
    detention = queries.get_visible_or_404(queries.visible_detentions(request.user), pk=detention_pk)
    if not detention.notice_issued_on:
        messages.error(request, "The port has not issued the notice of detention yet.")
        return redirect("portal:detention", detention_pk=detention.pk)
    return render(request, "portal/notice_print.html", {
        "detention": detention, "shipment": detention.shipment, "order": detention.order,
        "window": submission_services.importer_window(detention),
    })


@importer_required
@require_http_methods(["GET", "POST"])
def elect_export(request, detention_pk: int):
    """Export the goods instead of contesting (19 CFR 12.44(a)); not offered under a Finding."""
    detention = queries.get_visible_or_404(queries.visible_detentions(request.user), pk=detention_pk)
    form = ExportForm(request.POST or None, initial={"version": detention.version})
    if request.method == "POST" and form.is_valid():
        try:
            detention_services.elect_export(actor=request.user, detention=detention,
                                            expected_version=posted_version(request))
        except (CaseError, ValidationError) as error:
            messages.error(request, message_for(error))
        else:
            messages.success(request, "You elected to export the goods. The case is closed; the port will "
                                      "arrange the export with you.")
            return redirect("portal:detention", detention_pk=detention.pk)
    return render(request, "portal/export.html", {
        "detention": detention, "form": form, "allowed": "elect_export" in allowed_actions(request.user, detention),
    })


def _protest_initial(detention) -> dict:
    organisation = detention.shipment.importer
    return {
        "protestant_name": organisation.name, "protestant_address": organisation.address,
        "importer_number": organisation.importer_number, "entry_number": detention.shipment.entry_number,
        "merchandise": detention.shipment.description, "version": detention.version,
    }


@importer_required
@require_http_methods(["GET", "POST"])
def file_protest(request, detention_pk: int):
    """Protest the exclusion (19 U.S.C. 1514) with the contents of 19 CFR 174.13, within 180 days."""
    detention = queries.get_visible_or_404(queries.visible_detentions(request.user), pk=detention_pk)
    form = ProtestForm(request.POST or None, initial=_protest_initial(detention))
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            run_checked(detention, posted_version(request), "file_protest", "detention",
                        lambda: protest_services.file_protest(actor=request.user, detention=detention, **values))
        except ValidationError as error:
            apply_errors(form, error)
        except CaseError as error:
            form.add_error(None, message_for(error))
        else:
            messages.success(request, "Your protest is filed. The port decides it within 30 days, or it is "
                                      "deemed denied (19 U.S.C. 1499(c)(5)(B)).")
            return redirect("portal:detention", detention_pk=detention.pk)
    window = queries.visible_deadlines(request.user).filter(detention=detention, kind="protest_filing").order_by(
        "-id").first()
    return render(request, "portal/protest.html", {
        "detention": detention, "form": form, "window": countdown(window) if window else "",
        "allowed": "file_protest" in allowed_actions(request.user, detention),
    })


@importer_required
@require_http_methods(["GET", "POST"])
def rfi(request, rfi_pk: int):
    """A request for information: answer it with text (and files) before its due date."""
    rfi = queries.get_visible_or_404(queries.visible_rfis(request.user), pk=rfi_pk)
    window_closed = rfi.status == RfiStatus.OPEN and today() > rfi.due_date
    draft_key = f"rfi-answer-draft-{rfi.pk}"
    act = actions.get("rfi", "answer")  # declared once in cases.actions, with the API's endpoint
    form = action_forms.form_class(act)(request.POST or None, user=request.user, subject=rfi,
                                        initial={"answer": request.session.get(draft_key, "")})
    if request.method == "POST" and request.POST.get("attach"):
        # Attaching a file leaves the page: what was typed is kept (in the session) and put back on return.
        request.session[draft_key] = request.POST.get("answer", "")
        return redirect(reverse("evidence:upload", args=["rfi", rfi.pk]) + "?"
                        + urlencode({"next": reverse("portal:rfi", args=[rfi.pk])}))
    if request.method == "POST":
        data = action_forms.validate(act, form, {"request": request})
        if data is not None:
            try:
                act.perform(request.user, rfi, data)
            except ValidationError as error:
                apply_errors(form, error)
            except CaseError as error:
                form.add_error(None, message_for(error))
            else:
                request.session.pop(draft_key, None)
                messages.success(request, act.done)
                return redirect("portal:rfi", rfi_pk=rfi.pk)
    return render(request, "portal/rfi.html", {
        "rfi": rfi, "detention": rfi.detention, "form": form, "window_closed": window_closed,
        "due": long_date(rfi.due_date), "may_answer": rfi.status == RfiStatus.OPEN and not window_closed,
    })
