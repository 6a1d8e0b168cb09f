"""Every row of the DETENTION, SUBMISSION, RFI, DECISION and PROTEST tables, through the real services.

For each transition: every allowed (role, source state) succeeds and writes exactly the expected audit
events; every other state is refused with InvalidTransition naming the state and the action; every
other role is refused with ActionNotPermitted. A refusal changes no row and writes no audit event.

Transitions only the clocks fire (the services take no actor) are checked for the other roles
through `require`, the same table the services consult.
"""

from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from cases.actors import SYSTEM
from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import AuditEvent, Deadline, DetentionStatus
from cases.services import decisions, detentions, protests, rfis, submissions
from cases.workflows import DECISION, DETENTION, PROTEST, RFI, SUBMISSION, require
from tests import factories
from tests.cases import helpers

pytestmark = pytest.mark.django_db

ROLES = ("officer", "supervisor", "importer", "admin", "system")
DETENTION_STATES = list(DetentionStatus.values)
SUBMISSION_STATES = ["draft", "submitted", "under_review", "more_information_requested", "accepted", "rejected",
                     "withdrawn"]
_UNDECIDED = {"detained", "notice_issued", "submission_received", "under_review"}


@pytest.fixture
def people(officer, officer2, supervisor, importer_a, admin_user):
    supervisor2 = factories.UserFactory(role="supervisor", username="supervisor2", first_name="Kim", last_name="Oh")
    return SimpleNamespace(officer=officer, officer2=officer2, supervisor=supervisor, supervisor2=supervisor2,
                           importer=importer_a, admin=admin_user, system=SYSTEM)


def actor(people, role):
    return getattr(people, role)


def build(state, people, **kw):
    return helpers.in_state(state, officer=people.officer, supervisor=people.supervisor,
                            importer_user=people.importer, **kw)


def latest_due(detention, kind):
    return Deadline.objects.filter(detention=detention, kind=kind).order_by("-id").values_list(
        "due_date", flat=True).first() or helpers.days_ago(1)


def assert_refused_and_unchanged(exc_type, call):
    before = helpers.world()
    with pytest.raises(exc_type) as excinfo:
        call()
    assert helpers.world() == before
    return excinfo.value


def assert_names(error, *, action, state):
    assert (error.action, error.current_state) == (action, state)
    assert state.replace("_", " ") in error.message and action.replace("_", " ") in error.message


# --- DETENTION ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class DetentionAction:
    act: object  # (actor, detention, people) -> None
    events: object  # source state -> the (object type, action) audit events expected, in order
    arrange: object = build  # (state, people) -> a detention in that state, with the action's guards met
    refused_as: str = ""  # the action the refusal names, when the service refuses before the table


def _file_package(a, d, p):
    draft = submissions.save_draft(actor=a, detention=d, package="uflpa_exception",
                                   answers=helpers.complete_answers("uflpa_exception"))
    submissions.submit_submission(actor=a, submission=draft)


def _unassigned(state, p):
    # Built by a supervisor, who is never assigned; a second supervisor approves the outcome.
    return helpers.in_state(state, officer=p.supervisor, supervisor=p.supervisor2, importer_user=p.importer)


def _with_proposal(state, p):
    detention = build(state, p)
    if state in _UNDECIDED:
        decisions.propose_decision(actor=p.officer, detention=detention, outcome="release", reasons="On the record.")
        detention.refresh_from_db()
    return detention


def _long_ago(state, p):
    days = 70 if state == "excluded" else 40
    basis = "wro" if state == "excluded" else None
    return build(state, p, basis=basis, on=helpers.days_ago(days))


_SUBMISSION_FILED = {"submission_received", "under_review"}
D, S = "detention", "admissibilitysubmission"
# The letter an act issues (cases.documents) is an evidence file with its own audit event.
LETTER = ("evidencefile", "generate_document")

DETENTION_ACTIONS = {
    "issue_notice": DetentionAction(
        act=lambda a, d, p: detentions.issue_notice(actor=a, detention=d, **helpers.NOTICE),
        events=lambda s: [(D, "issue_notice"), LETTER]),
    "receive_submission": DetentionAction(
        act=_file_package, refused_as="save_draft",
        events=lambda s: [(S, "create_submission"), (S, "submit_submission"), (D, "receive_submission")]),
    "start_review": DetentionAction(
        act=lambda a, d, p: submissions.start_review(actor=a, detention=d),
        events=lambda s: [(D, "start_review"), (S, "start_submission_review")]),
    "send_rfi": DetentionAction(
        act=lambda a, d, p: rfis.send_rfi(actor=a, detention=d, questions="Provide the payroll for March."),
        events=lambda s: [(D, "send_rfi"), ("requestforinformation", "send_rfi")]
        + ([(S, "request_more_information")] if s in _SUBMISSION_FILED else []) + [LETTER]),
    "assign": DetentionAction(
        act=lambda a, d, p: detentions.assign_detention(actor=a, detention=d, officer=p.officer2, reason="Leave."),
        events=lambda s: [(D, "assign")]),
    "take": DetentionAction(
        act=lambda a, d, p: detentions.take_detention(actor=a, detention=d), arrange=_unassigned,
        events=lambda s: [(D, "take")]),
    "propose_decision": DetentionAction(
        act=lambda a, d, p: decisions.propose_decision(actor=a, detention=d, outcome="release", reasons="Clean."),
        events=lambda s: [(D, "propose_decision"), ("decision", "propose_decision")]),
    "approve_decision": DetentionAction(
        act=lambda a, d, p: decisions.approve_decision(actor=a, detention=d), arrange=_with_proposal,
        events=lambda s: [(D, "approve_decision"), ("decision", "approve_decision")]
        + ([(S, "accept_submission")] if s in _SUBMISSION_FILED else [])),
    "send_back_decision": DetentionAction(
        act=lambda a, d, p: decisions.send_back_decision(actor=a, detention=d, reason="Cite the audit."),
        arrange=_with_proposal, events=lambda s: [(D, "send_back_decision"), ("decision", "send_back_decision")]),
    "elect_export": DetentionAction(
        act=lambda a, d, p: detentions.elect_export(actor=a, detention=d),
        events=lambda s: [(D, "elect_export")]
        + ([(S, "close_submission")] if s in _SUBMISSION_FILED else [])),
    "record_deemed_exclusion": DetentionAction(
        act=lambda a, d, p: detentions.record_deemed_exclusion(
            detention=d, lapsed_on=latest_due(d, "admissibility_determination")),
        arrange=_long_ago,
        events=lambda s: [(D, "record_deemed_exclusion")]
        + ([(S, "reject_submission")] if s in _SUBMISSION_FILED else [])),
    "record_abandonment": DetentionAction(
        act=lambda a, d, p: detentions.record_abandonment(detention=d, lapsed_on=latest_due(d, "abandonment")),
        arrange=_long_ago, events=lambda s: [(D, "record_abandonment")]),
    "file_protest": DetentionAction(
        act=lambda a, d, p: helpers.file_protest(importer_user=a, detention=d),
        events=lambda s: [(D, "file_protest"), ("protest", "file_protest")]),
    "record_forfeiture": DetentionAction(
        act=lambda a, d, p: detentions.record_forfeiture(actor=a, detention=d, reason="Forfeiture 2026-0001."),
        events=lambda s: [(D, "record_forfeiture")]),
    "release_from_seizure": DetentionAction(
        act=lambda a, d, p: detentions.release_from_seizure(actor=a, detention=d, reason="Petition granted."),
        events=lambda s: [(D, "release_from_seizure")]),
    "add_note": DetentionAction(
        act=lambda a, d, p: detentions.add_note(actor=a, detention=d, body="Called the broker."),
        events=lambda s: [("note", "add_note")]),
}

_APPROVED_TARGET = {"approve_decision": "released"}


def _public(machine):
    # Internal transitions (consequences of another act) are tested in test_closing_loose_ends.py.
    return [t for t in machine.transitions if not t.internal]


def test_every_detention_transition_has_a_service_under_test():
    assert set(DETENTION_ACTIONS) == {t.action for t in _public(DETENTION)}


def _allowed_detention_cases():
    for t in _public(DETENTION):
        for role in sorted(t.roles):
            for state in sorted(t.sources):
                yield pytest.param(t.action, role, state, id=f"{t.action}-{role}-{state}")


def _refused_state_cases():
    for t in _public(DETENTION):
        for state in DETENTION_STATES:
            if state not in t.sources:
                yield pytest.param(t.action, state, id=f"{t.action}-{state}")


def _refused_role_cases():
    for t in _public(DETENTION):
        for role in ROLES:
            if role not in t.roles:
                yield pytest.param(t.action, role, id=f"{t.action}-{role}")


def _first_role(transition):
    return next(r for r in ("supervisor", "officer", "importer", "system") if r in transition.roles)


def _source_for_role_check(transition):
    # A source state where the guards can pass, so only the role is at fault.
    for state in ("notice_issued", "excluded", "seized", "detained"):
        if state in transition.sources:
            return state
    return sorted(transition.sources)[0]


@pytest.mark.parametrize(("action", "role", "state"), _allowed_detention_cases())
def test_allowed_detention_transition_succeeds_and_is_audited(people, action, role, state):
    spec, transition = DETENTION_ACTIONS[action], DETENTION.by_action[action]
    detention = spec.arrange(state, people)
    assert detention.status == state
    since, version = helpers.last_sequence(), detention.version
    who = actor(people, role)

    spec.act(who, detention, people)

    assert helpers.events_since(since) == spec.events(state)
    detention.refresh_from_db()
    assert detention.status == (transition.target or _APPROVED_TARGET.get(action) or state)
    if action != "add_note":
        assert detention.version > version
        event = AuditEvent.objects.get(sequence__gt=since, object_type="detention", action=action)
        assert event.detention_id == detention.pk
        assert event.actor_id == getattr(who, "pk", None)
        if "status" in event.after:
            assert (event.before["status"], event.after["status"]) == (state, detention.status)


@pytest.mark.parametrize(("action", "state"), _refused_state_cases())
def test_detention_transition_from_another_state_is_refused_naming_state_and_action(people, action, state):
    spec, transition = DETENTION_ACTIONS[action], DETENTION.by_action[action]
    detention = spec.arrange(state, people)
    who = actor(people, _first_role(transition))

    error = assert_refused_and_unchanged(InvalidTransition, lambda: spec.act(who, detention, people))

    assert_names(error, action=spec.refused_as or action, state=state)


@pytest.mark.parametrize(("action", "role"), _refused_role_cases())
def test_detention_transition_by_another_role_is_not_permitted(people, action, role):
    spec, transition = DETENTION_ACTIONS[action], DETENTION.by_action[action]
    detention = spec.arrange(_source_for_role_check(transition), people)
    who = actor(people, role)
    if transition.roles == {"system"}:
        call = lambda: require(who, detention, action)  # noqa: E731 - the service takes no actor
    else:
        call = lambda: spec.act(who, detention, people)  # noqa: E731

    assert_refused_and_unchanged(ActionNotPermitted, call)


def test_a_second_proposal_is_refused_while_one_awaits_approval(people):
    detention = _with_proposal("notice_issued", people)
    error = assert_refused_and_unchanged(InvalidTransition, lambda: DETENTION_ACTIONS["propose_decision"].act(
        people.officer, detention, people))
    assert "already awaiting" in error.message


def test_approval_without_a_proposal_is_refused(people):
    detention = build("notice_issued", people)
    error = assert_refused_and_unchanged(
        InvalidTransition, lambda: decisions.approve_decision(actor=people.supervisor, detention=detention))
    assert "no proposed decision" in error.message


def test_export_is_not_offered_under_a_finding(people):
    detention = build("notice_issued", people, basis="finding")
    error = assert_refused_and_unchanged(
        InvalidTransition, lambda: detentions.elect_export(actor=people.importer, detention=detention))
    assert "12.44(b)" in error.message


def test_export_is_refused_while_a_protest_is_pending(people):
    detention = build("excluded", people)
    helpers.file_protest(importer_user=people.importer, detention=detention)
    detention.refresh_from_db()
    error = assert_refused_and_unchanged(
        InvalidTransition, lambda: detentions.elect_export(actor=people.importer, detention=detention))
    assert "protest is pending" in error.message


def test_abandonment_applies_only_under_a_wro(people):
    detention = build("excluded", people, basis="caatsa", on=helpers.days_ago(70))
    error = assert_refused_and_unchanged(InvalidTransition, lambda: detentions.record_abandonment(
        detention=detention, lapsed_on=latest_due(detention, "abandonment")))
    assert "only to goods excluded under a WRO" in error.message


def test_deemed_exclusion_is_refused_where_the_basis_policy_calls_for_an_alert(people):
    detention = build("notice_issued", people, basis="wro", on=helpers.days_ago(40))
    error = assert_refused_and_unchanged(InvalidTransition, lambda: detentions.record_deemed_exclusion(
        detention=detention, lapsed_on=latest_due(detention, "admissibility_determination")))
    assert "supervisor alert" in error.message


def test_importer_of_another_organisation_cannot_act_on_the_detention(people, importer_b):
    detention = build("notice_issued", people)
    error = assert_refused_and_unchanged(
        ActionNotPermitted, lambda: detentions.elect_export(actor=importer_b, detention=detention))
    assert "another organisation" in error.message


# --- SUBMISSION --------------------------------------------------------------------------------

def submission(state, people):
    return helpers.submission_in(state, officer=people.officer, supervisor=people.supervisor,
                                 importer_user=people.importer)


def _approve(a, sub, p):
    decisions.approve_decision(actor=a, detention=sub.detention)


def _proposal(outcome):
    def prepare(sub, p):
        decisions.propose_decision(actor=p.officer, detention=sub.detention, outcome=outcome, reasons="On record.")
        sub.refresh_from_db()
    return prepare


# A decision closes the open request for information that put the package in this state.
_RFI_CLOSED = {"more_information_requested": [("requestforinformation", "close_rfi")]}

# action -> (act(actor, submission, people), {source state: expected events}). The package is
# accepted or rejected by the approval of a proposed release or exclusion (SUBMISSION_PREPARE).
SUBMISSION_ACTIONS = {
    "save_draft": (lambda a, s, p: submissions.save_draft(actor=a, detention=s.detention, summary="Updated."),
                   {"draft": [(S, "save_submission")]}),
    "submit": (lambda a, s, p: submissions.submit_submission(actor=a, submission=s),
               {"draft": [(S, "submit_submission"), (D, "receive_submission")],
                "more_information_requested": [(S, "resubmit_submission"), (D, "receive_submission")]}),
    "withdraw": (lambda a, s, p: submissions.withdraw_submission(actor=a, submission=s, reason="Filed in error."),
                 {"draft": [(S, "withdraw_submission")],
                  "submitted": [(S, "withdraw_submission"), (D, "submission_withdrawn")]}),
    "start_review": (lambda a, s, p: submissions.start_review(actor=a, detention=s.detention),
                     {"submitted": [(D, "start_review"), (S, "start_submission_review")]}),
    "request_more_information": (
        lambda a, s, p: rfis.send_rfi(actor=a, detention=s.detention, questions="Provide the payroll for March."),
        {state: [(D, "send_rfi"), ("requestforinformation", "send_rfi"), (S, "request_more_information"), LETTER]
         for state in ("submitted", "under_review")}),
    "accept": (_approve,
               {state: [(D, "approve_decision"), ("decision", "approve_decision"), (S, "accept_submission")]
                + _RFI_CLOSED.get(state, []) for state in ("submitted", "under_review", "more_information_requested")}),
    "reject": (_approve,
               {state: [(D, "approve_decision"), ("decision", "approve_decision"), (S, "reject_submission")]
                + _RFI_CLOSED.get(state, []) + [LETTER]
                for state in ("submitted", "under_review", "more_information_requested")}),
}
# Refusals the services give before the submission table: the package is edited through its
# detention, so the detention's state is named (a filed package, a decided case).
_SUBMISSION_REFUSED_VIA_DETENTION = {"save_draft": "save_draft", "start_review": "start_review"}


SUBMISSION_PREPARE = {"accept": _proposal("release"), "reject": _proposal("exclude")}


def _sys_reject(sub, p):
    # The system rejects the filed package when the exclusion is deemed (1499(c)(5)(A)).
    detention = sub.detention
    detentions.record_deemed_exclusion(detention=detention, lapsed_on=latest_due(detention,
                                                                                 "admissibility_determination"))


def test_every_submission_transition_has_a_service_under_test():
    assert set(SUBMISSION_ACTIONS) == {t.action for t in _public(SUBMISSION)}


@pytest.mark.parametrize(("action", "role", "state"), [
    pytest.param(t.action, role, state, id=f"{t.action}-{role}-{state}")
    for t in _public(SUBMISSION) for role in sorted(t.roles) for state in sorted(t.sources)
])
def test_allowed_submission_transition_succeeds_and_is_audited(people, action, role, state):
    act, expected = SUBMISSION_ACTIONS[action]
    target = SUBMISSION.by_action[action].target
    if role == "system":
        # The admissibility clock must have lapsed: the package was filed 40 days ago.
        with helpers.as_of(helpers.days_ago(40)):
            sub = submission(state, people)
        since = helpers.last_sequence()
        _sys_reject(sub, people)
        assert helpers.events_since(since) == [(D, "record_deemed_exclusion"), (S, "reject_submission")] + (
            _RFI_CLOSED.get(state, []))
    else:
        sub = submission(state, people)
        if action in SUBMISSION_PREPARE:
            SUBMISSION_PREPARE[action](sub, people)
        since = helpers.last_sequence()
        act(actor(people, role), sub, people)
        assert helpers.events_since(since) == expected[state]
    sub.refresh_from_db()
    assert sub.status == target
    event = AuditEvent.objects.filter(sequence__gt=since, object_type=S).order_by("sequence").last()
    assert event.after["status"] == target and event.before["status"] == state


@pytest.mark.parametrize(("action", "state"), [
    pytest.param(t.action, state, id=f"{t.action}-{state}")
    for t in _public(SUBMISSION) for state in SUBMISSION_STATES
    # After a withdrawal the importer prepares a new package: see the test below.
    if state not in t.sources and not (t.action == "save_draft" and state == "withdrawn")
])
def test_submission_transition_from_another_state_is_refused(people, action, state):
    act, _ = SUBMISSION_ACTIONS[action]
    transition = SUBMISSION.by_action[action]
    sub = submission(state, people)
    who = actor(people, _first_role(transition))
    if action in _SUBMISSION_REFUSED_VIA_DETENTION:
        error = assert_refused_and_unchanged(InvalidTransition, lambda: act(who, sub, people))
        assert_names(error, action=action, state=sub.detention.status)
    elif action in ("submit", "withdraw"):
        error = assert_refused_and_unchanged(InvalidTransition, lambda: act(who, sub, people))
        assert_names(error, action=action, state=state)
    else:
        # The agency's steps touch the package only in its filed states; the table refuses the rest.
        error = assert_refused_and_unchanged(InvalidTransition, lambda: require(who, sub, action))
        assert_names(error, action=action, state=state)


@pytest.mark.parametrize(("action", "role"), [
    pytest.param(t.action, role, id=f"{t.action}-{role}")
    for t in _public(SUBMISSION) for role in ROLES if role not in t.roles
])
def test_submission_transition_by_another_role_is_not_permitted(people, action, role):
    act, expected = SUBMISSION_ACTIONS[action]
    sub = submission(next(iter(expected)), people)
    if action in SUBMISSION_PREPARE:
        SUBMISSION_PREPARE[action](sub, people)
    assert_refused_and_unchanged(ActionNotPermitted, lambda: act(actor(people, role), sub, people))


def test_after_a_withdrawal_the_importer_prepares_a_new_package(people):
    withdrawn = submission("withdrawn", people)
    draft = submissions.save_draft(actor=people.importer, detention=withdrawn.detention, summary="Second try.")
    assert draft.pk != withdrawn.pk and draft.status == "draft"
    withdrawn.refresh_from_db()
    assert withdrawn.status == "withdrawn"


# --- RFI ---------------------------------------------------------------------------------------

def rfi(state, people):
    return helpers.rfi_in(state, officer=people.officer, importer_user=people.importer)


RFI_ACTIONS = {
    "answer": lambda a, r: rfis.answer_rfi(actor=a, rfi=r, answer="The payroll is attached."),
    "lapse": lambda a, r: rfis.lapse_rfi(rfi=r, lapsed_on=r.due_date),
}


def test_an_rfi_is_answered_by_the_importer_and_audited(people):
    request = rfi("open", people)
    since = helpers.last_sequence()
    RFI_ACTIONS["answer"](people.importer, request)
    assert helpers.events_since(since) == [("requestforinformation", "answer_rfi")]
    request.refresh_from_db()
    assert request.status == "answered" and request.answered_by == people.importer


def test_an_unanswered_rfi_lapses_by_the_system_and_is_audited(people):
    with helpers.as_of(helpers.days_ago(40)):
        request = rfi("open", people)
    since = helpers.last_sequence()
    RFI_ACTIONS["lapse"](SYSTEM, request)
    assert helpers.events_since(since) == [("requestforinformation", "lapse_rfi")]
    assert AuditEvent.objects.get(sequence__gt=since).actor_id is None
    request.refresh_from_db()
    assert request.status == "lapsed"
    assert Deadline.objects.get(rfi=request).state == "lapsed"


@pytest.mark.parametrize("action", ["answer", "lapse"])
@pytest.mark.parametrize("state", ["answered", "lapsed"])
def test_rfi_transition_from_a_closed_state_is_refused(people, action, state):
    request = rfi(state, people)
    who = people.importer if action == "answer" else SYSTEM
    error = assert_refused_and_unchanged(InvalidTransition, lambda: RFI_ACTIONS[action](who, request))
    assert_names(error, action=action, state=state)


@pytest.mark.parametrize(("action", "role"), [
    pytest.param(t.action, role, id=f"{t.action}-{role}")
    for t in _public(RFI) for role in ROLES if role not in t.roles
])
def test_rfi_transition_by_another_role_is_not_permitted(people, action, role):
    request = rfi("open", people)
    who = actor(people, role)
    call = (lambda: RFI_ACTIONS[action](who, request)) if action == "answer" else (
        lambda: require(who, request, action))
    assert_refused_and_unchanged(ActionNotPermitted, call)


# --- DECISION ----------------------------------------------------------------------------------

DECISION_SERVICES = {"approve": "approve_decision", "send_back": "send_back_decision"}


@pytest.mark.parametrize("action", ["approve", "send_back"])
def test_a_proposed_decision_is_approved_or_sent_back_by_a_supervisor(people, action):
    detention = _with_proposal("notice_issued", people)
    decision = detention.decisions.get()
    since = helpers.last_sequence()
    DETENTION_ACTIONS[DECISION_SERVICES[action]].act(people.supervisor, detention, people)
    decision.refresh_from_db()
    assert decision.status == DECISION.by_action[action].target
    assert decision.reviewed_by == people.supervisor
    event = AuditEvent.objects.get(sequence__gt=since, object_type="decision")
    assert (event.before["status"], event.after["status"]) == ("proposed", decision.status)


@pytest.mark.parametrize("action", ["approve", "send_back"])
@pytest.mark.parametrize("state", ["approved", "sent_back"])
def test_a_reviewed_decision_cannot_be_reviewed_again(people, action, state):
    detention = _with_proposal("notice_issued", people)
    DETENTION_ACTIONS[DECISION_SERVICES["approve" if state == "approved" else "send_back"]].act(
        people.supervisor, detention, people)
    detention.refresh_from_db()
    decision = detention.decisions.get()
    service = DETENTION_ACTIONS[DECISION_SERVICES[action]]
    error = assert_refused_and_unchanged(InvalidTransition, lambda: service.act(people.supervisor, detention, people))
    assert error.action == DECISION_SERVICES[action]
    error = assert_refused_and_unchanged(InvalidTransition, lambda: require(people.supervisor, decision, action))
    assert_names(error, action=action, state=state)


@pytest.mark.parametrize(("action", "role"), [
    pytest.param(t.action, role, id=f"{t.action}-{role}")
    for t in _public(DECISION) for role in ROLES if role not in t.roles
])
def test_decision_review_by_another_role_is_not_permitted(people, action, role):
    detention = _with_proposal("notice_issued", people)
    service = DETENTION_ACTIONS[DECISION_SERVICES[action]]
    assert_refused_and_unchanged(ActionNotPermitted, lambda: service.act(actor(people, role), detention, people))


# --- PROTEST -----------------------------------------------------------------------------------

def protest(state, people, **kw):
    return helpers.protest_in(state, officer=people.officer, supervisor=people.supervisor,
                              importer_user=people.importer, **kw)


PROTEST_ACTIONS = {
    "allow": lambda a, pr: protests.decide_protest(actor=a, protest=pr, allow=True, reason="Audit accepted."),
    "deny": lambda a, pr: protests.decide_protest(actor=a, protest=pr, allow=False, reason="Audit insufficient."),
    "record_deemed_denial": lambda a, pr: protests.record_deemed_denial(
        protest=pr, lapsed_on=Deadline.objects.filter(protest=pr, kind="protest_decision").latest("id").due_date),
}
PROTEST_EVENTS = {
    "allow": [("protest", "allow_protest"), (D, "release_on_protest")],
    "deny": [("protest", "deny_protest")],
    "record_deemed_denial": [("protest", "record_deemed_denial")],
}


@pytest.mark.parametrize("action", list(PROTEST_ACTIONS))
def test_a_filed_protest_is_decided_and_audited(people, action):
    if action == "record_deemed_denial":
        with helpers.as_of(helpers.days_ago(45)):
            filed = protest("filed", people)
    else:
        filed = protest("filed", people)
    who = SYSTEM if action == "record_deemed_denial" else people.supervisor
    since = helpers.last_sequence()
    PROTEST_ACTIONS[action](who, filed)
    assert helpers.events_since(since) == PROTEST_EVENTS[action]
    filed.refresh_from_db()
    assert filed.status == PROTEST.by_action[action].target
    event = AuditEvent.objects.get(sequence__gt=since, object_type="protest")
    assert (event.before["status"], event.after["status"]) == ("filed", filed.status)
    assert event.actor_id == getattr(who, "pk", None)


@pytest.mark.parametrize("action", list(PROTEST_ACTIONS))
@pytest.mark.parametrize("state", ["allowed", "denied", "deemed_denied"])
def test_a_decided_protest_cannot_be_decided_again(people, action, state):
    decided = protest(state, people)
    who = SYSTEM if action == "record_deemed_denial" else people.supervisor
    error = assert_refused_and_unchanged(InvalidTransition, lambda: PROTEST_ACTIONS[action](who, decided))
    assert_names(error, action=action, state=state)


@pytest.mark.parametrize(("action", "role"), [
    pytest.param(t.action, role, id=f"{t.action}-{role}")
    for t in PROTEST.transitions for role in ROLES if role not in t.roles
])
def test_protest_decision_by_another_role_is_not_permitted(people, action, role):
    filed = protest("filed", people)
    who = actor(people, role)
    call = (lambda: require(who, filed, action)) if action == "record_deemed_denial" else (
        lambda: PROTEST_ACTIONS[action](who, filed))
    assert_refused_and_unchanged(ActionNotPermitted, call)
