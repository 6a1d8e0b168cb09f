"""The importer's protest page: the protest as filed, its decision (or deemed denial) with the date and
reasons, the date by which the Court of International Trade may be asked, and the importer's acts on a
pending protest (amend, withdraw, further review, accelerated disposition), each one service call."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render

from cases import action_forms, actions, queries
from cases.errors import CaseError
from cases.models import DeadlineState
from cases.views.common import apply_errors, declared_act_view, message_for
from cases.views.portal.common import importer_required
from cases.workflows import allowed_actions

# The importer's acts on a pending protest, each declared once in cases.actions (with the API's endpoints).
FORMS = ("amend", "withdraw", "apply_for_further_review", "request_accelerated_disposition")


def _form(request, protest, action, data=None):
    act = actions.get("protest", action)
    return action_forms.form_class(act)(data, user=request.user, subject=protest, auto_id=f"{action}-%s",
                                        initial={"objections": protest.objections} if action == "amend" else None)


def _protest(request, pk):
    qs = queries.visible_protests(request.user).prefetch_related("deadlines", "detention__deadlines",
                                                                 "detention__decisions")
    return queries.get_visible_or_404(qs, pk=pk)


def _render(request, protest, forms=None, status=200):
    clocks = sorted(protest.deadlines.all(), key=lambda d: (d.due_date, d.id))
    decide_by = next((d for d in clocks if d.state == DeadlineState.OPEN
                      and d.kind in ("protest_decision", "accelerated_disposition", "protest_review")), None)
    court = next((d for d in reversed(clocks) if d.kind == "court_filing"), None)
    allowed = allowed_actions(request.user, protest)
    bound = forms or {}
    context = {
        "protest": protest, "detention": protest.detention, "decide_by": decide_by, "court": court,
        "actions": allowed,
        "forms": {name: bound.get(name) or _form(request, protest, name) for name in FORMS},
        "acts": {name: actions.get("protest", name) for name in FORMS},
    }
    return render(request, "portal/protest_detail.html", context, status=status)


@importer_required
def detail(request, protest_pk: int):
    protest = _protest(request, protest_pk)  # another organisation's protest is not found, whatever the method
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return _render(request, protest)


def _act(request, protest_pk, action):
    act = actions.get("protest", action)
    protest = _protest(request, protest_pk)
    form = _form(request, protest, action, data=request.POST)
    data = action_forms.validate(act, form, {"request": request})
    if data is None:
        messages.error(request, "Check the highlighted fields.")
        return _render(request, protest, {action: form}, status=400)
    try:
        act.perform(request.user, protest, data)
    except ValidationError as error:
        apply_errors(form, error)
        messages.error(request, message_for(error))
        return _render(request, protest, {action: form}, status=400)
    except CaseError as error:
        messages.error(request, message_for(error))
    else:
        messages.success(request, act.done)
    return redirect("portal:protest_detail", protest_pk=protest.pk)


def _page(action):
    return declared_act_view("protest", action, _act, importer_required)


amend = _page("amend")
withdraw = _page("withdraw")
further_review = _page("apply_for_further_review")
accelerated = _page("request_accelerated_disposition")
