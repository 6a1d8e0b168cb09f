"""Protests of an exclusion (19 U.S.C. 1514, 1515; CBP Form 19; 19 CFR part 174).

One protest per entry (1514(c)(1)), amendable before its decision and within the time to protest,
withdrawable while pending (19 CFR 174.14); further review (1515(a); 174.23-174.27); accelerated
disposition (1515(b); 174.22). The decision follows the four-eyes rule of the admissibility decisions:
an officer proposes allow, allow in part or deny with reasons, and a different supervisor approves or
sends the proposal back. An exclusion protest is decided before the 30th day after filing or is
deemed denied on that day (1499(c)(5)(B); 174.21(b)); the Court of International Trade may then be
asked within 180 days (28 U.S.C. 2636(a); 174.31), and the goods still need a disposition.
docs/protests.md states each rule with its source.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from cases.actors import SYSTEM
from cases.audit import record_event, snapshot
from cases.clocks import DeadlineKind
from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import (
    Basis,
    Deadline,
    DeadlineState,
    Detention,
    Protest,
    ProtestedDecision,
    ProtestOutcome,
    ProtestStatus,
    Redelivery,
    ReleaseGround,
    ReleaseStatus,
)
from cases.services.deadlines import cancel_clock, cancel_open_clocks, close_clocks, open_clock
from cases.services.detentions import apply_transition
from cases.services.notifications import importer_users, notify, responsible_officers, supervisors
from cases.services.seizures import cancel_demand_on_protest, release_redelivered_goods
from cases.services.support import is_uflpa_exception_approver, lock, require_text, today
from cases.validators import validate_entry_number
from cases.workflows import require

PROTEST_FIELDS = ["status", "filed_on", "decided_on", "decision_reason"]
PROPOSAL_FIELDS = ["proposed_outcome", "proposed_release_ground", "proposed_reasons", "proposed_by", "proposed_on",
                   "send_back_reason"]
# A proposal withdrawn, sent back or made moot leaves no trace on the protest but in the audit trail.
NO_PROPOSAL = {"proposed_outcome": "", "proposed_release_ground": "", "proposed_reasons": "", "proposed_by": None,
               "proposed_on": None}
DECISION_CLOCKS = [DeadlineKind.PROTEST_DECISION, DeadlineKind.ACCELERATED_DISPOSITION, DeadlineKind.PROTEST_REVIEW]

# 19 CFR 174.13(a): what a protest must contain, with the message shown when a part is missing.
REQUIRED_CONTENTS = {
    "protestant_name": "Give the protestant's name.",
    "protestant_address": "Give the protestant's address.",
    "importer_number": "Give the importer number.",
    "entry_number": "Give the entry number.",
    "merchandise": "Describe the merchandise protested.",
    "objections": "State each decision protested and the reasons for the objection.",
}

_OUTCOME_STATUS = {
    ProtestOutcome.ALLOW: ProtestStatus.ALLOWED,
    ProtestOutcome.PARTIALLY_ALLOW: ProtestStatus.PARTIALLY_ALLOWED,
    ProtestOutcome.DENY: ProtestStatus.DENIED,
}


def _move(*, actor, protest: Protest, action: str, changes: dict, reason: str = "", audit_action: str | None = None,
          fields: list[str] | None = None):
    """Check the PROTEST table, apply `changes` (the target state included), audit; returns the audit event.

    The caller holds the row lock."""
    transition = require(actor, protest, action)
    changes = dict(changes)
    if transition.target and "status" not in changes:
        changes["status"] = transition.target
    watched = sorted(set(fields or []) | set(changes))
    before = snapshot(protest, watched)
    for name, value in changes.items():
        setattr(protest, name, value)
    protest.save(update_fields=sorted(changes))
    return record_event(actor=actor, action=audit_action or f"{action}_protest", obj=protest, before=before,
                        after=snapshot(protest, watched), reason=reason, detention=protest.detention)


def _entry(protest_or_detention) -> str:
    detention = getattr(protest_or_detention, "detention", protest_or_detention)
    return detention.shipment.entry_number


@transaction.atomic
def file_protest(
    *, actor, detention: Detention, protestant_name: str, protestant_address: str, importer_number: str,
    entry_number: str, merchandise: str, objections: str,
) -> Protest:
    """File the one protest of the entry within 180 days of the exclusion (19 U.S.C. 1514(c)(1), (c)(3))."""
    detention = lock(detention)
    require(actor, detention, "file_protest")
    values = {"protestant_name": protestant_name, "protestant_address": protestant_address,
              "importer_number": importer_number, "entry_number": entry_number, "merchandise": merchandise,
              "objections": objections}
    errors = {field: message for field, message in REQUIRED_CONTENTS.items() if not (values[field] or "").strip()}
    if not errors.get("entry_number"):
        try:
            validate_entry_number(entry_number.strip())
        except ValidationError as exc:
            errors["entry_number"] = exc.messages[0]
        else:
            if entry_number.strip() != detention.shipment.entry_number:
                errors["entry_number"] = f"The protested entry is {detention.shipment.entry_number}."
    if errors:
        raise ValidationError(errors)
    window = Deadline.objects.filter(detention=detention, kind=DeadlineKind.PROTEST_FILING).order_by("-id").first()
    filed_on = today(detention.port_code)
    if window is not None and (window.state == DeadlineState.LAPSED or window.due_date < filed_on):
        raise InvalidTransition(action="file_protest", current_state=detention.status, object_label="detention",
                                reason=f"the 180-day window to protest closed on {window.due_date:%d %B %Y}")
    apply_transition(actor=actor, detention=detention, action="file_protest")
    deemed = detention.status == "deemed_excluded"
    protest = Protest.objects.create(
        detention=detention, organisation_id=detention.shipment.importer_id, filed_on=filed_on, filed_by=actor,
        entry_date=detention.shipment.importation_date,
        decision_date=detention.decided_on or detention.deemed_excluded_on or detention.detained_on,
        protested_decision=ProtestedDecision.DEEMED_EXCLUSION if deemed else ProtestedDecision.EXCLUSION,
        **{k: v.strip() for k, v in values.items()},
    )
    record_event(actor=actor, action="file_protest", obj=protest, after=snapshot(protest, PROTEST_FIELDS),
                 detention=detention)
    close_clocks(kinds=[DeadlineKind.PROTEST_FILING], detention=detention, on=filed_on)
    # A protested exclusion is not abandoned while the protest runs (19 CFR 12.44(a)).
    close_clocks(kinds=[DeadlineKind.ABANDONMENT], detention=detention, on=filed_on, state=DeadlineState.CANCELLED)
    decision_clock = open_clock(kind=DeadlineKind.PROTEST_DECISION, start=filed_on, detention=detention,
                                protest=protest)
    notify(
        recipients=[*responsible_officers(detention), *supervisors(detention.port_code)], kind="protest_filed",
        subject=f"Protest filed against the exclusion of entry {detention.shipment.entry_number}",
        body=f"Decide by {decision_clock.due_date:%d %B %Y}, before the 30th day after filing; otherwise the protest "
             "is deemed denied on the 30th day (19 U.S.C. 1499(c)(5)(B); 19 CFR 174.21(b)).",
        key=f"protest-{protest.pk}-filed", detention=detention,
    )
    return protest


@transaction.atomic
def file_redelivery_protest(
    *, actor, redelivery: Redelivery, objections: str, merchandise: str = "", protestant_name: str = "",
    protestant_address: str = "", importer_number: str = "",
) -> Protest:
    """Protest a demand for redelivery (19 U.S.C. 1514(a)(4)) within 180 days of it (1514(c)(3)).

    The entry and the decision date are the demand's; the protestant's particulars default to the
    organisation's record (19 CFR 174.13(a)). Not an exclusion: the port decides within two years of the
    filing (19 U.S.C. 1515(a); 19 CFR 174.21(a)), with no deemed denial but after a request for accelerated
    disposition (1515(b)).
    """
    redelivery = Redelivery.objects.select_for_update().get(pk=redelivery.pk)
    detention = redelivery.detention
    require(actor, redelivery, "file_protest")
    shipment = detention.shipment
    organisation = shipment.importer
    values = {
        "protestant_name": (protestant_name or "").strip() or organisation.name,
        "protestant_address": (protestant_address or "").strip() or organisation.address,
        "importer_number": (importer_number or "").strip() or organisation.importer_number,
        "entry_number": shipment.entry_number,
        "merchandise": (merchandise or "").strip() or shipment.description,
        "objections": (objections or "").strip(),
    }
    errors = {field: message for field, message in REQUIRED_CONTENTS.items() if not values[field]}
    if errors:
        raise ValidationError(errors)
    filed_on = today(detention.port_code)
    protest = Protest.objects.create(
        detention=detention, organisation_id=shipment.importer_id, filed_on=filed_on, filed_by=actor,
        entry_date=shipment.importation_date, decision_date=redelivery.demanded_on, redelivery=redelivery,
        protested_decision=ProtestedDecision.REDELIVERY_DEMAND, **values,
    )
    record_event(actor=actor, action="file_redelivery_protest", obj=protest, detention=detention,
                 after=snapshot(protest, [*PROTEST_FIELDS, "protested_decision", "redelivery"]))
    close_clocks(kinds=[DeadlineKind.REDELIVERY_PROTEST], detention=detention, starts_on=redelivery.demanded_on,
                 on=filed_on)
    decision_clock = open_clock(kind=DeadlineKind.PROTEST_REVIEW, start=filed_on, detention=detention,
                                protest=protest)
    notify(
        recipients=[*responsible_officers(detention), *supervisors(detention.port_code)], kind="protest_filed",
        subject=f"Protest filed against the demand for redelivery of entry {shipment.entry_number}",
        body=f"The demand of {redelivery.demanded_on:%d %B %Y} is protested. Decide by "
             f"{decision_clock.due_date:%d %B %Y} (19 U.S.C. 1515(a); 19 CFR 174.21(a)).",
        key=f"protest-{protest.pk}-filed", detention=detention,
    )
    return protest


# --- The importer's acts on a pending protest -----------------------------------------------------

@transaction.atomic
def amend_protest(*, actor, protest: Protest, objections: str, merchandise: str = "") -> Protest:
    """Amend the grounds before the decision and within the time to protest (1514(c)(1); 19 CFR 174.14).

    A proposal awaiting approval was made on the old grounds; it goes back to the officer.
    """
    protest = lock(protest)
    require(actor, protest, "amend")
    objections = require_text(objections, "objections", "State the objections as amended, with their reasons.")
    amended_on = today(protest.detention.port_code)
    changes = {"objections": objections, "amended_on": amended_on}
    if (merchandise or "").strip():
        changes["merchandise"] = merchandise.strip()
    if protest.proposed_outcome:
        changes.update(**NO_PROPOSAL, send_back_reason=f"The protest was amended on {amended_on:%d %B %Y}; "
                                                       "propose again on the amended grounds.")
    event = _move(actor=actor, protest=protest, action="amend", changes=changes, audit_action="amend_protest",
                  fields=["objections", "merchandise", "amended_on", *PROPOSAL_FIELDS])
    notify(
        recipients=[*responsible_officers(protest.detention), *supervisors(protest.detention.port_code)],
        kind="protest_amended", subject=f"Protest amended: entry {_entry(protest)}", body=objections,
        key=f"protest-{protest.pk}-amended-{event.pk}",
        detention=protest.detention,
    )
    return protest


@transaction.atomic
def withdraw_protest(*, actor, protest: Protest, reason: str = "") -> Protest:
    """Withdraw the protest before its decision (19 CFR 174.14); the goods then need a disposition."""
    protest = lock(protest)
    detention = lock(protest.detention)
    withdrawn_on = today(detention.port_code)
    _move(actor=actor, protest=protest, action="withdraw", audit_action="withdraw_protest", reason=reason or "",
          changes={"withdrawn_on": withdrawn_on, "withdrawal_reason": (reason or "").strip(),
                   **NO_PROPOSAL},
          fields=PROTEST_FIELDS)
    close_clocks(kinds=DECISION_CLOCKS, protest=protest, on=withdrawn_on, state=DeadlineState.CANCELLED)
    disposition = _reopen_disposition(detention, withdrawn_on)
    notify(
        recipients=[*responsible_officers(detention), *supervisors(detention.port_code)], kind="protest_withdrawn",
        subject=f"Protest withdrawn: entry {_entry(detention)}",
        body=f"The importer withdrew the protest filed on {protest.filed_on:%d %B %Y}. {disposition}".strip(),
        key=f"protest-{protest.pk}-withdrawn", detention=detention,
    )
    return protest


@transaction.atomic
def apply_for_further_review(*, actor, protest: Protest, statement: str) -> Protest:
    """Ask for further review by an officer who did not take part in the decision (1515(a); 174.23-174.27).

    The 30-day decision clock of an exclusion protest does not move: 1499(c)(5)(B) sets it by statute.
    """
    protest = lock(protest)
    require(actor, protest, "apply_for_further_review")
    statement = require_text(
        statement, "statement",
        "State the facts or arguments relied on and the criterion of 19 CFR 174.24 that justifies further review.",
    )
    _move(actor=actor, protest=protest, action="apply_for_further_review", audit_action="apply_for_further_review",
          changes={"further_review_requested_on": today(protest.detention.port_code),
                   "further_review_statement": statement})
    notify(
        recipients=supervisors(protest.detention.port_code), kind="protest_further_review",
        subject=f"Further review requested: protest of entry {_entry(protest)}",
        body="The protest must be reviewed by someone who did not take part in the decision protested "
             f"(19 CFR 174.26(b)). {statement}",
        key=f"protest-{protest.pk}-further-review", detention=protest.detention,
    )
    return protest


@transaction.atomic
def request_accelerated_disposition(*, actor, protest: Protest) -> Protest:
    """Request accelerated disposition (19 U.S.C. 1515(b); 19 CFR 174.22), mailed today.

    Open only after 90 days following the filing of the protest. Undecided within 30 days following the
    mailing, the protest is deemed denied at the close of the 30th day.
    """
    protest = lock(protest)
    mailed_on = today(protest.detention.port_code)
    _move(actor=actor, protest=protest, action="request_accelerated_disposition",
          audit_action="request_accelerated_disposition", changes={"accelerated_requested_on": mailed_on})
    clock = open_clock(kind=DeadlineKind.ACCELERATED_DISPOSITION, start=mailed_on, detention=protest.detention,
                       protest=protest)
    notify(
        recipients=[*responsible_officers(protest.detention), *supervisors(protest.detention.port_code)],
        kind="protest_accelerated",
        subject=f"Accelerated disposition requested: protest of entry {_entry(protest)}",
        body=f"Decide by {clock.due_date:%d %B %Y}; otherwise the protest is deemed denied at the close of that day "
             "(19 U.S.C. 1515(b); 19 CFR 174.22).",
        key=f"protest-{protest.pk}-accelerated", detention=protest.detention,
    )
    return protest


# --- The decision under four eyes ------------------------------------------------------------------

@transaction.atomic
def propose_protest_decision(*, actor, protest: Protest, outcome: str, reasons: str,
                             release_ground: str = "") -> Protest:
    """An officer (or supervisor) proposes allow, allow in part or deny, with reasons.

    Allowing a UFLPA protest in whole releases the goods: like any UFLPA release it has a ground. An
    exception (UFLPA sec. 3(b)) is named explicitly and needs the Commissioner's approval; otherwise the
    protest is allowed on the ground that the goods are not subject to UFLPA (applicability).
    """
    protest = lock(protest)
    require(actor, protest, "propose_decision")
    if outcome not in ProtestOutcome.values:
        raise ValidationError({"outcome": "Choose allow, allow in part or deny."})
    release_ground = release_ground or ""
    # Allowing a protest of a demand for redelivery cancels the demand; it releases nothing held.
    releases_uflpa_goods = (protest.detention.basis == "uflpa" and outcome == ProtestOutcome.ALLOW
                            and not protest.redelivery_id)
    if release_ground not in ReleaseGround.values or (release_ground and not releases_uflpa_goods):
        raise ValidationError({"release_ground": "A ground of release applies only to allowing in whole a protest "
                                                 "of goods held under the UFLPA presumption."})
    if releases_uflpa_goods and not release_ground:
        release_ground = ReleaseGround.NOT_SUBJECT
    reasons = require_text(reasons, "reasons", "Give the reasons for the proposed protest decision.")
    event = _move(actor=actor, protest=protest, action="propose_decision", audit_action="propose_protest_decision",
                  reason=reasons, changes={"proposed_outcome": outcome, "proposed_reasons": reasons,
                                           "proposed_release_ground": release_ground,
                                           "proposed_by": actor, "proposed_on": today(protest.detention.port_code),
                                           "send_back_reason": ""})
    notify(
        recipients=[u for u in supervisors(protest.detention.port_code) if u.pk != actor.pk],
        kind="protest_decision_proposed",
        subject=f"Protest decision to approve: {ProtestOutcome(outcome).label.lower()}, entry {_entry(protest)}",
        body=reasons, key=f"protest-{protest.pk}-proposed-{event.pk}",
        detention=protest.detention,
    )
    return protest


@transaction.atomic
def send_back_protest_decision(*, actor, protest: Protest, reason: str) -> Protest:
    """A supervisor returns the proposal with a reason; the protest stays pending and its clock runs."""
    protest = lock(protest)
    require(actor, protest, "send_back_decision")
    reason = require_text(reason, "reason", "Say why the proposal is sent back, so the officer can act on it.")
    proposer = protest.proposed_by
    event = _move(actor=actor, protest=protest, action="send_back_decision", audit_action="send_back_protest_decision",
                  reason=reason, changes={**NO_PROPOSAL, "send_back_reason": reason})
    notify(recipients=[proposer], kind="protest_decision_sent_back",
           subject=f"Protest proposal sent back: entry {_entry(protest)}", body=reason,
           key=f"protest-{protest.pk}-sent-back-{event.pk}",
           detention=protest.detention)
    return protest


@transaction.atomic
def approve_protest_decision(*, actor, protest: Protest) -> Protest:
    """A supervisor other than the proposer approves; the decision takes effect today.

    Allowed: the goods are released. Denied, or allowed only in part: the notice of denial is dated today
    (19 CFR 174.30(a)), the 180 days to bring an action start (28 U.S.C. 2636(a)(1); 174.31(a)), and the
    goods still excluded need a disposition.
    """
    protest = lock(protest)
    detention = lock(protest.detention)
    require(actor, protest, "approve_decision")
    exception = protest.proposed_release_ground == ReleaseGround.EXCEPTION
    if exception and not is_uflpa_exception_approver(actor):
        raise ActionNotPermitted(
            "Granting an exception to the UFLPA presumption is the Commissioner's determination (sec. 3(b)); it "
            f"needs a supervisor in the '{settings.CASES_UFLPA_EXCEPTION_APPROVER_GROUP}' group.")
    decided_on = today(detention.port_code)
    outcome = ProtestOutcome(protest.proposed_outcome)
    reasons = protest.proposed_reasons
    _move(actor=actor, protest=protest, action="approve_decision", audit_action=f"{outcome.value}_protest",
          reason=reasons, fields=PROPOSAL_FIELDS,
          changes={"status": _OUTCOME_STATUS[outcome], "decided_on": decided_on, "decided_by": actor,
                   "decision_reason": reasons})
    close_clocks(kinds=DECISION_CLOCKS, protest=protest, on=decided_on)
    follow_up = ""
    if protest.redelivery_id:
        if outcome == ProtestOutcome.ALLOW:
            redelivery = cancel_demand_on_protest(actor=actor, redelivery=protest.redelivery, on=decided_on,
                                                  reason=reasons)
            follow_up = " The demand for redelivery is cancelled, with any claim for liquidated damages on it."
            if redelivery.redelivered_on is not None:
                # The goods came back on the demand that fell: they go back to the importer (19 U.S.C. 1515(a)).
                release_redelivered_goods(actor=actor, redelivery=redelivery, on=decided_on, reason=reasons)
                follow_up += " The goods you redelivered are released to you again."
        else:
            court = open_clock(kind=DeadlineKind.COURT_FILING, start=decided_on, detention=detention, protest=protest)
            follow_up = (" The demand for redelivery stands. An action contesting the denial may be brought in the "
                         f"Court of International Trade by {court.due_date:%d %B %Y} (28 U.S.C. 2636(a); "
                         "19 CFR 174.31).")
    elif outcome == ProtestOutcome.ALLOW:
        apply_transition(actor=actor, detention=detention, action="release_on_protest",
                         changes={"closed_on": decided_on}, reason=reasons)
        cancel_open_clocks(detention=detention, on=decided_on)
        shipment = detention.shipment
        shipment.release_status = ReleaseStatus.RELEASED
        shipment.released_on = decided_on
        shipment.save(update_fields=["release_status", "released_on", "updated_at"])
        if exception:
            # UFLPA sec. 3(c): an exception granted on protest is reported to Congress within 30 days too.
            open_clock(kind=DeadlineKind.EXCEPTION_REPORT, start=decided_on, detention=detention)
    else:
        court = open_clock(kind=DeadlineKind.COURT_FILING, start=decided_on, detention=detention, protest=protest)
        follow_up = (f" An action contesting the denial may be brought in the Court of International Trade by "
                     f"{court.due_date:%d %B %Y} (28 U.S.C. 2636(a); 19 CFR 174.31). "
                     f"{_reopen_disposition(detention, decided_on)}")
    notify(
        recipients=[*importer_users(detention), protest.proposed_by], kind="protest_decided",
        subject=f"Protest {ProtestStatus(protest.status).label.lower()}: entry {_entry(detention)}",
        body=f"{reasons}{follow_up}".strip(), key=f"protest-{protest.pk}-decided", detention=detention,
    )
    return protest


# --- What the law and the case decide --------------------------------------------------------------

@transaction.atomic
def record_deemed_denial(*, protest: Protest, lapsed_on: datetime.date,
                         clock: DeadlineKind = DeadlineKind.PROTEST_DECISION) -> Protest:
    """The protest was not decided in time: it is deemed denied.

    `lapsed_on` is the due date of the clock that ran out. An exclusion protest not decided before the 30th
    day after filing is deemed denied on that 30th day, the day after the due date (1499(c)(5)(B); 19 CFR
    174.21(b)); after a request for accelerated disposition, at the close of the 30th day following its
    mailing, the due date itself (19 U.S.C. 1515(b); 19 CFR 174.22). The 180 days of 28 U.S.C. 2636(a)
    run from that day.
    """
    protest = lock(protest)
    detention = lock(protest.detention)
    require(SYSTEM, protest, "record_deemed_denial")
    clock = DeadlineKind(clock)
    denied_on = lapsed_on if clock == DeadlineKind.ACCELERATED_DISPOSITION else lapsed_on + datetime.timedelta(days=1)
    before = snapshot(protest, PROTEST_FIELDS)
    protest.status = ProtestStatus.DEEMED_DENIED
    protest.decided_on = denied_on
    protest.proposed_outcome, protest.proposed_reasons, protest.proposed_by, protest.proposed_on = "", "", None, None
    protest.save(update_fields=["status", "decided_on", "proposed_outcome", "proposed_reasons", "proposed_by",
                                "proposed_on"])
    record_event(actor=SYSTEM, action="record_deemed_denial", obj=protest, before=before,
                 after=snapshot(protest, PROTEST_FIELDS), detention=detention,
                 reason=f"{clock.value} ran out on {lapsed_on:%Y-%m-%d}")
    close_clocks(kinds=[clock], protest=protest, on=denied_on, state=DeadlineState.LAPSED)
    close_clocks(kinds=DECISION_CLOCKS, protest=protest, on=denied_on, state=DeadlineState.CANCELLED)
    court = open_clock(kind=DeadlineKind.COURT_FILING, start=denied_on, detention=detention, protest=protest)
    disposition = _reopen_disposition(detention, denied_on)
    law = ("no decision within 30 days following the request for accelerated disposition (19 U.S.C. 1515(b); "
           "19 CFR 174.22)" if clock == DeadlineKind.ACCELERATED_DISPOSITION else
           "no decision before the 30th day after filing (19 U.S.C. 1499(c)(5)(B); 19 CFR 174.21(b))")
    notify(
        recipients=[*importer_users(detention), *supervisors(detention.port_code)], kind="protest_deemed_denied",
        subject=f"Protest deemed denied: entry {detention.shipment.entry_number}",
        body=f"The protest is deemed denied on {denied_on:%d %B %Y}: {law}. An action may be brought in the Court of "
             f"International Trade by {court.due_date:%d %B %Y} (28 U.S.C. 2636(a)(2); 19 CFR 174.31). "
             f"{disposition}".strip(),
        key=f"protest-{protest.pk}-deemed-denied", detention=detention,
    )
    return protest


def _reopen_disposition(detention: Detention, on: datetime.date) -> str:
    """After a denial (or a withdrawal) the excluded goods still need a disposition (19 CFR 12.44(a)).

    Under a WRO the port's written exclusion advice gives 60 days to export before the goods are
    deemed abandoned; the protest held that clock, so it runs again for 60 days from the denial. Other
    excluded goods may still be exported; a deemed exclusion gave no written advice, so no abandonment
    clock runs for it. Returns the sentence that tells the parties.
    """
    if detention.status == "excluded" and detention.basis == Basis.WRO:
        clock = open_clock(kind=DeadlineKind.ABANDONMENT, start=on, detention=detention)
        return (f"The goods remain excluded: unless exported by {clock.due_date:%d %B %Y} they are deemed abandoned "
                "(19 CFR 12.44(a)).")
    if detention.status in ("excluded", "deemed_excluded") and detention.basis != Basis.FINDING:
        return "The goods remain excluded and may be exported."
    return ""


@transaction.atomic
def close_overtaken_protests(*, actor, detention: Detention, reason: str) -> list[Protest]:
    """The agency decided the case after a deemed exclusion: close the protest path that decision overtakes.

    A pending protest of the deemed exclusion is closed through the PROTEST table's internal transition,
    its decision clocks stop, the 180-day window to protest the deemed exclusion closes, each audited,
    and the importer is told. Call it before opening the clocks of the new decision (an exclusion opens
    its own protest window, 1514(c)(3)).
    """
    detention = lock(detention)
    reason = require_text(reason, "reason", "Say which decision overtook the deemed exclusion.")
    closed_on = today(detention.port_code)
    closed = []
    for protest in detention.protests.select_for_update().filter(
            status=ProtestStatus.FILED, protested_decision=ProtestedDecision.DEEMED_EXCLUSION):
        _move(actor=actor, protest=protest, action="close_overtaken", audit_action="close_overtaken_protest",
              reason=reason, fields=PROTEST_FIELDS,
              changes={"closed_reason": reason, **NO_PROPOSAL})
        close_clocks(kinds=DECISION_CLOCKS, protest=protest, on=closed_on, state=DeadlineState.CANCELLED)
        closed.append(protest)
    deemed_on = _deemed_exclusion_date(detention)
    windows = 0
    if deemed_on is not None:
        for window in Deadline.objects.select_for_update().filter(
                detention=detention, kind=DeadlineKind.PROTEST_FILING, state=DeadlineState.OPEN, starts_on=deemed_on):
            before = snapshot(window, ["state", "closed_on"])
            cancel_clock(window, on=closed_on)
            record_event(actor=actor, action="close_clock", obj=window, before=before,
                         after=snapshot(window, ["state", "closed_on"]), reason=reason, detention=detention)
            windows += 1
    if closed or windows:
        what = (f"Your protest filed on {closed[0].filed_on:%d %B %Y} against the deemed exclusion is closed"
                if closed else "The window to protest the deemed exclusion is closed")
        notify(
            recipients=importer_users(detention), kind="protest_overtaken",
            subject=f"Entry {detention.shipment.entry_number}: the deemed exclusion was overtaken",
            body=f"{what}: the port decided the case ({reason}). A protest lies against that decision if it is an "
                 "exclusion (19 U.S.C. 1514(a)(4)).",
            key=f"detention-{detention.pk}-protest-overtaken-{closed_on:%Y%m%d}", detention=detention,
        )
    return closed


def _deemed_exclusion_date(detention: Detention) -> datetime.date | None:
    """The day the exclusion was deemed: the day after the 30-day determination clock ran out."""
    lapsed = (Deadline.objects.filter(detention=detention, kind=DeadlineKind.ADMISSIBILITY_DETERMINATION,
                                      state=DeadlineState.LAPSED).order_by("-id").first())
    return lapsed.due_date + datetime.timedelta(days=1) if lapsed is not None else None
