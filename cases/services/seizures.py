"""After the decision: seizure and forfeiture, the party's election, disposition of the goods, redelivery.

Each function is one act: it locks the record, checks the state table (cases.workflows SEIZURE,
SEIZURE_PETITION, DISPOSITION, REDELIVERY), validates the input, saves, audits, opens or closes the
clocks and queues notifications, in one transaction. The rules and their citations: docs/seizure.md.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from cases import documents
from cases.actors import SYSTEM
from cases.audit import record_event, snapshot
from cases.clocks import DeadlineKind
from cases.errors import InvalidTransition
from cases.listing import money
from cases.models import (
    CourtOutcome,
    Detention,
    DispositionMethod,
    ElectionKind,
    GoodsDisposition,
    Redelivery,
    ReleaseStatus,
    ReliefDisposition,
    Seizure,
    SeizurePetition,
    SeizurePetitionStatus,
)
from cases.services.deadlines import close_clocks, open_clock
from cases.services.detentions import apply_transition
from cases.services.notifications import importer_users, notify, responsible_officers, supervisors
from cases.services.support import check_version, lock, require_date_not_before, require_not_future, require_text, today
from cases.workflows import require

SEIZURE_CLOCKS = (DeadlineKind.SEIZURE_ELECTION, DeadlineKind.SUPPLEMENTAL_PETITION,
                  DeadlineKind.FORFEITURE_PUBLICATION, DeadlineKind.FORFEITURE_CLAIM)
# 19 U.S.C. 1608; 19 CFR 162.45(a)(3): USD 5,000 or 10% of the value, whichever is lower, not less than USD 250.
COST_BOND_CAP, COST_BOND_FLOOR, COST_BOND_RATE = Decimal("5000.00"), Decimal("250.00"), Decimal("0.10")
# 19 U.S.C. 1607(a)(1): administrative forfeiture for property up to this value; prohibited merchandise
# (1607(a)(2)), which goods under 19 U.S.C. 1307 are, is forfeited administratively at any value.
ADMINISTRATIVE_FORFEITURE_LIMIT = Decimal("500000.00")


def required_cost_bond(value) -> Decimal:
    """The cost bond a claimant posts (19 U.S.C. 1608; 19 CFR 162.45(a)(3))."""
    if value is None:
        return COST_BOND_FLOOR
    bond = min(COST_BOND_CAP, (Decimal(value) * COST_BOND_RATE).quantize(Decimal("0.01")))
    return max(COST_BOND_FLOOR, bond)


def positive_amount(value, field: str, what: str) -> Decimal:
    try:
        amount = Decimal(str(value)) if value not in (None, "") else None
    except (InvalidOperation, ValueError):
        amount = None
    if amount is None or not amount.is_finite() or amount <= 0:
        raise ValidationError({field: f"Give the {what} as a positive amount in U.S. dollars."})
    if amount >= Decimal("1e12"):
        raise ValidationError({field: f"The {what} is too large; give it in U.S. dollars."})
    return amount.quantize(Decimal("0.01"))


def _apply(*, actor, obj, action: str, changes: dict | None = None, reason: str = ""):
    """Check the state table, apply `changes` and the target state, audit on the case's trail."""
    transition = require(actor, obj, action)
    changes = dict(changes or {})
    if transition.target and "status" not in changes:
        changes["status"] = transition.target
    fields = sorted(changes)
    before = snapshot(obj, fields)
    for name, value in changes.items():
        setattr(obj, name, value)
    if hasattr(obj, "version"):
        obj.version += 1
        fields.append("version")
    save_fields = [*fields, "updated_at"] if hasattr(obj, "updated_at") else fields
    obj.save(update_fields=save_fields)
    record_event(actor=actor, action=action, obj=obj, before=before, after=snapshot(obj, sorted(changes)),
                 reason=reason, detention=obj.detention if hasattr(obj, "detention") else None)
    return obj


def _date(value, field, what, port_code, *, not_before=None, not_before_what=""):
    value = value or today(port_code)
    if not isinstance(value, datetime.date):
        raise ValidationError({field: f"Give the {what} as a date."})
    require_not_future(value, field, what, port_code)
    if not_before is not None:
        require_date_not_before(value, not_before, field,
                                f"The {what} cannot be before {not_before_what} ({not_before:%d %B %Y}).")
    return value


# --- Seizure ----------------------------------------------------------------------------------

def open_seizure(*, actor, detention: Detention) -> Seizure:
    """An approved seizure decision opens the seizure record (called in that decision's transaction)."""
    seizure = Seizure.objects.create(detention=detention)
    record_event(actor=actor, action="open_seizure", obj=seizure, after=snapshot(seizure, ["status"]),
                 detention=detention)
    notify(recipients=list(responsible_officers(detention)), kind="seizure_to_record",
           subject=f"Record the seizure of entry {detention.shipment.entry_number}",
           body="The seizure was approved: record the goods, their appraised value and storage location, and send "
                "the notice of seizure (19 CFR 162.31).",
           key=f"seizure-{seizure.pk}-to-record", detention=detention)
    return seizure


@transaction.atomic
def record_seizure(*, actor, seizure: Seizure, goods_description: str, quantity: str, appraised_value,
                   storage_location: str, custody_receipt_number: str, seized_on: datetime.date | None = None,
                   notice_sent_on: datetime.date | None = None) -> Seizure:
    """The seizure record, the custody receipt and the notice of seizure (19 U.S.C. 1595a(c); 19 CFR 162.31)."""
    seizure = lock(seizure)
    detention = seizure.detention
    require(actor, seizure, "record_seizure")
    port = detention.port_code
    seized_on = _date(seized_on, "seized_on", "date of seizure", port, not_before=detention.decided_on,
                      not_before_what="the decision to seize")
    notice_sent_on = _date(notice_sent_on or seized_on, "notice_sent_on", "notice date", port,
                           not_before=seized_on, not_before_what="the seizure")
    changes = {
        "goods_description": require_text(goods_description, "goods_description", "Describe the goods seized."),
        "quantity": require_text(quantity, "quantity", "Give the quantity seized (e.g. 1,200 cartons)."),
        "appraised_value": positive_amount(appraised_value, "appraised_value", "appraised domestic value"),
        "storage_location": require_text(storage_location, "storage_location",
                                         "Say where the seized goods are stored (the custodian's facility)."),
        "custody_receipt_number": require_text(custody_receipt_number, "custody_receipt_number",
                                               "Give the custody receipt number (CBP Form 6051S)."),
        "seized_on": seized_on, "notice_sent_on": notice_sent_on, "seizing_officer": actor,
    }
    _apply(actor=actor, obj=seizure, action="record_seizure", changes=changes)
    open_clock(kind=DeadlineKind.SEIZURE_ELECTION, start=notice_sent_on, length=settings.CASES_SEIZURE_ELECTION_DAYS,
               detention=detention)
    for kind in (documents.DocumentKind.SEIZURE_RECORD, documents.DocumentKind.CUSTODY_RECEIPT,
                 documents.DocumentKind.NOTICE_OF_SEIZURE):
        documents.issue_document(actor=actor, kind=kind, detention=detention)
    notify(recipients=importer_users(detention), kind="notice_of_seizure",
           subject=f"Notice of seizure: entry {detention.shipment.entry_number}",
           body="The goods were seized. The notice of seizure in your documents sets out your options: a petition "
                "for relief, an offer in compromise, abandonment, or a claim and cost bond (19 U.S.C. 1618, 1608).",
           key=f"seizure-{seizure.pk}-noticed", detention=detention)
    return seizure


def _staff_told(seizure: Seizure, subject: str, body: str, key: str) -> None:
    detention = seizure.detention
    notify(recipients=[*responsible_officers(detention), *supervisors(detention.port_code)], kind="seizure_election",
           subject=f"{subject}: entry {detention.shipment.entry_number}", body=body, key=key, detention=detention)


@transaction.atomic
def file_petition(*, actor, seizure: Seizure, kind: str, grounds: str, offer_amount=None) -> SeizurePetition:
    """The party petitions for relief or offers a compromise within the notice's period (19 CFR 171.2(b))."""
    seizure = lock(seizure)
    supplemental = kind == ElectionKind.SUPPLEMENTAL
    action = "file_supplemental_petition" if supplemental else "file_petition"
    if kind not in ElectionKind.values:
        raise ValidationError({"kind": "Choose a petition for relief, an offer in compromise or a supplemental "
                                       "petition."})
    require(actor, seizure, action)
    grounds = require_text(grounds, "grounds", "State the facts and grounds for relief (19 CFR 171.1(c)).")
    if kind == ElectionKind.OFFER:
        offer_amount = positive_amount(offer_amount, "offer_amount", "amount offered")
    elif offer_amount not in (None, ""):
        raise ValidationError({"offer_amount": "Only an offer in compromise names an amount."})
    else:
        offer_amount = None
    filed_on = today(seizure.detention.port_code)
    _apply(actor=actor, obj=seizure, action=action)
    petition = SeizurePetition.objects.create(
        seizure=seizure, organisation_id=seizure.detention.shipment.importer_id, kind=kind, filed_on=filed_on,
        filed_by=actor, grounds=grounds, offer_amount=offer_amount)
    record_event(actor=actor, action=f"file_{kind}", obj=petition, detention=seizure.detention,
                 after=snapshot(petition, ["kind", "grounds", "offer_amount", "status"]))
    close_clocks(kinds=[DeadlineKind.SEIZURE_ELECTION, DeadlineKind.SUPPLEMENTAL_PETITION],
                 detention=seizure.detention, on=filed_on)
    _staff_told(seizure, f"{petition.get_kind_display()} filed", grounds, f"petition-{petition.pk}-filed")
    return petition


@transaction.atomic
def file_claim(*, actor, seizure: Seizure, statement: str, cost_bond_amount) -> Seizure:
    """A claim and cost bond: the case goes to the U.S. Attorney for judicial forfeiture (19 U.S.C. 1608)."""
    seizure = lock(seizure)
    require(actor, seizure, "file_claim")
    statement = require_text(statement, "statement", "State your interest in the goods and your claim to them.")
    bond = positive_amount(cost_bond_amount, "cost_bond_amount", "cost bond")
    needed = required_cost_bond(seizure.appraised_value)
    if bond < needed:
        raise ValidationError({"cost_bond_amount": (
            f"The cost bond must be at least {money(needed)}: USD 5,000 or 10% of the appraised value "
            f"({money(seizure.appraised_value)}), whichever is lower, and not less than USD 250 "
            "(19 U.S.C. 1608; 19 CFR 162.45(a)(3)).")})
    filed_on = today(seizure.detention.port_code)
    _apply(actor=actor, obj=seizure, action="file_claim",
           changes={"claim_filed_on": filed_on, "claimant_statement": statement, "cost_bond_amount": bond})
    close_clocks(kinds=SEIZURE_CLOCKS, detention=seizure.detention, on=filed_on)
    _staff_told(seizure, "Claim and cost bond filed", statement, f"seizure-{seizure.pk}-claim")
    return seizure


@transaction.atomic
def abandon_goods(*, actor, seizure: Seizure, statement: str = "") -> Seizure:
    """The party abandons the goods: forfeited, and destroyed (never sold into U.S. commerce)."""
    seizure = lock(seizure)
    detention = lock(seizure.detention)
    require(actor, seizure, "abandon")
    on = today(detention.port_code)
    _apply(actor=actor, obj=seizure, action="abandon", reason=statement,
           changes={"forfeited_on": on, "forfeiture_ground": "abandonment"})
    close_clocks(kinds=SEIZURE_CLOCKS, detention=detention, on=on, state="cancelled")
    apply_transition(actor=actor, detention=detention, action="forfeit_by_abandonment",
                     reason="The party abandoned the seized goods.")
    order_disposition(actor=actor, detention=detention, method=DispositionMethod.DESTRUCTION, ordered_on=on,
                      reason="Abandoned after seizure: goods under 19 U.S.C. 1307 are destroyed, never sold.")
    _staff_told(seizure, "Goods abandoned", "The party abandoned the seized goods; record their destruction.",
                f"seizure-{seizure.pk}-abandoned")
    return seizure


@transaction.atomic
def publish_intent_to_forfeit(*, actor, seizure: Seizure, published_on: datetime.date | None = None) -> Seizure:
    """Notice of seizure and intent to forfeit published: the publication and the 20-day claim window run."""
    seizure = lock(seizure)
    require(actor, seizure, "publish_intent_to_forfeit")
    published_on = _date(published_on, "published_on", "publication date", seizure.detention.port_code,
                         not_before=seizure.notice_sent_on, not_before_what="the notice of seizure")
    _apply(actor=actor, obj=seizure, action="publish_intent_to_forfeit", changes={"published_on": published_on})
    close_clocks(kinds=[DeadlineKind.SEIZURE_ELECTION, DeadlineKind.SUPPLEMENTAL_PETITION],
                 detention=seizure.detention, state="lapsed")
    open_clock(kind=DeadlineKind.FORFEITURE_PUBLICATION, start=published_on,
               length=settings.CASES_FORFEITURE_PUBLICATION_DAYS, detention=seizure.detention)
    open_clock(kind=DeadlineKind.FORFEITURE_CLAIM, start=published_on, detention=seizure.detention)
    notify(recipients=importer_users(seizure.detention), kind="intent_to_forfeit",
           subject=f"Notice of intent to forfeit: entry {seizure.detention.shipment.entry_number}",
           body="The notice of seizure and intent to forfeit was published. A claim with a cost bond may be filed "
                "within 20 days of its first publication (19 U.S.C. 1608; 19 CFR 162.45(a)(3)).",
           key=f"seizure-{seizure.pk}-advertised", detention=seizure.detention)
    return seizure


@transaction.atomic
def declare_forfeiture(*, actor, seizure: Seizure, reason: str) -> Seizure:
    """No timely claim: the goods are declared forfeited (19 U.S.C. 1609) and go to destruction."""
    seizure = lock(seizure)
    detention = lock(seizure.detention)
    require(actor, seizure, "declare_forfeiture")
    reason = require_text(reason, "reason", "Give the declaration of forfeiture's reference or reason.")
    on = today(detention.port_code)
    _apply(actor=actor, obj=seizure, action="declare_forfeiture", reason=reason,
           changes={"forfeited_on": on, "forfeiture_ground": "declaration"})
    close_clocks(kinds=SEIZURE_CLOCKS, detention=detention, on=on)
    apply_transition(actor=actor, detention=detention, action="record_forfeiture", reason=reason)
    order_disposition(actor=actor, detention=detention, method=DispositionMethod.DESTRUCTION, ordered_on=on,
                      reason="Forfeited: goods under 19 U.S.C. 1307 are destroyed, never sold into U.S. commerce.")
    notify(recipients=importer_users(detention), kind="forfeited",
           subject=f"Entry {detention.shipment.entry_number}: goods declared forfeited", body=reason,
           key=f"seizure-{seizure.pk}-forfeited", detention=detention)
    return seizure


def _seizure_of(detention: Detention, action: str) -> Seizure:
    try:
        return detention.seizure
    except Seizure.DoesNotExist:
        raise InvalidTransition(action=action, current_state=detention.status, object_label="detention",
                                reason="the goods have no seizure record: seized goods are forfeited or released only "
                                       "through it") from None


def declare_forfeiture_of_detention(*, actor, detention: Detention, reason: str,
                                    expected_version: int | None = None) -> Seizure:
    """The deprecated detention-level forfeiture (API `record-forfeiture`): the declaration on the seizure record,
    with every check of that record's table (docs/seizure.md: the seizure record is the one write path)."""
    check_version(detention, expected_version, action="record_forfeiture", label="detention")
    return declare_forfeiture(actor=actor, seizure=_seizure_of(detention, "record_forfeiture"), reason=reason)


def refuse_release_outside_petition(*, actor, detention: Detention, reason: str = "",
                                    expected_version: int | None = None):
    """The deprecated detention-level release from seizure (API `release-from-seizure`): always refused. Seized
    goods are released by the approved decision granting a petition (19 U.S.C. 1618; 19 CFR 171.21)."""
    require(actor, detention, "release_from_seizure")  # 403 to a role that never could; 409 with the guard's reason
    raise InvalidTransition(action="release_from_seizure", current_state=detention.status, object_label="detention",
                            reason="seized goods are released only by the approved decision granting a petition on "
                                   "the seizure record (19 U.S.C. 1618; 19 CFR 171.21)")


@transaction.atomic
def refer_to_us_attorney(*, actor, seizure: Seizure, reference: str) -> Seizure:
    """A claim and bond were filed: the case goes to the U.S. Attorney (19 U.S.C. 1608, 1610)."""
    seizure = lock(seizure)
    require(actor, seizure, "refer_to_us_attorney")
    reference = require_text(reference, "reference", "Give the referral's reference (the U.S. Attorney's office).")
    _apply(actor=actor, obj=seizure, action="refer_to_us_attorney", reason=reference,
           changes={"referred_on": today(seizure.detention.port_code), "referral_reference": reference})
    return seizure


@transaction.atomic
def record_court_outcome(*, actor, seizure: Seizure, outcome: str, court_case_number: str,
                         decided_on: datetime.date | None = None, disposition: str = "") -> Seizure:
    """The court's judgment after the referral (19 U.S.C. 1608, 1610), with its date and case number.

    A decree of forfeiture forfeits the goods and orders their destruction (goods under 19 U.S.C. 1307 are never
    sold); a dismissal or an order releasing the goods frees them, released or exported under bond through the
    dispositions relief uses.
    """
    seizure = lock(seizure)
    detention = lock(seizure.detention)
    require(actor, seizure, "record_court_outcome")
    if outcome not in CourtOutcome.values:
        raise ValidationError({"outcome": "Choose the court's judgment: a decree of forfeiture, a dismissal or an "
                                          "order releasing the goods."})
    court_case_number = require_text(court_case_number, "court_case_number",
                                     "Give the court's case number (e.g. 2:26-cv-01234).")
    if len(court_case_number) > 60:
        raise ValidationError({"court_case_number": "The case number is at most 60 characters."})
    decided_on = _date(decided_on, "decided_on", "date of the judgment", detention.port_code,
                       not_before=seizure.referred_on, not_before_what="the referral to the U.S. Attorney")
    disposition = disposition or ""
    forfeited = outcome == CourtOutcome.DECREE
    if forfeited and disposition:
        raise ValidationError({"disposition": "A decree of forfeiture sends the goods to destruction; choose no "
                                              "release or export."})
    if not forfeited and disposition not in ReliefDisposition.values:
        raise ValidationError({"disposition": "Say what the court's order does with the goods: released to the "
                                              "claimant or exported under bond."})
    label = CourtOutcome(outcome).label
    reason = f"{label}, {court_case_number}, {decided_on:%d %B %Y}"
    changes = {"court_outcome": outcome, "court_outcome_on": decided_on, "court_case_number": court_case_number}
    if forfeited:
        changes.update(status="forfeited", forfeited_on=decided_on, forfeiture_ground="judicial_decree")
    else:
        changes.update(status="released_by_court")
    _apply(actor=actor, obj=seizure, action="record_court_outcome", changes=changes, reason=reason)
    if forfeited:
        apply_transition(actor=actor, detention=detention, action="record_forfeiture", reason=reason)
        order_disposition(actor=actor, detention=detention, method=DispositionMethod.DESTRUCTION, ordered_on=decided_on,
                          reason="Forfeited by decree: goods under 19 U.S.C. 1307 are destroyed, never sold into "
                                 "U.S. commerce.")
    elif disposition == ReliefDisposition.RELEASE:
        apply_transition(actor=actor, detention=detention, action="release_from_seizure", reason=reason)
        order_disposition(actor=actor, detention=detention, method=DispositionMethod.RELEASE, ordered_on=decided_on,
                          reason=f"Released by the court: {reason}.")
    else:
        apply_transition(actor=actor, detention=detention, action="export_from_seizure",
                         changes={"exported_on": decided_on}, reason=reason)
        order_disposition(actor=actor, detention=detention, method=DispositionMethod.EXPORT, ordered_on=decided_on,
                          reason=f"Released by the court for export: {reason}.")
    notify(recipients=importer_users(detention), kind="court_outcome",
           subject=f"Entry {detention.shipment.entry_number}: {label.lower()}",
           body=f"The court's judgment in case {court_case_number} of {decided_on:%d %B %Y} is recorded: "
                f"{label.lower()}" + (". The goods are forfeited and will be destroyed." if forfeited else
                   f"; the goods are {'released' if disposition == 'release' else 'to be exported under bond'}."),
           key=f"seizure-{seizure.pk}-court-outcome", detention=detention)
    return seizure


# --- The petition's decision, under four eyes ---------------------------------------------------

_PROPOSAL_FIELDS = ["proposed_outcome", "proposed_disposition", "proposed_conditions", "proposed_payment",
                    "proposed_reasons", "proposed_by", "proposed_on", "send_back_reason"]


@transaction.atomic
def propose_petition_decision(*, actor, petition: SeizurePetition, outcome: str, reasons: str,
                              disposition: str = "", conditions: str = "", payment=None) -> SeizurePetition:
    petition = lock(petition)
    require(actor, petition, "propose_decision")
    if outcome not in ("grant", "deny"):
        raise ValidationError({"outcome": "Propose to grant or to deny the petition."})
    reasons = require_text(reasons, "reasons", "Give the reasons for the proposed decision.")
    if outcome == "grant":
        if disposition not in ReliefDisposition.values:
            raise ValidationError({"disposition": "Say what becomes of the goods: released to the petitioner or "
                                                  "exported under bond. They are never sold into U.S. commerce."})
        conditions = require_text(conditions, "conditions", "State the conditions of relief (payment, export, "
                                                            "release of claims).")
        payment = positive_amount(payment, "payment", "payment") if payment not in (None, "") else None
    else:
        if disposition or conditions or payment not in (None, ""):
            raise ValidationError({"disposition": "A denial sets no disposition, conditions or payment."})
        disposition, conditions, payment = "", "", None
    before = snapshot(petition, _PROPOSAL_FIELDS)
    petition.proposed_outcome, petition.proposed_disposition = outcome, disposition
    petition.proposed_conditions, petition.proposed_payment, petition.proposed_reasons = conditions, payment, reasons
    petition.proposed_by, petition.proposed_on = actor, today(petition.seizure.detention.port_code)
    petition.send_back_reason = ""
    petition.save()
    record_event(actor=actor, action="propose_petition_decision", obj=petition, before=before,
                 after=snapshot(petition, _PROPOSAL_FIELDS), reason=reasons, detention=petition.seizure.detention)
    notify(recipients=[u for u in supervisors(petition.seizure.detention.port_code) if u.pk != actor.pk],
           kind="decision_proposed",
           subject=f"Petition decision to approve: entry {petition.seizure.detention.shipment.entry_number}",
           body=reasons, key=f"petition-{petition.pk}-proposed-{petition.proposed_on:%Y%m%d}",
           detention=petition.seizure.detention)
    return petition


@transaction.atomic
def send_back_petition_decision(*, actor, petition: SeizurePetition, reason: str) -> SeizurePetition:
    petition = lock(petition)
    require(actor, petition, "send_back_decision")
    reason = require_text(reason, "reason", "Say why the proposal is sent back.")
    before = snapshot(petition, _PROPOSAL_FIELDS)
    petition.proposed_outcome = petition.proposed_disposition = petition.proposed_conditions = ""
    petition.proposed_reasons, petition.proposed_payment = "", None
    petition.send_back_reason = reason
    petition.save()
    record_event(actor=actor, action="send_back_petition_decision", obj=petition, before=before,
                 after=snapshot(petition, _PROPOSAL_FIELDS), reason=reason, detention=petition.seizure.detention)
    return petition


@transaction.atomic
def approve_petition_decision(*, actor, petition: SeizurePetition) -> SeizurePetition:
    """A supervisor other than the proposer approves; relief takes effect today (19 CFR 171.21)."""
    petition = lock(petition)
    seizure = lock(petition.seizure)
    detention = lock(seizure.detention)
    require(actor, petition, "approve_decision")
    on = today(detention.port_code)
    granted = petition.proposed_outcome == "grant"
    require(actor, seizure, "grant_relief" if granted else "deny_relief")
    before = snapshot(petition, ["status", "decided_on", "decided_by"])
    petition.status = SeizurePetitionStatus.GRANTED if granted else SeizurePetitionStatus.DENIED
    petition.decided_on, petition.decided_by = on, actor
    petition.save(update_fields=["status", "decided_on", "decided_by"])
    record_event(actor=actor, action="approve_petition_decision", obj=petition, before=before,
                 after=snapshot(petition, ["status", "decided_on", "decided_by"]), reason=petition.proposed_reasons,
                 detention=detention)
    if granted:
        _apply(actor=actor, obj=seizure, action="grant_relief", changes={"remitted_on": on},
               reason=petition.proposed_conditions)
        close_clocks(kinds=SEIZURE_CLOCKS, detention=detention, on=on, state="cancelled")
        if petition.proposed_disposition == ReliefDisposition.RELEASE:
            apply_transition(actor=actor, detention=detention, action="release_from_seizure",
                             reason=petition.proposed_conditions)
            method = DispositionMethod.RELEASE
        else:
            apply_transition(actor=actor, detention=detention, action="export_from_seizure",
                             changes={"exported_on": on}, reason=petition.proposed_conditions)
            method = DispositionMethod.EXPORT
        order_disposition(actor=actor, detention=detention, method=method, ordered_on=on,
                          reason=f"Relief granted on conditions: {petition.proposed_conditions}")
    else:
        _apply(actor=actor, obj=seizure, action="deny_relief", reason=petition.proposed_reasons)
        if petition.kind != ElectionKind.SUPPLEMENTAL:
            open_clock(kind=DeadlineKind.SUPPLEMENTAL_PETITION, start=on, detention=detention)
    notify(recipients=[*importer_users(detention), petition.proposed_by], kind="petition_decided",
           subject=f"Entry {detention.shipment.entry_number}: petition {petition.get_status_display().lower()}",
           body=(petition.proposed_conditions if granted else petition.proposed_reasons),
           key=f"petition-{petition.pk}-decided", detention=detention)
    return petition


# --- Disposition of the goods -----------------------------------------------------------------

def order_disposition(*, actor, detention: Detention, method: str, ordered_on: datetime.date,
                      reason: str) -> GoodsDisposition:
    """A disposition the law or a decision calls for, in the caller's transaction."""
    disposition = GoodsDisposition.objects.create(detention=detention, method=method, ordered_on=ordered_on,
                                                  reason=reason)
    record_event(actor=actor, action="order_disposition", obj=disposition, detention=detention,
                 after=snapshot(disposition, ["method", "status", "ordered_on", "reason"]), reason=reason)
    return disposition


def _close_case(*, actor, detention: Detention, on: datetime.date, why: str) -> None:
    """The goods are gone or released: the case closes on that day (once)."""
    if detention.closed_on is not None:
        return
    detention = lock(detention)
    before = snapshot(detention, ["closed_on"])
    detention.closed_on = on
    detention.version += 1
    detention.save(update_fields=["closed_on", "version", "updated_at"])
    record_event(actor=actor, action="close_case", obj=detention, before=before,
                 after=snapshot(detention, ["closed_on"]), reason=why, detention=detention)


@transaction.atomic
def record_destruction(*, actor, disposition: GoodsDisposition, destruction_method: str, witness_name: str,
                       witness_title: str = "", destroyed_on: datetime.date | None = None) -> GoodsDisposition:
    disposition = lock(disposition)
    require(actor, disposition, "record_destruction")
    port = disposition.detention.port_code
    witness_name = require_text(witness_name, "witness_name",
                                "Name the witness of the destruction; a destruction is recorded only under witness.")
    destruction_method = require_text(destruction_method, "destruction_method",
                                      "Say how the goods were destroyed (e.g. shredded, incinerated).")
    destroyed_on = _date(destroyed_on, "destroyed_on", "date of destruction", port,
                         not_before=disposition.ordered_on, not_before_what="the order to destroy")
    _apply(actor=actor, obj=disposition, action="record_destruction", changes={
        "destroyed_on": destroyed_on, "destruction_method": destruction_method, "witness_name": witness_name,
        "witness_title": (witness_title or "").strip(), "recorded_by": actor})
    _close_case(actor=actor, detention=disposition.detention, on=destroyed_on, why="The goods were destroyed.")
    return disposition


@transaction.atomic
def record_export(*, actor, disposition: GoodsDisposition, inbond_number: str, port_of_exit: str,
                  exported_on: datetime.date | None = None) -> GoodsDisposition:
    """The goods left under bond (the in-bond movement); the proof of exportation is due next."""
    disposition = lock(disposition)
    require(actor, disposition, "record_export")
    port = disposition.detention.port_code
    inbond_number = require_text(inbond_number, "inbond_number", "Give the in-bond number (CBP Form 7512).")
    port_of_exit = require_text(port_of_exit, "port_of_exit", "Give the port of exit (4-digit code).")
    if len(port_of_exit) != 4 or not port_of_exit.isdigit():
        raise ValidationError({"port_of_exit": "The port of exit is a 4-digit port code, e.g. 2704."})
    exported_on = _date(exported_on, "exported_on", "export date", port, not_before=disposition.ordered_on,
                        not_before_what="the export election")
    _apply(actor=actor, obj=disposition, action="record_export", changes={
        "exported_on": exported_on, "inbond_number": inbond_number, "port_of_exit": port_of_exit,
        "recorded_by": actor})
    open_clock(kind=DeadlineKind.EXPORT_PROOF, start=exported_on, length=settings.CASES_EXPORT_PROOF_DAYS,
               detention=disposition.detention)
    return disposition


@transaction.atomic
def record_proof_of_export(*, actor, disposition: GoodsDisposition, proof_reference: str,
                           proof_on: datetime.date | None = None) -> GoodsDisposition:
    disposition = lock(disposition)
    require(actor, disposition, "record_proof_of_export")
    port = disposition.detention.port_code
    proof_reference = require_text(proof_reference, "proof_reference",
                                   "Give the export record (e.g. the bill of lading or the EEI's ITN).")
    proof_on = _date(proof_on, "proof_on", "date of the proof of exportation", port,
                     not_before=disposition.ordered_on, not_before_what="the export election")
    require_date_not_before(proof_on, disposition.exported_on, "proof_on",
                            f"The proof of exportation cannot be dated before the export "
                            f"({disposition.exported_on:%d %B %Y}).")
    _apply(actor=actor, obj=disposition, action="record_proof_of_export",
           changes={"proof_on": proof_on, "proof_reference": proof_reference})
    close_clocks(kinds=[DeadlineKind.EXPORT_PROOF], detention=disposition.detention, on=proof_on)
    _close_case(actor=actor, detention=disposition.detention, on=proof_on, why="Exportation proven.")
    return disposition


@transaction.atomic
def record_release(*, actor, disposition: GoodsDisposition,
                   released_on: datetime.date | None = None) -> GoodsDisposition:
    disposition = lock(disposition)
    require(actor, disposition, "record_release")
    detention = disposition.detention
    released_on = _date(released_on, "released_on", "release date", detention.port_code,
                        not_before=disposition.ordered_on, not_before_what="the decision to release")
    _apply(actor=actor, obj=disposition, action="record_release", changes={"released_on": released_on,
                                                                            "recorded_by": actor})
    shipment = detention.shipment
    shipment.release_status, shipment.released_on = ReleaseStatus.RELEASED, released_on
    shipment.save(update_fields=["release_status", "released_on", "updated_at"])
    _close_case(actor=actor, detention=detention, on=released_on, why="The goods were released.")
    return disposition


# --- Redelivery -------------------------------------------------------------------------------

@transaction.atomic
def demand_redelivery(*, actor, detention: Detention, reason: str, bond_number: str, goods_value,
                      demanded_on: datetime.date | None = None) -> Redelivery:
    """Notice to redeliver released goods (19 CFR 141.113; CBP Form 4647), with its 30-day clock."""
    detention = lock(detention)
    require(actor, detention, "demand_redelivery")
    if detention.redeliveries.filter(status="demanded").exists():
        raise ValidationError({"reason": "A demand for redelivery of these goods is already open."})
    reason = require_text(reason, "reason", "Say why the goods must be redelivered.")
    bond_number = require_text(bond_number, "bond_number", "Give the number of the bond the goods were released "
                                                           "under (19 CFR 113.62).")
    goods_value = positive_amount(goods_value, "goods_value", "value of the goods")
    demanded_on = _date(demanded_on, "demanded_on", "date of the demand", detention.port_code,
                        not_before=detention.decided_on, not_before_what="the release")
    apply_transition(actor=actor, detention=detention, action="demand_redelivery", reason=reason)
    redelivery = Redelivery.objects.create(detention=detention, demanded_on=demanded_on, demanded_by=actor,
                                           reason=reason, bond_number=bond_number, goods_value=goods_value)
    record_event(actor=actor, action="demand_redelivery", obj=redelivery, detention=detention, reason=reason,
                 after=snapshot(redelivery, ["status", "demanded_on", "bond_number", "goods_value"]))
    open_clock(kind=DeadlineKind.REDELIVERY, start=demanded_on, detention=detention)
    open_clock(kind=DeadlineKind.REDELIVERY_PROTEST, start=demanded_on, detention=detention)
    documents.issue_document(actor=actor, kind=documents.DocumentKind.NOTICE_TO_REDELIVER, detention=detention,
                             redelivery=redelivery)
    notify(recipients=importer_users(detention), kind="notice_to_redeliver",
           subject=f"Notice to redeliver: entry {detention.shipment.entry_number}",
           body=f"Return the goods to customs custody within 30 days. {reason} The demand may be protested within "
                "180 days (19 U.S.C. 1514(a)(4)).",
           key=f"redelivery-{redelivery.pk}-demanded", detention=detention)
    return redelivery


@transaction.atomic
def record_redelivered(*, actor, redelivery: Redelivery, redelivered_on: datetime.date | None = None) -> Redelivery:
    redelivery = lock(redelivery)
    require(actor, redelivery, "record_redelivered")
    redelivered_on = _date(redelivered_on, "redelivered_on", "redelivery date", redelivery.detention.port_code,
                           not_before=redelivery.demanded_on, not_before_what="the demand")
    _apply(actor=actor, obj=redelivery, action="record_redelivered", changes={"redelivered_on": redelivered_on})
    close_clocks(kinds=[DeadlineKind.REDELIVERY], detention=redelivery.detention, on=redelivered_on)
    return redelivery


@transaction.atomic
def record_not_redelivered(*, actor, redelivery: Redelivery) -> Redelivery:
    """The 30 days passed without the goods: a breach of the bond (19 CFR 113.62); the sweep records it."""
    redelivery = lock(redelivery)
    require(actor, redelivery, "record_not_redelivered")
    on = today(redelivery.detention.port_code)
    _apply(actor=actor, obj=redelivery, action="record_not_redelivered", changes={"not_redelivered_on": on})
    close_clocks(kinds=[DeadlineKind.REDELIVERY], detention=redelivery.detention, on=on, state="lapsed")
    notify(recipients=supervisors(redelivery.detention.port_code), kind="not_redelivered",
           subject=f"Not redelivered: entry {redelivery.detention.shipment.entry_number}",
           body="The goods were not redelivered within 30 days of the notice: claim liquidated damages on the bond "
                "(19 CFR 113.62).", key=f"redelivery-{redelivery.pk}-not-redelivered",
           detention=redelivery.detention)
    return redelivery


@transaction.atomic
def claim_liquidated_damages(*, actor, redelivery: Redelivery, amount) -> Redelivery:
    redelivery = lock(redelivery)
    require(actor, redelivery, "claim_liquidated_damages")
    amount = positive_amount(amount, "amount", "liquidated damages")
    _apply(actor=actor, obj=redelivery, action="claim_liquidated_damages", changes={
        "damages_amount": amount, "damages_claimed_on": today(redelivery.detention.port_code)})
    notify(recipients=importer_users(redelivery.detention), kind="liquidated_damages",
           subject=f"Claim for liquidated damages: entry {redelivery.detention.shipment.entry_number}",
           body=f"CBP claims {money(amount)} in liquidated damages on bond {redelivery.bond_number} for the failure "
                "to redeliver (19 CFR 113.62).", key=f"redelivery-{redelivery.pk}-damages",
           detention=redelivery.detention)
    return redelivery


def cancel_demand_on_protest(*, actor, redelivery: Redelivery, on: datetime.date, reason: str) -> Redelivery:
    """The protest of the demand was allowed (19 U.S.C. 1514(a)(4), 1515(a)): the demand is cancelled, and a
    claim for liquidated damages on it is marked cancelled (kept, never deleted). In the caller's transaction."""
    redelivery = lock(redelivery)
    changes = {"cancelled_on": on}
    if redelivery.damages_claimed_on is not None:
        changes["damages_cancelled_on"] = on
    _apply(actor=actor, obj=redelivery, action="cancel_on_protest", changes=changes, reason=reason)
    close_clocks(kinds=[DeadlineKind.REDELIVERY], detention=redelivery.detention, on=on, state="cancelled")
    return redelivery


def release_redelivered_goods(*, actor, redelivery: Redelivery, on: datetime.date, reason: str) -> Redelivery:
    """The demand fell on the allowed protest (19 U.S.C. 1514(a)(4), 1515(a)) after the goods had come back to
    customs custody on it: the goods are released to the importer again, that day. The cancelled demand records
    the release (the detention never left `released`), audited, and the importer is told through the outbox.
    In the caller's transaction, after `cancel_demand_on_protest`."""
    redelivery = lock(redelivery)
    _apply(actor=actor, obj=redelivery, action="release_redelivered_goods", changes={"goods_released_on": on},
           reason=reason)
    detention = redelivery.detention
    notify(recipients=importer_users(detention), kind="redelivered_goods_released",
           subject=f"Redelivered goods released: entry {detention.shipment.entry_number}",
           body=f"Your protest of the demand for redelivery of {redelivery.demanded_on:%d %B %Y} was allowed on "
                f"{on:%d %B %Y}. The goods you redelivered on {redelivery.redelivered_on:%d %B %Y} are released to "
                "you again; arrange their collection with the port (19 U.S.C. 1515(a)).",
           key=f"redelivery-{redelivery.pk}-released-again", detention=detention)
    return redelivery


__all__ = [
    "SYSTEM", "abandon_goods", "approve_petition_decision", "cancel_demand_on_protest", "claim_liquidated_damages",
    "declare_forfeiture",
    "demand_redelivery", "file_claim", "file_petition", "open_seizure", "order_disposition",
    "propose_petition_decision", "publish_intent_to_forfeit", "record_destruction", "record_export",
    "record_court_outcome", "record_not_redelivered", "record_proof_of_export", "record_redelivered", "record_release",
    "record_seizure",
    "refer_to_us_attorney", "release_redelivered_goods", "required_cost_bond", "send_back_petition_decision",
]
