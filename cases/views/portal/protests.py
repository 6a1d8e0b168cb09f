"""The importer's protest page: the protest as filed, its decision (or deemed denial) with the date and
reasons, the date by which the Court of International Trade may be asked, and the importer's acts on a
pending protest (amend, withdraw, further review, accelerated disposition), each one service call."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cases import queries
from cases.errors import CaseError
from cases.models import DeadlineState
from cases.protest_forms import (
    AcceleratedDispositionForm,
    FurtherReviewForm,
    ProtestAmendForm,
    ProtestWithdrawForm,
)
from cases.services import protests as services
from cases.views.common import apply_errors, message_for
from cases.views.portal.common import importer_required
from cases.workflows import allowed_actions

FORMS = {
    "amend": ProtestAmendForm, "withdraw": ProtestWithdrawForm, "apply_for_further_review": FurtherReviewForm,
    "request_accelerated_disposition": AcceleratedDispositionForm,
}


def _protest(request, pk):
    qs = queries.visible_protests(request.user).prefetch_related("deadlines", "detention__deadlines",
                                                                 "detention__decisions")
    return queries.get_visible_or_404(qs, pk=pk)


def _render(request, protest, forms=None, status=200):
    clocks = sorted(protest.deadlines.all(), key=lambda d: (d.due_date, d.id))
    decide_by = next((d for d in clocks if d.state == DeadlineState.OPEN
                      and d.kind in ("protest_decision", "accelerated_disposition")), None)
    court = next((d for d in reversed(clocks) if d.kind == "court_filing"), None)
    actions = allowed_actions(request.user, protest)
    bound = forms or {}
    context = {
        "protest": protest, "detention": protest.detention, "decide_by": decide_by, "court": court,
        "actions": actions,
        "forms": {name: bound.get(name) or form_class(initial={"objections": protest.objections},
                                                      auto_id=f"{name}-%s")
                  for name, form_class in FORMS.items()},
    }
    return render(request, "portal/protest_detail.html", context, status=status)


@importer_required
def detail(request, protest_pk: int):
    protest = _protest(request, protest_pk)  # another organisation's protest is not found, whatever the method
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return _render(request, protest)


def _act(request, protest_pk, action, call, success):
    protest = _protest(request, protest_pk)
    form = FORMS[action](request.POST, auto_id=f"{action}-%s")
    if not form.is_valid():
        messages.error(request, "Check the highlighted fields.")
        return _render(request, protest, {action: form}, status=400)
    try:
        call(protest, form.cleaned_data)
    except ValidationError as error:
        apply_errors(form, error)
        messages.error(request, message_for(error))
        return _render(request, protest, {action: form}, status=400)
    except CaseError as error:
        messages.error(request, message_for(error))
    else:
        messages.success(request, success)
    return redirect("portal:protest_detail", protest_pk=protest.pk)


@importer_required
@require_POST
def amend(request, protest_pk: int):
    return _act(request, protest_pk, "amend",
                success="Your protest is amended; the port decides on the amended grounds.",
                call=lambda p, d: services.amend_protest(actor=request.user, protest=p, objections=d["objections"],
                                                         merchandise=d["merchandise"]))


@importer_required
@require_POST
def withdraw(request, protest_pk: int):
    return _act(request, protest_pk, "withdraw", success="Your protest is withdrawn.",
                call=lambda p, d: services.withdraw_protest(actor=request.user, protest=p, reason=d["reason"]))


@importer_required
@require_POST
def further_review(request, protest_pk: int):
    return _act(request, protest_pk, "apply_for_further_review",
                success="Further review requested: someone who did not take part in the decision reviews it.",
                call=lambda p, d: services.apply_for_further_review(actor=request.user, protest=p,
                                                                    statement=d["statement"]))


@importer_required
@require_POST
def accelerated(request, protest_pk: int):
    return _act(request, protest_pk, "request_accelerated_disposition",
                success="Accelerated disposition requested: the port decides within 30 days or the protest is "
                        "deemed denied.",
                call=lambda p, d: services.request_accelerated_disposition(actor=request.user, protest=p))
