"""After the decision on the detention page and in the portal: the seizure, petitions, dispositions and
redeliveries, each with the buttons its state table allows the viewer, posting to one view per act.

The acts are declared in cases.actions, which the API's endpoints are built from too: the button's label,
the form (cases.action_forms, from the act's input), the validation and the confirmation step all come from
the declaration."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cases import action_forms, actions, queries
from cases.errors import CaseError
from cases.models import Role, SeizurePetition
from cases.views.common import confirmed, message_for, staff_required
from cases.views.portal.common import importer_required
from cases.workflows import allowed_actions
from evidence import queries as evidence_queries
from evidence import services as evidence_services

QUERIES = {
    "seizure": lambda user: queries.visible_seizures(user).prefetch_related("detention__deadlines", "petitions"),
    "petition": queries.visible_seizure_petitions,
    "disposition": queries.visible_dispositions,
    "redelivery": lambda user: queries.visible_redeliveries(user).prefetch_related("detention__deadlines",
                                                                                    "protests"),
    "detention": lambda user: queries.visible_detentions(user).prefetch_related("decisions", "protests"),
}


def _detention_of(kind, obj):
    if kind == "detention":
        return obj
    if kind == "petition":
        return obj.seizure.detention
    return obj.detention


def _portal(user) -> bool:
    return getattr(user, "role", None) == Role.IMPORTER


def _url(user, kind, obj, action) -> str:
    url_name = "portal:after_decision_act" if _portal(user) else "after-decision-act"
    return reverse(url_name, args=[kind, obj.pk, action])


def _prefix(kind, obj, action) -> str:
    return f"{kind}-{obj.pk}-{action}"


# The detention's own acts have their places on the case page; this panel takes only its act after the decision.
DETENTION_ACTS = ("demand_redelivery",)


def _declared(kind, action):
    """The declared act this panel posts, or None for an act that is not one of the panel's."""
    if kind == "detention" and action not in DETENTION_ACTS:
        return None
    return actions.get(kind, action)


def _buttons(user, kind, obj, bound=None):
    rows = []
    for action in allowed_actions(user, obj):
        act = _declared(kind, action)
        if act is None:
            continue
        prefix = _prefix(kind, obj, action)
        form = bound if bound is not None and bound.prefix == prefix else action_forms.form_class(act)(prefix=prefix)
        rows.append({"action": action, "label": act.label, "form": form, "anchor": prefix,
                     "url": _url(user, kind, obj, action), "confirm": bool(act.confirm)})
    return rows


def _attach_url(user, petition, detention) -> str:
    """The evidence intake for the petition's documents, while the petitioner may still add them."""
    if not _portal(user) or not evidence_services.may_add(user, petition):
        return ""
    back = reverse("portal:detention", args=[detention.pk]) + f"#petition-{petition.pk}"
    return reverse("evidence:upload", args=["seizure_petition", petition.pk]) + "?" + urlencode({"next": back})


def _claim_attach_url(user, seizure, detention) -> str:
    """The evidence intake for the claim's documents (19 U.S.C. 1608), while the claimant may still add them."""
    if not _portal(user) or not evidence_services.may_add(user, seizure):
        return ""
    back = reverse("portal:detention", args=[detention.pk]) + f"#seizure-{seizure.pk}"
    return reverse("evidence:upload", args=["seizure_claim", seizure.pk]) + "?" + urlencode({"next": back})


def _protest_url(user, protest) -> str:
    if _portal(user):
        return reverse("portal:protest_detail", args=[protest.pk])
    return reverse("detention", args=[protest.detention_id]) + f"#protest-{protest.pk}"


def _demand_window(redelivery):
    """The open window to protest the demand (19 U.S.C. 1514(c)(3)), from the prefetched clocks."""
    return next((d for d in redelivery.detention.deadlines.all() if d.kind == "redelivery_protest"
                 and d.starts_on == redelivery.demanded_on and d.state == "open"), None)


def panel(user, detention, bound=None) -> dict:
    """What the detention page shows after the decision, with the buttons open to `user`."""
    seizure = (queries.visible_seizures(user).filter(detention=detention)
               .prefetch_related("detention__deadlines", "petitions").first())
    petitions = list(queries.visible_seizure_petitions(user).filter(seizure__detention=detention).order_by("id"))
    # The documents filed with each petition (19 CFR 171.1(c)), in one query whatever their number.
    files = {}
    for evidence_file in (evidence_queries.visible_evidence_files(user)
                          .filter(seizure_petition__in=petitions).order_by("uploaded_at", "id")):
        files.setdefault(evidence_file.seizure_petition_id, []).append(evidence_file)
    claim_files = list(evidence_queries.visible_evidence_files(user).filter(seizure_claim=seizure)
                       .order_by("uploaded_at", "id")) if seizure and seizure.claim_filed_on else []
    dispositions = list(queries.visible_dispositions(user).filter(detention=detention).order_by("id"))
    redeliveries = list(queries.visible_redeliveries(user).filter(detention=detention)
                        .prefetch_related("detention__deadlines", "protests").order_by("id"))
    return {
        "seizure": seizure,
        "seizure_buttons": _buttons(user, "seizure", seizure, bound) if seizure else [],
        "claim_files": claim_files,
        "claim_attach_url": _claim_attach_url(user, seizure, detention) if seizure else "",
        "petitions": [{"petition": p, "buttons": _buttons(user, "petition", p, bound), "files": files.get(p.pk, []),
                       "attach_url": _attach_url(user, p, detention)} for p in petitions],
        "dispositions": [{"disposition": d, "buttons": _buttons(user, "disposition", d, bound)} for d in dispositions],
        "redeliveries": [{"redelivery": r, "buttons": _buttons(user, "redelivery", r, bound),
                          "protests": [{"protest": p, "url": _protest_url(user, p)} for p in r.protests.all()],
                          "protest_window": _demand_window(r)} for r in redeliveries],
        "detention_buttons": _buttons(user, "detention", detention, bound),
        "any": bool(seizure or dispositions or redeliveries),
    }


def _case_url(user, detention) -> str:
    name = "portal:detention" if _portal(user) else "detention"
    return reverse(name, args=[detention.pk]) + "#after-decision-heading"


def _confirmation(request, act, form, kind, obj, detention):
    """The step before an act that cannot be undone: what was typed, the warning, and one button to go on."""
    typed = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value not in (None, ""):
            typed.append((field.label, dict(field.choices).get(value, value) if hasattr(field, "choices") else value))
    hidden = [(form.add_prefix(name), form.data.get(form.add_prefix(name), "")) for name in form.fields]
    heading = f"{act.label}: {detention.shipment.entry_number}"
    return render(request, "cases/confirm.html", {
        "title": f"{act.label}?", "warning": act.confirm,
        "items": [{"heading": heading, "facts": typed or [("Case", detention.shipment.entry_number)]}],
        "action": _url(request.user, kind, obj, act.action), "confirm_label": act.confirm_label,
        "hidden": hidden, "cancel_url": _case_url(request.user, detention),
    })


@login_required
@require_POST
def act(request, kind: str, pk: int, action: str):
    """One declared act; refusals and bad input come back as a message on the case's page, and an act that
    cannot be undone asks for confirmation first."""
    declared = _declared(kind, action)
    if declared is None or kind not in QUERIES:
        raise Http404
    obj = queries.get_visible_or_404(QUERIES[kind](request.user), pk=pk)
    detention = _detention_of(kind, obj)
    form = action_forms.form_class(declared)(request.POST, prefix=_prefix(kind, obj, action))
    data = action_forms.validate(declared, form, {"request": request})
    if data is None:
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect(_case_url(request.user, detention))
    if declared.confirm and not confirmed(request):
        return _confirmation(request, declared, form, kind, obj, detention)
    try:
        result = declared.perform(request.user, obj, data)
    except (CaseError, ValidationError) as error:
        messages.error(request, message_for(error))
    else:
        attach = _attach_url(request.user, result, detention) if isinstance(result, SeizurePetition) else ""
        if attach:
            # Filing a petition goes on to its documents, through the evidence intake (scan, size, type).
            messages.success(request, "Your petition was filed. Attach the documents that support it.")
            return redirect(attach)
        attach = _claim_attach_url(request.user, result, detention) if action == "file_claim" else ""
        if attach:
            # So does filing a claim: its papers (title, interest in the goods) go through the same intake.
            messages.success(request, "Your claim and cost bond were filed. Attach the documents that support the "
                                      "claim.")
            return redirect(attach)
        messages.success(request, "Recorded.")
    return redirect(_case_url(request.user, detention))


# The same act from each side: the workspace URL answers staff only, the portal URL importers only (each
# side gets 404 on the other's, like every other page).
staff_act = staff_required(act)
portal_act = importer_required(act)
