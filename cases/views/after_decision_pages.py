"""After the decision on the detention page and in the portal: the seizure, petitions, dispositions and
redeliveries, each with the buttons its state table allows the viewer, posting to one view per act."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from cases import after_decision_forms as f
from cases import queries
from cases.errors import CaseError
from cases.models import Role, SeizurePetition
from cases.services import seizures
from cases.views.common import message_for, staff_required
from cases.views.portal.common import importer_required
from cases.workflows import allowed_actions
from evidence import queries as evidence_queries
from evidence import services as evidence_services

# (kind, action) -> (form, label, service call). The action names are the state tables'.
ACTS = {
    ("seizure", "record_seizure"): (f.SeizureRecordForm, "Record the seizure and send the notice",
                                    lambda u, o, d: seizures.record_seizure(actor=u, seizure=o, **d)),
    ("seizure", "file_petition"): (f.PetitionForm, "File the petition or offer",
                                   lambda u, o, d: seizures.file_petition(actor=u, seizure=o, **d)),
    ("seizure", "file_supplemental_petition"): (
        f.SupplementalPetitionForm, "File the supplemental petition",
        lambda u, o, d: seizures.file_petition(actor=u, seizure=o, **d)),
    ("seizure", "file_claim"): (f.ClaimForm, "File the claim and cost bond",
                                lambda u, o, d: seizures.file_claim(actor=u, seizure=o, **d)),
    ("seizure", "abandon"): (f.AbandonForm, "Abandon the goods",
                             lambda u, o, d: seizures.abandon_goods(actor=u, seizure=o, **d)),
    ("seizure", "publish_intent_to_forfeit"): (
        f.PublicationForm, "Record the publication of the notice of intent to forfeit",
        lambda u, o, d: seizures.publish_intent_to_forfeit(actor=u, seizure=o, **d)),
    ("seizure", "declare_forfeiture"): (f.DeclarationForm, "Declare the goods forfeited",
                                        lambda u, o, d: seizures.declare_forfeiture(actor=u, seizure=o, **d)),
    ("seizure", "refer_to_us_attorney"): (f.ReferralForm, "Refer to the U.S. Attorney",
                                          lambda u, o, d: seizures.refer_to_us_attorney(actor=u, seizure=o, **d)),
    ("petition", "propose_decision"): (f.PetitionProposalForm, "Propose the petition decision",
                                       lambda u, o, d: seizures.propose_petition_decision(actor=u, petition=o, **d)),
    ("petition", "approve_decision"): (f.EmptyForm, "Approve the proposed petition decision",
                                       lambda u, o, d: seizures.approve_petition_decision(actor=u, petition=o)),
    ("petition", "send_back_decision"): (
        f.SendBackForm, "Send the proposal back",
        lambda u, o, d: seizures.send_back_petition_decision(actor=u, petition=o, **d)),
    ("disposition", "record_destruction"): (f.DestructionForm, "Record the witnessed destruction",
                                            lambda u, o, d: seizures.record_destruction(actor=u, disposition=o, **d)),
    ("disposition", "record_export"): (f.ExportRecordForm, "Record the export under bond",
                                       lambda u, o, d: seizures.record_export(actor=u, disposition=o, **d)),
    ("disposition", "record_proof_of_export"): (
        f.ExportProofForm, "Record the proof of exportation",
        lambda u, o, d: seizures.record_proof_of_export(actor=u, disposition=o, **d)),
    ("disposition", "record_release"): (f.ReleaseRecordForm, "Record the release",
                                        lambda u, o, d: seizures.record_release(actor=u, disposition=o, **d)),
    ("redelivery", "record_redelivered"): (f.RedeliveredForm, "Record the goods as redelivered",
                                           lambda u, o, d: seizures.record_redelivered(actor=u, redelivery=o, **d)),
    ("redelivery", "record_not_redelivered"): (
        f.EmptyForm, "Record the goods as not redelivered",
        lambda u, o, d: seizures.record_not_redelivered(actor=u, redelivery=o)),
    ("redelivery", "claim_liquidated_damages"): (
        f.DamagesForm, "Claim liquidated damages on the bond",
        lambda u, o, d: seizures.claim_liquidated_damages(actor=u, redelivery=o, **d)),
    ("detention", "demand_redelivery"): (f.RedeliveryDemandForm, "Send the notice to redeliver",
                                         lambda u, o, d: seizures.demand_redelivery(actor=u, detention=o, **d)),
}

QUERIES = {
    "seizure": lambda user: queries.visible_seizures(user).prefetch_related("detention__deadlines", "petitions"),
    "petition": queries.visible_seizure_petitions,
    "disposition": queries.visible_dispositions,
    "redelivery": lambda user: queries.visible_redeliveries(user).prefetch_related("detention__deadlines"),
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


def _buttons(user, kind, obj, bound=None):
    rows = []
    for action in allowed_actions(user, obj):
        if (kind, action) not in ACTS:
            continue
        form_class, label, _call = ACTS[(kind, action)]
        prefix = f"{kind}-{obj.pk}-{action}"
        form = bound if bound is not None and bound.prefix == prefix else form_class(prefix=prefix)
        url_name = "portal:after_decision_act" if _portal(user) else "after-decision-act"
        rows.append({"action": action, "label": label, "form": form, "anchor": prefix,
                     "url": reverse(url_name, args=[kind, obj.pk, action])})
    return rows


def _attach_url(user, petition, detention) -> str:
    """The evidence intake for the petition's documents, while the petitioner may still add them."""
    if not _portal(user) or not evidence_services.may_add(user, petition):
        return ""
    back = reverse("portal:detention", args=[detention.pk]) + f"#petition-{petition.pk}"
    return reverse("evidence:upload", args=["seizure_petition", petition.pk]) + "?" + urlencode({"next": back})


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
    dispositions = list(queries.visible_dispositions(user).filter(detention=detention).order_by("id"))
    redeliveries = list(queries.visible_redeliveries(user).filter(detention=detention)
                        .prefetch_related("detention__deadlines").order_by("id"))
    return {
        "seizure": seizure,
        "seizure_buttons": _buttons(user, "seizure", seizure, bound) if seizure else [],
        "petitions": [{"petition": p, "buttons": _buttons(user, "petition", p, bound), "files": files.get(p.pk, []),
                       "attach_url": _attach_url(user, p, detention)} for p in petitions],
        "dispositions": [{"disposition": d, "buttons": _buttons(user, "disposition", d, bound)} for d in dispositions],
        "redeliveries": [{"redelivery": r, "buttons": _buttons(user, "redelivery", r, bound)} for r in redeliveries],
        "detention_buttons": _buttons(user, "detention", detention, bound),
        "any": bool(seizure or dispositions or redeliveries),
    }


@login_required
@require_POST
def act(request, kind: str, pk: int, action: str):
    """One act after the decision; refusals and bad input come back as a message on the case's page."""
    if (kind, action) not in ACTS or kind not in QUERIES:
        raise Http404
    obj = queries.get_visible_or_404(QUERIES[kind](request.user), pk=pk)
    detention = _detention_of(kind, obj)
    form_class, _label, call = ACTS[(kind, action)]
    form = form_class(request.POST, prefix=f"{kind}-{pk}-{action}")
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "") or k in ("witness_name",)}
        try:
            result = call(request.user, obj, data)
        except (CaseError, ValidationError) as error:
            messages.error(request, message_for(error))
        else:
            attach = _attach_url(request.user, result, detention) if isinstance(result, SeizurePetition) else ""
            if attach:
                # Filing a petition goes on to its documents, through the evidence intake (scan, size, type).
                messages.success(request, "Your petition was filed. Attach the documents that support it.")
                return redirect(attach)
            messages.success(request, "Recorded.")
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    if _portal(request.user):
        return redirect(reverse("portal:detention", args=[detention.pk]) + "#after-decision-heading")
    return redirect(reverse("detention", args=[detention.pk]) + "#after-decision-heading")


# The same act from each side: the workspace URL answers staff only, the portal URL importers only (each
# side gets 404 on the other's, like every other page).
staff_act = staff_required(act)
portal_act = importer_required(act)
