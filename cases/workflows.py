"""The state machines of domain.md section 4, each declared as one table.

Each row names an action, the states it may start from, the state it leads to, the roles that may
trigger it, and its guards. `allowed_actions(actor, obj)` answers which buttons a person may press
now; services call `require(actor, obj, action)` before changing anything, so the UI, the API and
the clocks enforce the same table.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from cases.accounts.backends import organisation_suspended
from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import (
    AdmissibilitySubmission,
    Decision,
    Detention,
    DetentionStatus,
    Finding,
    Investigation,
    ModificationPetition,
    Protest,
    RequestForInformation,
    Role,
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
        return [t for t in self.transitions if not t.internal and self.refusal(actor, obj, t) is None]


def _role_label(role) -> str:
    return {SYSTEM: "The system"}.get(role) or (Role(role).label if role in Role.values else "This account")


def _organisation_of(obj):
    if isinstance(obj, Detention):
        return obj.shipment.importer_id
    if isinstance(obj, AdmissibilitySubmission | Protest):
        return obj.organisation_id
    if isinstance(obj, RequestForInformation | Decision):
        return obj.detention.shipment.importer_id
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


def _basis_is_wro(actor, detention) -> str | None:
    return None if detention.basis == "wro" else "abandonment applies only to goods excluded under a WRO"


def _no_pending_protest(actor, detention) -> str | None:
    if any(p.status == "filed" for p in detention.protests.all()):
        return "a protest is pending"
    return None


def _recommendation_complete(actor, investigation) -> str | None:
    if not investigation.assigned_officer_id:
        return "assign an officer before recommending an order"
    return None


# --- The tables --------------------------------------------------------------------------------

def T(action, label, sources, target, roles, guards=(), actor_guards=(), internal=False):  # noqa: N802 - a table
    return Transition(action, label, frozenset(sources), target, frozenset(roles), tuple(guards), tuple(actor_guards),
                      internal)


_UNDECIDED = ("detained", "notice_issued", "submission_received", "under_review")

DETENTION = StateMachine("detention", Detention, "status", [
    T("issue_notice", "Issue the notice of detention", ["detained"], "notice_issued", STAFF),
    T("receive_submission", "Receive the importer's submission", ["notice_issued"], "submission_received",
      {IMPORTER}),
    T("start_review", "Start the review", ["submission_received"], "under_review", STAFF),
    T("send_rfi", "Send a request for information", ["notice_issued", "submission_received", "under_review"],
      "notice_issued", STAFF),
    T("assign", "Assign or reassign the officer", _UNDECIDED + ("excluded", "deemed_excluded", "seized"), None,
      {SUPERVISOR}),
    T("take", "Take the case", _UNDECIDED, None, {OFFICER, SUPERVISOR}),
    T("propose_decision", "Propose a decision", _UNDECIDED, None, STAFF, [_no_pending_decision]),
    T("approve_decision", "Approve the proposed decision", _UNDECIDED, None, {SUPERVISOR},
      [_has_pending_decision], [_not_own_proposal]),
    T("send_back_decision", "Send the proposed decision back", _UNDECIDED, None, {SUPERVISOR},
      [_has_pending_decision], [_not_own_proposal]),
    T("elect_export", "Elect to export the goods", _UNDECIDED + ("excluded", "deemed_excluded"), "exported",
      {IMPORTER, OFFICER, SUPERVISOR}, [_export_offered, _no_pending_protest]),
    T("record_deemed_exclusion", "Record a deemed exclusion", _UNDECIDED, "deemed_excluded", {SYSTEM}),
    T("record_abandonment", "Record the goods as abandoned", ["excluded"], "abandoned", {SYSTEM},
      [_basis_is_wro, _no_pending_protest]),
    T("file_protest", "File a protest", ["excluded", "deemed_excluded"], None, {IMPORTER}, [_no_pending_protest]),
    T("record_forfeiture", "Record the forfeiture", ["seized"], "forfeited", {SUPERVISOR}),
    T("release_from_seizure", "Release the goods from seizure (petition granted)", ["seized"], "released",
      {SUPERVISOR}),
    T("add_note", "Add a note", DetentionStatus.values, None, STAFF),
    T("release_on_protest", "Release the goods on an allowed protest", ["excluded", "deemed_excluded"], "released",
      {SUPERVISOR}, internal=True),
])

SUBMISSION = StateMachine("submission", AdmissibilitySubmission, "status", [
    T("save_draft", "Save the draft", ["draft"], "draft", {IMPORTER}),
    T("submit", "Submit the package", ["draft", "more_information_requested"], "submitted", {IMPORTER}),
    T("withdraw", "Withdraw the package", ["draft", "submitted"], "withdrawn", {IMPORTER}),
    T("start_review", "Start the review", ["submitted"], "under_review", STAFF),
    T("request_more_information", "Request more information", ["submitted", "under_review"],
      "more_information_requested", STAFF),
    # A package is accepted or rejected by the approved decision, which may rest on the record after an
    # unanswered request for information.
    T("accept", "Accept the package", ["submitted", "under_review", "more_information_requested"], "accepted",
      {SUPERVISOR}),
    T("reject", "Reject the package", ["submitted", "under_review", "more_information_requested"], "rejected",
      {SUPERVISOR, SYSTEM}),
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
    T("allow", "Allow the protest", ["filed"], "allowed", {SUPERVISOR}),
    T("deny", "Deny the protest", ["filed"], "denied", {SUPERVISOR}),
    T("record_deemed_denial", "Record the protest as deemed denied", ["filed"], "deemed_denied", {SYSTEM}),
])

WRO = StateMachine("withhold release order", WithholdReleaseOrder, "status", [
    T("activate", "Activate the order", ["draft"], "active", {SUPERVISOR}),
    T("modify", "Modify the order for named producers or importers", ["active", "partially_active"],
      "partially_active", {SUPERVISOR}),
    T("revoke", "Revoke the order", ["active", "partially_active"], "inactive", {SUPERVISOR}),
    T("convert_to_finding", "Convert to a Finding", ["active", "partially_active"], None, {SUPERVISOR},
      [lambda actor, wro: "a Finding was already published from this order"
       if Finding.objects.filter(source_wro=wro).exists() else None]),
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

MACHINES = {
    Detention: DETENTION, AdmissibilitySubmission: SUBMISSION, RequestForInformation: RFI, Decision: DECISION,
    Protest: PROTEST, WithholdReleaseOrder: WRO, Finding: FINDING, Investigation: INVESTIGATION,
    ModificationPetition: PETITION,
}


def machine_for(obj) -> StateMachine:
    return MACHINES[type(obj)]


def allowed_actions(actor, obj) -> list[str]:
    """The actions `actor` may take on `obj` now, in table order, for the UI and the API to render."""
    return [t.action for t in machine_for(obj).allowed(actor, obj)]


def require(actor, obj, action: str) -> Transition:
    return machine_for(obj).require(actor, obj, action)
