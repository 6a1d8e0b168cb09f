"""Admissibility decisions under four eyes: an officer proposes, a different supervisor approves.

Release, exclusion and seizure take effect only on approval (domain.md section 4). Which outcomes a
basis allows: a WRO leads to exclusion (19 CFR 12.44(a)), a Finding to seizure (12.44(b)), CAATSA's
presumption to seizure or exclusion, UFLPA's to exclusion.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import documents, later_findings
from cases.actors import SYSTEM
from cases.audit import record_event, snapshot
from cases.clocks import DeadlineKind
from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import (
    Basis,
    Deadline,
    DeadlineState,
    Decision,
    DecisionStatus,
    Detention,
    Finding,
    Outcome,
    ReleaseGround,
    ReleaseStatus,
    SubmissionStatus,
)
from cases.services.closing import close_loose_ends, resolve_submission
from cases.services.deadlines import cancel_open_clocks, close_clocks, open_clock
from cases.services.detentions import apply_transition
from cases.services.notifications import importer_users, notify, supervisors
from cases.services.protests import close_overtaken_protests
from cases.services.support import is_uflpa_exception_approver, lock, require_text, today
from cases.workflows import require

OUTCOMES_BY_BASIS = {
    Basis.WRO: (Outcome.RELEASE, Outcome.EXCLUDE),
    Basis.FINDING: (Outcome.RELEASE, Outcome.SEIZE),
    Basis.CAATSA: (Outcome.RELEASE, Outcome.EXCLUDE, Outcome.SEIZE),
    Basis.UFLPA: (Outcome.RELEASE, Outcome.EXCLUDE),
}
_TARGET = {Outcome.RELEASE: "released", Outcome.EXCLUDE: "excluded", Outcome.SEIZE: "seized"}
# Proof of admissibility is on file for a final determination once the importer filed a package.
PROOF_FILED_STATUSES = (SubmissionStatus.SUBMITTED, SubmissionStatus.UNDER_REVIEW,
                        SubmissionStatus.MORE_INFORMATION_REQUESTED, SubmissionStatus.REJECTED)


def _check_release_ground(detention: Detention, outcome: str, release_ground: str) -> str:
    """UFLPA releases name their route: not subject to UFLPA, or an exception (sec. 3(b)); others name none."""
    release_ground = release_ground or ""
    if release_ground not in ReleaseGround.values:
        raise ValidationError({"release_ground": "Choose the ground of release from the list."})
    if detention.basis == Basis.UFLPA and outcome == Outcome.RELEASE:
        if not release_ground:
            raise ValidationError({"release_ground": (
                "Say why the goods are released: not subject to UFLPA (applicability review) or an exception to "
                "the presumption (UFLPA sec. 3(b)).")})
    elif release_ground:
        raise ValidationError({"release_ground": "A ground of release applies only to releasing goods held under "
                                                 "the UFLPA presumption."})
    return release_ground


def proof_window_refusal(detention: Detention, outcome: str, on) -> str | None:
    """19 CFR 12.44(a)-(b): exclusion (WRO) or seizure (Finding) follows the importer's 3-month window.

    Earlier only on a final determination that proof already filed is insufficient: the importer's
    package was filed, so the decision rests on it. None when the decision may go ahead.
    """
    if detention.basis not in (Basis.WRO, Basis.FINDING) or outcome == Outcome.RELEASE:
        return None
    window = (Deadline.objects.filter(detention=detention, kind=DeadlineKind.PROOF_OF_ADMISSIBILITY)
              .order_by("-id").first())
    if window is None or window.state != DeadlineState.OPEN or window.due_date < on:
        return None
    if detention.submissions.filter(status__in=PROOF_FILED_STATUSES).exists():
        return None
    consequence = "exclusion" if detention.basis == Basis.WRO else "seizure"
    section = "12.44(a)" if detention.basis == Basis.WRO else "12.44(b)"
    return (f"the importer has until {window.due_date:%d %B %Y} to export or file proof of admissibility "
            f"(19 CFR 12.43), and no proof has been filed to decide on; {consequence} follows that window "
            f"(19 CFR {section})")


@transaction.atomic
def propose_decision(*, actor, detention: Detention, outcome: str, reasons: str, release_ground: str = "",
                     expected_version: int | None = None) -> Decision:
    """An officer proposes release, exclusion or seizure, with reasons; a supervisor must approve it."""
    detention = lock(detention)
    require(actor, detention, "propose_decision")
    if outcome not in OUTCOMES_BY_BASIS[detention.basis]:
        allowed = ", ".join(str(Outcome(o).label).lower() for o in OUTCOMES_BY_BASIS[detention.basis])
        raise ValidationError(
            {"outcome": f"Under the {detention.get_basis_display()} the outcome is one of: {allowed}."}
        )
    release_ground = _check_release_ground(detention, outcome, release_ground)
    refusal = proof_window_refusal(detention, outcome, today(detention.port_code))
    if refusal:
        raise InvalidTransition(action="propose_decision", current_state=detention.status,
                                object_label="detention", reason=refusal)
    reasons = require_text(reasons, "reasons", "Give the reasons for the proposed decision.")
    apply_transition(actor=actor, detention=detention, action="propose_decision", expected_version=expected_version,
                     reason=reasons)
    decision = Decision.objects.create(
        detention=detention, outcome=outcome, release_ground=release_ground, reasons=reasons, proposed_by=actor,
        proposed_at=timezone.now(),
    )
    record_event(actor=actor, action="propose_decision", obj=decision,
                 after=snapshot(decision, ["outcome", "release_ground", "reasons", "status"]), detention=detention)
    notify(
        recipients=[u for u in supervisors(detention.port_code) if u.pk != actor.pk], kind="decision_proposed",
        subject=f"Decision to approve: {decision.get_outcome_display().lower()} "
                f"entry {detention.shipment.entry_number}",
        body=reasons, key=f"decision-{decision.pk}-proposed", detention=detention,
    )
    return decision


@transaction.atomic
def propose_seizure_under_finding(*, actor, detention: Detention, reasons: str, finding: Finding | None = None,
                                  expected_version: int | None = None) -> Decision:
    """An officer proposes seizing goods excluded under a WRO once a Finding in force covers them and they are still
    in CBP custody (19 CFR 12.42(f), 12.44(b); setting CASES_SEIZURE_AFTER_LATER_FINDING).

    The Finding may be the one converted from the WRO or one published on its own for the same producer and goods
    (cases.later_findings); it must exempt neither the producer nor the importer. When several cover the goods the
    proposal names one (`finding`; by default the one converted from the WRO). The proposal is a seizure decision
    like any other: a different supervisor approves it (approve_decision), which checks the named Finding again,
    opens the seizure record (open_seizure) and ends the exclusion's abandonment clock and protest window.
    """
    detention = lock(detention)
    require(actor, detention, "propose_seizure_under_finding")
    reasons = require_text(reasons, "reasons", "Give the reasons for seizing the excluded goods under the Finding.")
    finding = _finding_for_proposal(detention, finding)
    apply_transition(actor=actor, detention=detention, action="propose_seizure_under_finding",
                     expected_version=expected_version, reason=reasons)
    decision = Decision.objects.create(detention=detention, outcome=Outcome.SEIZE, reasons=reasons, finding=finding,
                                       proposed_by=actor, proposed_at=timezone.now())
    record_event(actor=actor, action="propose_seizure_under_finding", obj=decision,
                 after={**snapshot(decision, ["outcome", "reasons", "status"]), "finding": finding.reference},
                 detention=detention)
    how = (f"converted from {detention.wro.reference}" if finding.source_wro_id == detention.wro_id
           else "published on its own")
    notify(
        recipients=[u for u in supervisors(detention.port_code) if u.pk != actor.pk], kind="decision_proposed",
        subject=f"Decision to approve: seizure under Finding {finding.reference}, entry "
                f"{detention.shipment.entry_number}",
        body=f"The goods were excluded under {detention.wro.reference}; Finding {finding.reference} ({how}, "
             f"published {finding.published_date:%d %B %Y}) now covers them while they are in custody. {reasons}",
        key=f"decision-{decision.pk}-proposed", detention=detention,
    )
    return decision


def _finding_for_proposal(detention: Detention, finding: Finding | None) -> Finding:
    """The Finding the proposal names: the one chosen, which must cover the goods, or by default the one converted
    from the WRO (or the only one). Bad input (400) changes nothing."""
    day = today(detention.port_code)
    covering = later_findings.covering_findings(detention, day)
    if finding is not None:
        reason = later_findings.refusal(detention, day, named_id=finding.pk)
        if reason:
            raise ValidationError({"finding": f"{reason[0].upper()}{reason[1:]}. Choose one of: "
                                              f"{', '.join(f.reference for f in covering)}."})
        return finding
    chosen = later_findings.default_finding(detention, covering)
    if chosen is None:
        names = ", ".join(f.reference for f in covering)
        raise ValidationError({"finding": f"Several Findings cover these goods ({names}): choose the one the "
                                          "seizure rests on."})
    return chosen


def _pending(detention: Detention) -> Decision:
    return detention.decisions.select_for_update().get(status=DecisionStatus.PROPOSED)


@transaction.atomic
def approve_decision(*, actor, detention: Detention, expected_version: int | None = None) -> Decision:
    """A supervisor other than the proposer approves; the outcome takes effect today."""
    detention = lock(detention)
    require(actor, detention, "approve_decision")
    decision = _pending(detention)
    require(actor, decision, "approve")
    if decision.release_ground == ReleaseGround.EXCEPTION and not is_uflpa_exception_approver(actor):
        raise ActionNotPermitted(
            "Granting an exception to the UFLPA presumption is the Commissioner's determination (sec. 3(b)); it "
            f"needs a supervisor in the '{settings.CASES_UFLPA_EXCEPTION_APPROVER_GROUP}' group.")
    decided_on = today(detention.port_code)
    refusal = proof_window_refusal(detention, decision.outcome, decided_on)
    if refusal:
        raise InvalidTransition(action="approve_decision", current_state=detention.status,
                                object_label="detention", reason=refusal)
    was_deemed_excluded = detention.status == "deemed_excluded"
    was_excluded = detention.status == "excluded"
    target = _TARGET[decision.outcome]
    changes = {"status": target, "decided_on": decided_on}
    if decision.outcome == Outcome.EXCLUDE:
        changes["exclusion_advised_on"] = decided_on
    if target == "released":
        changes["closed_on"] = decided_on
    apply_transition(actor=actor, detention=detention, action="approve_decision", changes=changes,
                     expected_version=expected_version, reason=decision.reasons)
    before = snapshot(decision, ["status", "reviewed_by"])
    decision.status = DecisionStatus.APPROVED
    decision.reviewed_by = actor
    decision.reviewed_at = timezone.now()
    decision.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    record_event(actor=actor, action="approve_decision", obj=decision, before=before,
                 after=snapshot(decision, ["status", "reviewed_by"]), detention=detention)
    resolve_submission(actor=actor, detention=detention, accepted=decision.outcome == Outcome.RELEASE,
                       reason=decision.reasons)
    close_loose_ends(actor=actor, detention=detention, reason=f"Decided: {decision.get_outcome_display().lower()}.")
    if was_deemed_excluded:
        supersede_deemed_exclusion(actor=actor, detention=detention, decision=decision, on=decided_on)
    if was_excluded:
        supersede_exclusion_by_seizure(actor=actor, detention=detention, on=decided_on, finding=decision.finding)
    _open_consequences(detention, decision, decided_on)
    documents.issue_decision_documents(actor=actor, detention=detention, decision=decision)
    notify(
        recipients=[*importer_users(detention), decision.proposed_by], kind="decision",
        subject=f"Entry {detention.shipment.entry_number}: {detention.get_status_display().lower()}",
        body=decision.reasons, key=f"decision-{decision.pk}-approved", detention=detention,
    )
    return decision


def _open_consequences(detention: Detention, decision: Decision, decided_on) -> None:
    close_clocks(kinds=[DeadlineKind.ADMISSIBILITY_DETERMINATION], detention=detention, on=decided_on)
    if decision.outcome == Outcome.RELEASE:
        cancel_open_clocks(detention=detention, on=decided_on)
        shipment = detention.shipment
        shipment.release_status = ReleaseStatus.RELEASED
        shipment.released_on = decided_on
        shipment.save(update_fields=["release_status", "released_on", "updated_at"])
        if decision.release_ground == ReleaseGround.EXCEPTION:
            # UFLPA sec. 3(c): each exception is reported to Congress within 30 days.
            open_clock(kind=DeadlineKind.EXCEPTION_REPORT, start=decided_on, detention=detention)
        return
    close_clocks(
        kinds=[DeadlineKind.PROOF_OF_ADMISSIBILITY, DeadlineKind.UFLPA_RESPONSE, DeadlineKind.CAATSA_EVIDENCE,
               DeadlineKind.RFI_RESPONSE, DeadlineKind.DETENTION_NOTICE],
        detention=detention, on=decided_on, state="cancelled",
    )
    if decision.outcome == Outcome.SEIZE:
        from cases.services.seizures import open_seizure  # noqa: PLC0415 (seizures imports this package)

        open_seizure(actor=SYSTEM, detention=detention)
    if decision.outcome == Outcome.EXCLUDE:
        open_clock(kind=DeadlineKind.PROTEST_FILING, start=decided_on, detention=detention)
        if detention.basis == Basis.WRO:
            open_clock(kind=DeadlineKind.ABANDONMENT, start=decided_on, detention=detention)


@transaction.atomic
def send_back_decision(*, actor, detention: Detention, reason: str, expected_version: int | None = None) -> Decision:
    """A supervisor returns the proposal to the officer with a reason; the case stays open."""
    detention = lock(detention)
    require(actor, detention, "send_back_decision")
    reason = require_text(reason, "reason", "Say why the proposal is sent back, so the officer can act on it.")
    decision = _pending(detention)
    require(actor, decision, "send_back")
    apply_transition(actor=actor, detention=detention, action="send_back_decision", reason=reason,
                     expected_version=expected_version)
    before = snapshot(decision, ["status", "send_back_reason"])
    decision.status = DecisionStatus.SENT_BACK
    decision.reviewed_by = actor
    decision.reviewed_at = timezone.now()
    decision.send_back_reason = reason
    decision.save(update_fields=["status", "reviewed_by", "reviewed_at", "send_back_reason"])
    record_event(actor=actor, action="send_back_decision", obj=decision, before=before,
                 after=snapshot(decision, ["status", "send_back_reason"]), reason=reason, detention=detention)
    notify(
        recipients=[decision.proposed_by], kind="decision_sent_back",
        subject=f"Proposal sent back: entry {detention.shipment.entry_number}", body=reason,
        key=f"decision-{decision.pk}-sent-back", detention=detention,
    )
    return decision


def supersede_exclusion_by_seizure(*, actor, detention: Detention, on, finding: Finding | None = None) -> None:
    """The excluded goods are seized under the Finding published later (19 CFR 12.44(b)): the exclusion's
    consequences end. The 60-day abandonment clock stops (the goods are seized, not abandoned: 12.44(a)), and so
    does the window to protest the exclusion: the remedies are now the seizure's own (petition, offer, claim;
    19 U.S.C. 1618, 1608)."""
    if finding is None:  # a proposal made before proposals named their Finding
        finding = later_findings.default_finding(detention, later_findings.covering_findings(detention, on))
    close_clocks(kinds=[DeadlineKind.ABANDONMENT, DeadlineKind.PROTEST_FILING], detention=detention, on=on,
                 state=DeadlineState.CANCELLED)
    advised = detention.exclusion_advised_on
    record_event(actor=actor, action="supersede_exclusion", obj=detention,
                 before={"exclusion_advised_on": advised and str(advised)},
                 after={"finding": finding.reference if finding else "", "seized_on": str(on)},
                 reason="The seizure under the Finding replaces the exclusion.", detention=detention)


def supersede_deemed_exclusion(*, actor, detention: Detention, decision: Decision, on) -> None:
    """The agency decided after a deemed exclusion: its decision replaces the deemed one (1499(c)(5)(A)).

    A release or a seizure leaves nothing to protest under 1514(a)(4): the protest window of the
    deemed exclusion closes. An exclusion is a decision of its own, protestable within 180 days of it:
    the window restarts from it (in _open_consequences).
    """
    # A pending protest of the deemed exclusion and its 180-day window close (an exclusion then opens its own).
    close_overtaken_protests(actor=actor, detention=detention,
                             reason=f"{decision.get_outcome_display()} approved on {on:%d %B %Y}")
    record_event(actor=actor, action="supersede_deemed_exclusion", obj=detention,
                 before={"deemed_excluded_on": detention.deemed_excluded_on and str(detention.deemed_excluded_on)},
                 after={"decision": decision.outcome, "decided_on": str(on)},
                 reason="The agency's decision replaces the deemed exclusion.", detention=detention)
