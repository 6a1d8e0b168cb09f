"""The state machines of domain.md section 4, each declared as one table.

Each row names an action, the states it may start from, the state it leads to, the roles that may
trigger it, and its guards. `allowed_actions(actor, obj)` answers which buttons a person may press
now; services call `require(actor, obj, action)` before changing anything, so the UI, the API and
the clocks enforce the same table.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist

from cases import later_findings
from cases.accounts.backends import organisation_suspended
from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import (
    AdmissibilitySubmission,
    Decision,
    Detention,
    DetentionStatus,
    Finding,
    GoodsDisposition,
    Investigation,
    ModificationPetition,
    Protest,
    Redelivery,
    RequestForInformation,
    Role,
    Seizure,
    SeizurePetition,
    WithholdReleaseOrder,
)

OFFICER, SUPERVISOR, IMPORTER, ADMIN, SYSTEM = "officer", "supervisor", "importer", "admin", "system"
STAFF = frozenset({OFFICER, SUPERVISOR})

# A guard answers None when the action may go ahead, otherwise the reason it may not.
Guard = Callable[[object, object], str | None]


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str | None  # None: the state stays, or the service picks it (e.g. the approved outcome)
    roles: frozenset[str]
    guards: tuple[Guard, ...] = ()  # refusals in the current state: 409
    actor_guards: tuple[Guard, ...] = ()  # refusals of this person whatever the state: 403
    # Internal transitions are consequences of another act (closing a case's loose ends); they are
    # checked and audited like any other, but never offered as a button or an API action.
    internal: bool = False
    # States the action may start from without leaving them (a deemed exclusion stands while the review
    # it does not end goes on).
    keeps: frozenset[str] = frozenset()


@dataclass
class StateMachine:
    name: str
    model: type
    state_field: str
    transitions: list[Transition]
    by_action: dict[str, Transition] = field(init=False)

    def __post_init__(self):
        self.by_action = {t.action: t for t in self.transitions}

    def state_of(self, obj) -> str:
        return getattr(obj, self.state_field)

    def refusal(self, actor, obj, transition: Transition) -> Exception | None:
        role = getattr(actor, "role", None)
        if role not in transition.roles:
            return ActionNotPermitted(
                f"{_role_label(role)} may not {transition.label.lower()}; "
                f"this needs: {', '.join(sorted(_role_label(r) for r in transition.roles))}."
            )
        if role == IMPORTER and organisation_suspended(actor):
            return ActionNotPermitted(
                "Your organisation's access to the system is suspended; contact the agency to restore it.")
        if role == IMPORTER and _organisation_of(obj) != getattr(actor, "organisation_id", None):
            return ActionNotPermitted("This record belongs to another organisation.")
        for guard in transition.actor_guards:
            reason = guard(actor, obj)
            if reason:
                return ActionNotPermitted(reason)
        state = self.state_of(obj)
        if state not in transition.sources:
            return InvalidTransition(action=transition.action, current_state=state, object_label=self.name)
        for guard in transition.guards:
            reason = guard(actor, obj)
            if reason:
                return InvalidTransition(
                    action=transition.action, current_state=state, object_label=self.name, reason=reason
                )
        return None

    def require(self, actor, obj, action: str) -> Transition:
        transition = self.by_action[action]
        error = self.refusal(actor, obj, transition)
        if error is not None:
            raise error
        return transition

    def allowed(self, actor, obj) -> list[Transition]:
        """The acts open to `actor` on `obj`. The same answer as asking `refusal` of each, but the role and
        the state are compared first, so that lists of many records do not build a refusal message (or run
        guards) for every act the person could never take."""
        role, state = getattr(actor, "role", None), self.state_of(obj)
        return [t for t in self.transitions
                if not t.internal and role in t.roles and state in t.sources and self.refusal(actor, obj, t) is None]


_ROLE_LABELS = {SYSTEM: "The system", **dict(Role.choices)}


def _role_label(role) -> str:
    return _ROLE_LABELS.get(role) or "This account"


def _organisation_of(obj):
    if isinstance(obj, Detention):
        return obj.shipment.importer_id
    if isinstance(obj, AdmissibilitySubmission | Protest):
        return obj.organisation_id
    if isinstance(obj, RequestForInformation | Decision | Seizure | GoodsDisposition | Redelivery):
        return obj.detention.shipment.importer_id
    if isinstance(obj, SeizurePetition):
        return obj.organisation_id
    return None


# --- Guards ------------------------------------------------------------------------------------

def _no_pending_decision(actor, detention) -> str | None:
    if any(d.status == "proposed" for d in detention.decisions.all()):
        return "a proposed decision is already awaiting a supervisor's approval"
    return None


def _has_pending_decision(actor, detention) -> str | None:
    if not any(d.status == "proposed" for d in detention.decisions.all()):
        return "there is no proposed decision to review"
    return None


def _not_own_proposal(actor, detention) -> str | None:
    pending = next((d for d in detention.decisions.all() if d.status == "proposed"), None)
    if pending is not None and pending.proposed_by_id == getattr(actor, "pk", None):
        return "the officer who proposed a decision cannot approve or send back their own proposal"
    return None


def _export_offered(actor, detention) -> str | None:
    # 19 CFR 12.44(b): under a Finding, insufficient proof leads to seizure; export is not offered.
    if detention.basis == "finding":
        return "goods held under a Finding may not be exported (19 CFR 12.44(b))"
    return None


def _filed_package_waiting(actor, detention) -> str | None:
    # Outside the ordinary path (after a deemed exclusion) the review starts only on a package filed.
    if detention.status == "submission_received":
        return None
    if not any(s.status == "submitted" for s in detention.submissions.all()):
        return "no filed package is waiting for review"
    return None


def _basis_is_wro(actor, detention) -> str | None:
    return None if detention.basis == "wro" else "abandonment applies only to goods excluded under a WRO"


def _no_pending_protest(actor, detention) -> str | None:
    if any(p.status == "filed" for p in detention.protests.all()):
        return "a protest is pending"
    return None


def _one_protest_per_entry(actor, detention) -> str | None:
    # 19 U.S.C. 1514(c)(1): "only one protest may be filed for each entry". A protest closed because the
    # agency's later decision overtook the deemed exclusion it contested does not count: that decision
    # is a new one, protestable in its own right (1514(a)(4), (c)(3)).
    earlier = next((p for p in detention.protests.all() if p.status != "overtaken"), None)
    if earlier is None:
        return None
    if earlier.status == "filed":
        return (f"a protest of this entry was filed on {earlier.filed_on:%d %B %Y} and is pending; only one protest "
                "may be filed for each entry (19 U.S.C. 1514(c)(1)): amend that protest instead (19 CFR 174.14)")
    state = earlier.get_status_display().lower()
    return (f"a protest of this entry was filed on {earlier.filed_on:%d %B %Y} ({state}); "
            "only one protest may be filed for each entry (19 U.S.C. 1514(c)(1))")


# --- Seizure of excluded goods under a Finding published later (19 CFR 12.42(f), 12.44(b)) ---------------

def _seizure_after_later_finding_on(actor, detention) -> str | None:
    if not settings.CASES_SEIZURE_AFTER_LATER_FINDING:
        return ("seizure of excluded goods under a Finding published after the exclusion is turned off here "
                "(setting CASES_SEIZURE_AFTER_LATER_FINDING; 19 CFR 12.42(f), 12.44(b))")
    return None


def _goods_still_in_custody(actor, detention) -> str | None:
    # Exported or abandoned goods are refused by state (the table's sources); an excluded case closed by a record
    # written outside the flow is refused here with its date.
    if detention.closed_on is not None:
        return f"the case closed on {detention.closed_on:%d %B %Y}: the goods are no longer in CBP custody"
    return None


def _later_finding_covers_the_goods(actor, detention) -> str | None:
    """A Finding in force today covers the goods and exempts neither their producer nor their importer
    (cases.later_findings: converted from the WRO or published on its own)."""
    return later_findings.refusal(detention, later_findings.day_for(detention))


def _named_finding_still_covers(detention) -> str | None:
    """The approval checks that the Finding the proposal names still covers the goods."""
    pending = next((d for d in detention.decisions.all() if d.status == "proposed"), None)
    if pending is None or pending.finding_id is None:
        return None
    return later_findings.refusal(detention, later_findings.day_for(detention), named_id=pending.finding_id)


def _seizure_under_later_finding_still_open(actor, detention) -> str | None:
    """Approving a seizure proposed on excluded goods checks again what proposing it checked."""
    if detention.status != "excluded":
        return None
    for guard in (_seizure_after_later_finding_on, _goods_still_in_custody, _later_finding_covers_the_goods,
                  _no_pending_protest):
        reason = guard(actor, detention)
        if reason:
            return reason
    return _named_finding_still_covers(detention)


# --- Protest guards (19 U.S.C. 1514, 1515; 19 CFR part 174) -------------------------------------

def _today():
    from cases.services.support import today  # the services import this module

    return today()


def _protest_window_end(protest):
    """The last day the protested decision could be protested (1514(c)(3)), from its filing clock.

    Reads the detention's clocks through the relation, so a list that prefetched them runs no query here.
    A demand for redelivery has its own window (`redelivery_protest`), started by the demand.
    """
    kind = "redelivery_protest" if protest.redelivery_id else "protest_filing"
    windows = [d for d in protest.detention.deadlines.all()
               if d.kind == kind and d.starts_on == protest.decision_date]
    return max(windows, key=lambda d: d.id).due_date if windows else None


def _within_protest_window(actor, protest) -> str | None:
    # 1514(c)(1) (amendment) and 1515(a) (further review): "within the time allowed for the filing of a protest".
    end = _protest_window_end(protest)
    if end is not None and _today() > end:
        return (f"the time to protest the decision ended on {end:%d %B %Y}; after it a protest can no longer be "
                "amended or put to further review (19 U.S.C. 1514(c)(1), 1515(a); 19 CFR 174.14)")
    return None


def _decision_time_left(actor, protest) -> str | None:
    """An exclusion protest is decided before the 30th day after filing; on that day it is deemed denied."""
    clocks = {d.kind: d for d in protest.deadlines.all() if d.state == "open"}
    decision = clocks.get("protest_decision")
    if decision is not None and _today() > decision.due_date:
        return (f"the protest had to be decided before the 30th day after filing (by {decision.due_date:%d %B %Y}); "
                "it is deemed denied (19 U.S.C. 1499(c)(5)(B); 19 CFR 174.21(b))")
    accelerated = clocks.get("accelerated_disposition")
    if accelerated is not None and _today() > accelerated.due_date:
        return (f"accelerated disposition was requested and the 30 days ended on {accelerated.due_date:%d %B %Y}; "
                "the protest is deemed denied (19 U.S.C. 1515(b); 19 CFR 174.22)")
    return None


def _no_protest_proposal(actor, protest) -> str | None:
    return "a proposed decision is already awaiting a supervisor's approval" if protest.proposed_outcome else None


def _protest_proposal_pending(actor, protest) -> str | None:
    return None if protest.proposed_outcome else "there is no proposed decision on this protest to review"


def _not_own_protest_proposal(actor, protest) -> str | None:
    if protest.proposed_outcome and protest.proposed_by_id == getattr(actor, "pk", None):
        return "the person who proposed a protest decision cannot approve or send back their own proposal"
    return None


def _independent_of_protested_decision(actor, protest) -> str | None:
    # 19 CFR 174.26(b)(2): under further review the protest goes to someone "who did not participate
    # directly in the decision which is the subject of the protest".
    if not protest.further_review_requested_on:
        return None
    pk = getattr(actor, "pk", None)
    if protest.redelivery_id:
        took_part = pk is not None and pk == protest.redelivery.demanded_by_id
    else:
        took_part = any(d.status == "approved" and pk in (d.proposed_by_id, d.reviewed_by_id)
                        for d in protest.detention.decisions.all())
    if took_part:
        return ("further review was requested: the protest must be reviewed by someone who did not take part in the "
                "decision protested (19 CFR 174.26(b))")
    return None


def _no_further_review_yet(actor, protest) -> str | None:
    if protest.further_review_requested_on:
        return f"further review was already requested on {protest.further_review_requested_on:%d %B %Y}"
    return None


ACCELERATED_DISPOSITION_WAIT_DAYS = 90


def _accelerated_disposition_open(actor, protest) -> str | None:
    # 19 U.S.C. 1515(b); 19 CFR 174.22(a): a request "may be mailed ... any time after ninety days following
    # the filing of such protest". An exclusion protest is decided or deemed denied long before that.
    if protest.accelerated_requested_on:
        return f"accelerated disposition was already requested on {protest.accelerated_requested_on:%d %B %Y}"
    first_day = protest.filed_on + datetime.timedelta(days=ACCELERATED_DISPOSITION_WAIT_DAYS + 1)
    if _today() < first_day:
        return (f"a request for accelerated disposition may be made only after 90 days following the filing of the "
                f"protest, from {first_day:%d %B %Y} (19 U.S.C. 1515(b); 19 CFR 174.22(a)); a protest of an exclusion "
                "is decided before the 30th day after filing or deemed denied on it (19 CFR 174.21(b))")
    return None


def _recommendation_complete(actor, investigation) -> str | None:
    if not investigation.assigned_officer_id:
        return "assign an officer before recommending an order"
    return None


def _no_finding_from_this_order(actor, wro) -> str | None:
    if Finding.objects.filter(source_wro=wro).exists():
        return "a Finding was already published from this order"
    return None


# --- After the decision: seizure, election, disposition, redelivery (docs/seizure.md) ------------

def _open_clock(detention, kind):
    """The detention's open clock of `kind`, read through the relation (prefetchable)."""
    return next((d for d in detention.deadlines.all() if d.kind == kind and d.state == "open"), None)


def _window_refusal(detention, kind, what, citation) -> str | None:
    clock = _open_clock(detention, kind)
    if clock is None:
        return f"the time to {what} has ended ({citation})"
    if _today() > clock.due_date:
        return f"the time to {what} ended on {clock.due_date:%d %B %Y} ({citation})"
    return None


def _election_window_open(actor, seizure) -> str | None:
    return _window_refusal(seizure.detention, "seizure_election", "petition for relief after the notice of seizure",
                           "19 CFR 171.2(b)(1)")


def _supplemental_window_open(actor, seizure) -> str | None:
    if any(p.kind == "supplemental" for p in seizure.petitions.all()):
        return "a supplemental petition was already filed; only one is considered (19 CFR 171.61)"
    return _window_refusal(seizure.detention, "supplemental_petition", "file a supplemental petition",
                           "19 CFR 171.61")


def _claim_window_open(actor, seizure) -> str | None:
    if seizure.status == "advertised":
        return _window_refusal(seizure.detention, "forfeiture_claim", "file a claim and cost bond",
                               "19 U.S.C. 1608; 19 CFR 162.45(a)(3)")
    if seizure.status == "petition_denied":
        return _window_refusal(seizure.detention, "supplemental_petition", "elect referral after the denial",
                               "19 CFR 171.61")
    return _window_refusal(seizure.detention, "seizure_election", "elect referral for judicial forfeiture",
                           "19 U.S.C. 1618; 19 CFR 171.2(b)(1)")


def _no_election_running(actor, seizure) -> str | None:
    for kind, label in (("seizure_election", "the party's election period"),
                        ("supplemental_petition", "the supplemental petition period")):
        clock = _open_clock(seizure.detention, kind)
        if clock is not None and _today() <= clock.due_date:
            return (f"{label} runs until {clock.due_date:%d %B %Y}; the forfeiture proceeds only after it "
                    f"({clock.citation})")
    return None


def _claim_period_over(actor, seizure) -> str | None:
    for kind, what in (("forfeiture_claim", "the claim period"), ("forfeiture_publication", "the publication")):
        clock = _open_clock(seizure.detention, kind)
        if clock is not None and _today() <= clock.due_date:
            return (f"{what} runs until {clock.due_date:%d %B %Y}; forfeiture is declared only when no timely claim "
                    f"was filed ({clock.citation})")
    return None


def _no_petition_proposal(actor, petition) -> str | None:
    return "a proposed decision is already awaiting a supervisor's approval" if petition.proposed_outcome else None


def _petition_proposal_pending(actor, petition) -> str | None:
    return None if petition.proposed_outcome else "there is no proposed decision on this petition to review"


def _not_own_petition_proposal(actor, petition) -> str | None:
    if petition.proposed_outcome and petition.proposed_by_id == getattr(actor, "pk", None):
        return "the person who proposed a petition decision cannot approve or send back their own proposal"
    return None


def _seizure_record(detention):
    try:
        return detention.seizure
    except ObjectDoesNotExist:
        return None


def _seizure_forfeited(actor, detention) -> str | None:
    seizure = _seizure_record(detention)
    if seizure is None or seizure.status != "forfeited":
        state = seizure.get_status_display().lower() if seizure is not None else "not opened"
        return (f"seized goods are forfeited only through the seizure record (its declaration of forfeiture or the "
                f"party's abandonment; 19 U.S.C. 1609), and the seizure record is {state}")
    return None


def _seizure_remitted(actor, detention) -> str | None:
    seizure = _seizure_record(detention)
    # Relief granted on a petition (19 U.S.C. 1618), or the court's dismissal or release order after a referral
    # for judicial forfeiture (19 U.S.C. 1608, 1610).
    if seizure is None or seizure.status not in ("remitted", "released_by_court"):
        state = seizure.get_status_display().lower() if seizure is not None else "not opened"
        return (f"seized goods leave seizure only on relief granted on a petition on the seizure record "
                f"(19 U.S.C. 1618; 19 CFR 171.21) or on the court's order after a referral (19 U.S.C. 1608, 1610), "
                f"and the seizure record is {state}")
    return None


def _method_is(method):
    def guard(actor, disposition) -> str | None:
        if disposition.method != method:
            return f"this disposition is {disposition.get_method_display().lower()}, not {method}"
        return None
    guard.__name__ = f"_method_is_{method}"
    return guard


_method_is_destruction = _method_is("destruction")
_method_is_export = _method_is("export")
_method_is_release = _method_is("release")


def _demand_protest_window_open(actor, redelivery) -> str | None:
    """A demand for redelivery is protested within 180 days of it (19 U.S.C. 1514(a)(4), (c)(3))."""
    windows = [d for d in redelivery.detention.deadlines.all()
               if d.kind == "redelivery_protest" and d.starts_on == redelivery.demanded_on]
    window = max(windows, key=lambda d: d.id) if windows else None
    if window is None:
        return "no time to protest this demand is recorded (19 U.S.C. 1514(c)(3))"
    if window.state == "lapsed" or _today() > window.due_date:
        return (f"the 180 days to protest the demand for redelivery ended on {window.due_date:%d %B %Y} "
                "(19 U.S.C. 1514(c)(3))")
    return None


def _demand_not_protested(actor, redelivery) -> str | None:
    # One protest of each demand [U]: 1514(c)(1) allows one protest per entry; the demand is a decision of its
    # own on goods already released, protestable in its own right (1514(a)(4)).
    earlier = next((p for p in redelivery.protests.all() if p.status != "overtaken"), None)
    if earlier is not None:
        return (f"this demand was protested on {earlier.filed_on:%d %B %Y} ({earlier.get_status_display().lower()}); "
                "only one protest of it may be filed (19 U.S.C. 1514(c)(1))")
    return None


def _goods_redelivered_and_held(actor, redelivery) -> str | None:
    # Only goods that came back to customs custody on the demand can be given back when it falls.
    if redelivery.redelivered_on is None:
        return "the goods were not redelivered, so there is nothing in customs custody to release"
    if redelivery.goods_released_on is not None:
        return f"the redelivered goods were already released on {redelivery.goods_released_on:%d %B %Y}"
    return None


def _redelivery_window_over(actor, redelivery) -> str | None:
    clock = _open_clock(redelivery.detention, "redelivery")
    if clock is not None and _today() <= clock.due_date:
        return (f"the goods may be redelivered until {clock.due_date:%d %B %Y} (19 CFR 141.113; CBP Form 4647); "
                "failure is recorded only after that day")
    return None


# --- The tables --------------------------------------------------------------------------------

def T(action, label, sources, target, roles, guards=(), actor_guards=(), internal=False, keeps=()):  # noqa: N802
    return Transition(action, label, frozenset(sources), target, frozenset(roles), tuple(guards), tuple(actor_guards),
                      internal, frozenset(keeps))


_UNDECIDED = ("detained", "notice_issued", "submission_received", "under_review", "awaiting_importer")
# 19 U.S.C. 1499(c)(5)(A): a deemed exclusion is an exclusion for the purposes of protest only. The
# agency may still review and decide the case, and the importer's windows keep running.
_DEEMED = ("deemed_excluded",)
_DECIDABLE = _UNDECIDED + _DEEMED

DETENTION = StateMachine("detention", Detention, "status", [
    T("issue_notice", "Issue the notice of detention", ["detained"], "notice_issued", STAFF),
    T("receive_submission", "Receive the importer's submission", ["notice_issued", *_DEEMED], "submission_received",
      {IMPORTER}, keeps=_DEEMED),
    T("start_review", "Start the review", ["submission_received", *_DEEMED], "under_review", STAFF,
      [_filed_package_waiting], keeps=_DEEMED),
    # While a request for information is open the case waits for the importer; it never falls back to
    # notice_issued, and the answer (or the window closing) resumes the review (domain.md section 4).
    T("send_rfi", "Send a request for information", ["notice_issued", "submission_received", "under_review",
                                                       "awaiting_importer", *_DEEMED], "awaiting_importer", STAFF,
      keeps=_DEEMED),
    T("resume_review", "Resume the review: the importer answered or the answer window closed",
      ["awaiting_importer"], "under_review", {IMPORTER, SYSTEM}, internal=True),
    T("assign", "Assign or reassign the officer", _DECIDABLE + ("excluded", "seized"), None,
      {SUPERVISOR}),
    T("take", "Take the case", _DECIDABLE, None, {OFFICER, SUPERVISOR}),
    T("propose_decision", "Propose a decision", _DECIDABLE, None, STAFF, [_no_pending_decision]),
    # An excluded case is decided again only on a seizure proposed under a Finding published later (below).
    T("approve_decision", "Approve the proposed decision", _DECIDABLE + ("excluded",), None, {SUPERVISOR},
      [_has_pending_decision, _seizure_under_later_finding_still_open], [_not_own_proposal]),
    T("send_back_decision", "Send the proposed decision back", _DECIDABLE + ("excluded",), None, {SUPERVISOR},
      [_has_pending_decision], [_not_own_proposal]),
    T("elect_export", "Elect to export the goods", _UNDECIDED + ("excluded", "deemed_excluded"), "exported",
      {IMPORTER, OFFICER, SUPERVISOR}, [_export_offered, _no_pending_protest]),
    T("record_deemed_exclusion", "Record a deemed exclusion", _UNDECIDED, "deemed_excluded", {SYSTEM}),
    T("record_abandonment", "Record the goods as abandoned", ["excluded"], "abandoned", {SYSTEM},
      [_basis_is_wro, _no_pending_protest]),
    T("file_protest", "File a protest", ["excluded", "deemed_excluded"], None, {IMPORTER}, [_one_protest_per_entry]),
    # 19 CFR 12.42(f), 12.44(b): a Finding converted from the WRO reaches excluded goods still in custody [S]; an
    # officer proposes their seizure and a different supervisor approves it (approve_decision). Behind a setting.
    # Exported or abandoned goods left custody: those states are refused by the table itself.
    T("propose_seizure_under_finding", "Propose seizure under the later Finding", ["excluded"], None, STAFF,
      [_seizure_after_later_finding_on, _goods_still_in_custody, _later_finding_covers_the_goods,
       _no_pending_decision, _no_pending_protest]),
    T("add_note", "Add a note", DetentionStatus.values, None, STAFF),
    T("release_on_protest", "Release the goods on an allowed protest", ["excluded", "deemed_excluded"], "released",
      {SUPERVISOR}, internal=True),
    # After the decision (docs/seizure.md). The party's abandonment of seized goods forfeits them
    # (19 U.S.C. 1609; 19 CFR 162.45); relief granted on condition of export ships them out (19 CFR 171).
    # The seizure record (SEIZURE) is the one write path: the detention of seized goods is forfeited, released
    # or exported only as the consequence of that record's own transition (declaration of forfeiture or
    # abandonment: 19 U.S.C. 1609; relief granted on a petition: 19 U.S.C. 1618, 19 CFR 171.21), never by a
    # button of its own; the guards hold the detention to the state the seizure record reached.
    T("record_forfeiture", "Record the forfeiture declared on the seizure record", ["seized"], "forfeited",
      {SUPERVISOR}, [_seizure_forfeited], internal=True),
    T("release_from_seizure", "Release the goods from seizure: relief granted on the petition", ["seized"],
      "released", {SUPERVISOR}, [_seizure_remitted], internal=True),
    T("forfeit_by_abandonment", "Forfeit the goods: the party abandoned them", ["seized"], "forfeited", {IMPORTER},
      [_seizure_forfeited], internal=True),
    T("export_from_seizure", "Export the seized goods: relief granted on condition of export", ["seized"],
      "exported", {SUPERVISOR}, [_seizure_remitted], internal=True),
    # 19 CFR 141.113: released goods found inadmissible are demanded back (CBP Form 4647).
    T("demand_redelivery", "Demand redelivery of the released goods", ["released"], None, STAFF),
])

SUBMISSION = StateMachine("submission", AdmissibilitySubmission, "status", [
    T("save_draft", "Save the draft", ["draft"], "draft", {IMPORTER}),
    T("submit", "Submit the package", ["draft", "more_information_requested"], "submitted", {IMPORTER}),
    T("withdraw", "Withdraw the package", ["draft", "submitted"], "withdrawn", {IMPORTER}),
    T("start_review", "Start the review", ["submitted"], "under_review", STAFF),
    T("request_more_information", "Request more information", ["submitted", "under_review"],
      "more_information_requested", STAFF),
    # The answer to the request (or its window closing) puts the package back under review with the case.
    T("resume_review", "Resume the review with the answer", ["more_information_requested"], "under_review",
      {IMPORTER, SYSTEM}, internal=True),
    # A package is accepted or rejected by the approved decision, which may rest on the record after an
    # unanswered request for information.
    T("accept", "Accept the package", ["submitted", "under_review", "more_information_requested"], "accepted",
      {SUPERVISOR}),
    # A deemed exclusion (1499(c)(5)(A)) rejects nothing: only an approved decision resolves the package.
    T("reject", "Reject the package", ["submitted", "under_review", "more_information_requested"], "rejected",
      {SUPERVISOR}),
    T("close_unresolved", "Close the package: the case ended before it was resolved",
      ["draft", "submitted", "under_review", "more_information_requested"], "withdrawn",
      {IMPORTER, OFFICER, SUPERVISOR, SYSTEM}, internal=True),
])

RFI = StateMachine("request for information", RequestForInformation, "status", [
    T("answer", "Answer the request", ["open"], "answered", {IMPORTER}),
    T("lapse", "Record the request as lapsed", ["open"], "lapsed", {SYSTEM}),
    T("close", "Close the request: the case was decided", ["open"], "lapsed", {IMPORTER, OFFICER, SUPERVISOR, SYSTEM},
      internal=True),
])

DECISION = StateMachine("decision", Decision, "status", [
    T("approve", "Approve", ["proposed"], "approved", {SUPERVISOR}),
    T("send_back", "Send back", ["proposed"], "sent_back", {SUPERVISOR}),
    T("lapse", "Withdraw the proposal: the case ended without it", ["proposed"], "sent_back",
      {IMPORTER, OFFICER, SUPERVISOR, SYSTEM}, internal=True),
])

PROTEST = StateMachine("protest", Protest, "status", [
    # The importer's acts on a pending protest (19 U.S.C. 1514(c)(1), 1515; 19 CFR 174.14, 174.22, 174.25).
    T("amend", "Amend the protest", ["filed"], None, {IMPORTER}, [_within_protest_window]),
    T("withdraw", "Withdraw the protest", ["filed"], "withdrawn", {IMPORTER}),
    T("apply_for_further_review", "Apply for further review", ["filed"], None, {IMPORTER},
      [_no_further_review_yet, _within_protest_window]),
    T("request_accelerated_disposition", "Request accelerated disposition", ["filed"], None, {IMPORTER},
      [_accelerated_disposition_open]),
    # The decision under four eyes: an officer proposes, a different supervisor approves or sends back.
    T("propose_decision", "Propose a protest decision", ["filed"], None, {OFFICER, SUPERVISOR},
      [_no_protest_proposal, _decision_time_left], [_independent_of_protested_decision]),
    T("approve_decision", "Approve the proposed protest decision", ["filed"], None, {SUPERVISOR},
      [_protest_proposal_pending, _decision_time_left],
      [_not_own_protest_proposal, _independent_of_protested_decision]),
    # Sending back is part of the review: under further review it too belongs to someone who did not take part
    # in the decision protested (19 CFR 174.26(b)), or a participant could send back every allowance until the
    # protest is deemed denied on the 30th day.
    T("send_back_decision", "Send the proposed protest decision back", ["filed"], None, {SUPERVISOR},
      [_protest_proposal_pending], [_not_own_protest_proposal, _independent_of_protested_decision]),
    T("record_deemed_denial", "Record the protest as deemed denied", ["filed"], "deemed_denied", {SYSTEM}),
    T("close_overtaken", "Close the protest: the agency decided the case after the deemed exclusion", ["filed"],
      "overtaken", {OFFICER, SUPERVISOR, SYSTEM}, internal=True),
])

WRO = StateMachine("withhold release order", WithholdReleaseOrder, "status", [
    T("activate", "Activate the order", ["draft"], "active", {SUPERVISOR}),
    T("modify", "Modify the order for named producers or importers", ["active", "partially_active"],
      "partially_active", {SUPERVISOR}),
    T("revoke", "Revoke the order", ["active", "partially_active"], "inactive", {SUPERVISOR}),
    T("convert_to_finding", "Convert to a Finding", ["active", "partially_active"], None, {SUPERVISOR},
      [_no_finding_from_this_order]),
])

FINDING = StateMachine("finding", Finding, "status", [
    T("modify", "Modify the Finding", ["published", "modified"], "modified", {SUPERVISOR}),
    T("mark_no_longer_necessary", "Mark the Finding no longer necessary", ["published", "modified"],
      "no_longer_necessary", {SUPERVISOR}),
])

INVESTIGATION = StateMachine("investigation", Investigation, "status", [
    T("return_nonconforming", "Return the allegation as non-conforming", ["allegation_received"],
      "returned_nonconforming", STAFF),
    T("open_investigation", "Open the investigation", ["allegation_received"], "under_investigation", STAFF),
    T("assign", "Assign the investigating officer", ["allegation_received", "under_investigation"], None,
      {SUPERVISOR}),
    T("assess_indicators", "Record ILO indicator findings", ["under_investigation"], None, STAFF),
    T("close_no_action", "Close with no action", ["under_investigation"], "closed_no_action", STAFF),
    T("recommend_wro", "Recommend a Withhold Release Order", ["under_investigation"], "wro_recommended", STAFF,
      [_recommendation_complete]),
    T("record_wro_issued", "Record the order as issued", ["wro_recommended"], "wro_issued", {SUPERVISOR}),
])

PETITION = StateMachine("modification petition", ModificationPetition, "status", [
    T("start_review", "Start the review", ["submitted"], "under_review", STAFF),
    T("grant", "Grant the petition", ["under_review"], "granted", {SUPERVISOR}),
    T("deny", "Deny the petition", ["under_review"], "denied", {SUPERVISOR}),
])

SEIZURE = StateMachine("seizure", Seizure, "status", [
    # 19 U.S.C. 1595a(c); 19 CFR 162.31: the seizure record, custody receipt and notice of seizure.
    T("record_seizure", "Record the seizure and send the notice of seizure", ["awaiting_record"], "noticed", STAFF),
    # 19 U.S.C. 1618; 19 CFR 171.2(b)(1): a petition or an offer within 30 days of the notice.
    T("file_petition", "File a petition for relief or an offer in compromise", ["noticed"], "petition_pending",
      {IMPORTER}, [_election_window_open]),
    # 19 CFR 171.61: one supplemental petition after a denial.
    T("file_supplemental_petition", "File a supplemental petition", ["petition_denied"], "petition_pending",
      {IMPORTER}, [_supplemental_window_open]),
    # 19 U.S.C. 1608; 19 CFR 162.45(a)(3): a claim and cost bond refers the case for judicial forfeiture.
    T("file_claim", "File a claim and cost bond", ["noticed", "petition_denied", "advertised"], "claim_filed",
      {IMPORTER}, [_claim_window_open]),
    # Abandonment: the goods are forfeited and destroyed (19 U.S.C. 1609).
    T("abandon", "Abandon the goods", ["noticed", "petition_denied", "advertised"], "forfeited", {IMPORTER}),
    # 19 U.S.C. 1607(a); 19 CFR 162.45: notice of seizure and intent to forfeit, once no election is pending.
    T("publish_intent_to_forfeit", "Publish the notice of seizure and intent to forfeit",
      ["noticed", "petition_denied"], "advertised", STAFF, [_no_election_running]),
    # 19 U.S.C. 1609: no timely claim: declaration of forfeiture.
    T("declare_forfeiture", "Declare the goods forfeited", ["advertised"], "forfeited", {SUPERVISOR},
      [_claim_period_over]),
    # 19 U.S.C. 1608, 1610: a claim with its bond goes to the U.S. Attorney.
    T("refer_to_us_attorney", "Refer the claim to the U.S. Attorney", ["claim_filed"], "referred", {SUPERVISOR}),
    # Judicial forfeiture (19 U.S.C. 1608, 1610): the court's decree forfeits the goods; its dismissal or release
    # order frees them. The service sets the state from the outcome (forfeited or released_by_court).
    T("record_court_outcome", "Record the court's judgment", ["referred"], None, {SUPERVISOR}),
    # The petition's approved decision moves the seizure (19 U.S.C. 1618; 19 CFR 171.21).
    T("grant_relief", "Grant relief on the petition", ["petition_pending"], "remitted", {SUPERVISOR}, internal=True),
    T("deny_relief", "Deny relief on the petition", ["petition_pending"], "petition_denied", {SUPERVISOR},
      internal=True),
])

SEIZURE_PETITION = StateMachine("seizure petition", SeizurePetition, "status", [
    # Four eyes (domain.md section 4): an officer proposes, a different supervisor approves or sends back.
    T("propose_decision", "Propose a decision on the petition", ["filed"], None, STAFF, [_no_petition_proposal]),
    T("approve_decision", "Approve the proposed petition decision", ["filed"], None, {SUPERVISOR},
      [_petition_proposal_pending], [_not_own_petition_proposal]),
    T("send_back_decision", "Send the proposed petition decision back", ["filed"], None, {SUPERVISOR},
      [_petition_proposal_pending], [_not_own_petition_proposal]),
])

DISPOSITION = StateMachine("disposition", GoodsDisposition, "status", [
    # Destruction under witness (19 CFR 12.44(a) abandoned goods; forfeited goods under 1307 are not sold).
    T("record_destruction", "Record the witnessed destruction", ["pending"], "destroyed", STAFF,
      [_method_is_destruction]),
    # Export under bond: the in-bond movement, then the proof of exportation before the case closes.
    T("record_export", "Record the export under bond", ["pending"], "exported", STAFF, [_method_is_export]),
    T("record_proof_of_export", "Record the proof of exportation", ["exported"], "export_proven", STAFF),
    T("record_release", "Record the release of the goods", ["pending"], "released", {SUPERVISOR},
      [_method_is_release]),
])

REDELIVERY = StateMachine("redelivery", Redelivery, "status", [
    # 19 CFR 141.113; CBP Form 4647: redelivered within 30 days of the notice, or not.
    T("record_redelivered", "Record the goods as redelivered", ["demanded"], "redelivered", STAFF),
    T("record_not_redelivered", "Record the goods as not redelivered", ["demanded"], "not_redelivered",
      {SUPERVISOR, SYSTEM}, [_redelivery_window_over]),
    # 19 CFR 113.62: liquidated damages on the importer's bond for the failure to redeliver.
    T("claim_liquidated_damages", "Claim liquidated damages on the bond", ["not_redelivered"], "damages_claimed",
      {SUPERVISOR}),
    # 19 U.S.C. 1514(a)(4): the demand is protestable within 180 days (1514(c)(3)), on CBP Form 19.
    T("file_protest", "Protest the demand for redelivery",
      ["demanded", "redelivered", "not_redelivered", "damages_claimed"], None, {IMPORTER},
      [_demand_not_protested, _demand_protest_window_open]),
    # The protest allowed: the demand, and any claim for liquidated damages on it, are cancelled (kept, marked).
    T("cancel_on_protest", "Cancel the demand: the protest of it was allowed",
      ["demanded", "redelivered", "not_redelivered", "damages_claimed"], "cancelled", {SUPERVISOR}, internal=True),
    # The demand fell (19 U.S.C. 1515(a)): goods already redelivered on it go back to the importer. The cancelled
    # demand records the release; the detention stays `released`, the state it never left.
    T("release_redelivered_goods", "Release the redelivered goods: the protest of the demand was allowed",
      ["cancelled"], None, {SUPERVISOR}, [_goods_redelivered_and_held], internal=True),
])

MACHINES = {
    Detention: DETENTION, AdmissibilitySubmission: SUBMISSION, RequestForInformation: RFI, Decision: DECISION,
    Protest: PROTEST, WithholdReleaseOrder: WRO, Finding: FINDING, Investigation: INVESTIGATION,
    ModificationPetition: PETITION, Seizure: SEIZURE, SeizurePetition: SEIZURE_PETITION,
    GoodsDisposition: DISPOSITION, Redelivery: REDELIVERY,
}


def machine_for(obj) -> StateMachine:
    return MACHINES[type(obj)]


def allowed_actions(actor, obj) -> list[str]:
    """The actions `actor` may take on `obj` now, in table order, for the UI and the API to render."""
    return [t.action for t in machine_for(obj).allowed(actor, obj)]


def require(actor, obj, action: str) -> Transition:
    return machine_for(obj).require(actor, obj, action)
