"""Every edge of the hand-written DETENTION, SUBMISSION, RFI, DECISION and PROTEST tables, through the services.

The expectations (which roles, from which states, to which state, under which guards) come from
tests/cases/expected_tables, written by hand from domain.md and the law, never from cases/workflows.py.
For each action: every allowed (role, source state) succeeds and writes exactly the expected audit events;
every other state is refused with InvalidTransition naming the state and the action; every other role is
refused with ActionNotPermitted; each guard is refused on its own, and the four-eyes rule holds on every
supervisor review. A refusal changes no row and writes no audit event.

Transitions only the clocks fire (the services take no actor) are checked for the other roles
through `require`, the table the services consult.
"""

from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.db import transaction

from cases.actors import SYSTEM
from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import AuditEvent, Deadline, DetentionStatus
from cases.services import decisions, detentions, protests, rfis, seizures, submissions
from cases.workflows import require
from tests import factories
from tests.cases import helpers
from tests.cases.expected_tables import decision as decision_table
from tests.cases.expected_tables import detention as detention_table
from tests.cases.expected_tables import protest as protest_table
from tests.cases.expected_tables import rfi as rfi_table
from tests.cases.expected_tables import submission as submission_table

pytestmark = pytest.mark.django_db

ROLES = ("officer", "supervisor", "importer", "admin", "system")


def _hand_table(module):
    """A hand-written table as rows with an `action` (tests/cases/expected_tables)."""
    rows = [SimpleNamespace(action=action, sources=e.sources, target=e.target, roles=e.roles, guards=e.guards,
                            actor_guards=e.actor_guards, internal=e.internal, keeps=e.keeps)
            for action, e in module.EXPECTED.items()]
    return SimpleNamespace(transitions=rows, by_action={row.action: row for row in rows})


DETENTION, SUBMISSION, RFI, DECISION, PROTEST = map(
    _hand_table, (detention_table, submission_table, rfi_table, decision_table, protest_table))
DETENTION_STATES = list(DetentionStatus.values)
SUBMISSION_STATES = ["draft", "submitted", "under_review", "more_information_requested", "accepted", "rejected",
                     "withdrawn"]
_UNDECIDED = {"detained", "notice_issued", "submission_received", "under_review", "awaiting_importer",
              "deemed_excluded"}


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


def _with_open_window(state, p):
    # The importer's window, extended before it closed, still runs after a deemed exclusion.
    detention = build(state, p)
    if state == "deemed_excluded":
        window = Deadline.objects.filter(detention=detention, party="importer").exclude(kind="protest_filing").latest(
            "id")
        Deadline.objects.filter(pk=window.pk).update(state="open", due_date=helpers.days_ago(-10))
    return detention


def _with_filed_package(state, p):
    # After a deemed exclusion the review starts on a package the importer filed since.
    detention = _with_open_window(state, p)
    if state == "deemed_excluded":
        _file_package(p.importer, detention, p)
        detention.refresh_from_db()
    return detention


@pytest.fixture(autouse=True)
def _seizure_after_later_finding_on(settings):
    settings.CASES_SEIZURE_AFTER_LATER_FINDING = True


def _excluded_under_later_finding(state, p):
    """Goods excluded under a WRO from which a Finding was then published (19 CFR 12.42(f), 12.44(b))."""
    if state != "excluded":
        return build(state, p)
    detention = build(state, p, basis="wro")
    helpers.publish_later_finding(detention, p.supervisor)
    return helpers._fresh(detention)


def _with_proposal(state, p):
    if state == "excluded":
        detention = _excluded_under_later_finding(state, p)
        decisions.propose_seizure_under_finding(actor=p.officer, detention=detention, reasons="Finding covers them.")
        detention.refresh_from_db()
        return detention
    detention = build(state, p)
    if state in _UNDECIDED:
        decisions.propose_decision(actor=p.officer, detention=detention, outcome="release", reasons="On the record.",
                                   release_ground=helpers.ground(detention, "release"))
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
        act=_file_package, refused_as="save_draft", arrange=_with_open_window,
        events=lambda s: [(S, "create_submission"), (S, "submit_submission"), (D, "receive_submission")]),
    "start_review": DetentionAction(
        act=lambda a, d, p: submissions.start_review(actor=a, detention=d), arrange=_with_filed_package,
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
        act=lambda a, d, p: decisions.propose_decision(actor=a, detention=d, outcome="release", reasons="Clean.",
                                                       release_ground=helpers.ground(d, "release")),
        events=lambda s: [(D, "propose_decision"), ("decision", "propose_decision")]),
    "approve_decision": DetentionAction(
        act=lambda a, d, p: decisions.approve_decision(actor=a, detention=d), arrange=_with_proposal,
        events=lambda s: [(D, "approve_decision"), ("decision", "approve_decision")]
        + ([(S, "accept_submission")] if s in _SUBMISSION_FILED | {"awaiting_importer"} else [])
        + ([("requestforinformation", "close_rfi")] if s == "awaiting_importer" else [])
        # The deemed exclusion's protest window closes with it (cases.services.protests.close_overtaken_protests).
        + ([("deadline", "close_clock"), (D, "supersede_deemed_exclusion")] if s == "deemed_excluded" else [])
        # Excluded goods seized under the later Finding: the exclusion is replaced, the seizure record opens.
        + ([(D, "supersede_exclusion"), ("seizure", "open_seizure")] if s == "excluded" else [])),
    # 19 CFR 12.42(f), 12.44(b): the proposal is told by the decision's own event.
    "propose_seizure_under_finding": DetentionAction(
        act=lambda a, d, p: decisions.propose_seizure_under_finding(actor=a, detention=d,
                                                                    reasons="Finding covers them."),
        arrange=_excluded_under_later_finding,
        events=lambda s: [(D, "propose_seizure_under_finding"), ("decision", "propose_seizure_under_finding")]),
    "send_back_decision": DetentionAction(
        act=lambda a, d, p: decisions.send_back_decision(actor=a, detention=d, reason="Cite the audit."),
        arrange=_with_proposal, events=lambda s: [(D, "send_back_decision"), ("decision", "send_back_decision")]),
    "elect_export": DetentionAction(
        act=lambda a, d, p: detentions.elect_export(actor=a, detention=d),
        events=lambda s: [(D, "elect_export")]
        + ([(S, "close_submission")] if s in _SUBMISSION_FILED | {"awaiting_importer"} else [])
        + ([("requestforinformation", "close_rfi")] if s == "awaiting_importer" else [])
        # The case closes on the proof of exportation (docs/seizure.md): an export disposition is ordered.
        + [("goodsdisposition", "order_disposition")]),
    "record_deemed_exclusion": DetentionAction(
        act=lambda a, d, p: detentions.record_deemed_exclusion(
            detention=d, lapsed_on=latest_due(d, "admissibility_determination")),
        arrange=_long_ago,
        # 1499(c)(5)(A): for the purposes of protest only; the filed package stays as it is.
        events=lambda s: [(D, "record_deemed_exclusion")]),
    "record_abandonment": DetentionAction(
        act=lambda a, d, p: detentions.record_abandonment(detention=d, lapsed_on=latest_due(d, "abandonment")),
        arrange=_long_ago, events=lambda s: [(D, "record_abandonment"), ("goodsdisposition", "order_disposition")]),
    "file_protest": DetentionAction(
        act=lambda a, d, p: helpers.file_protest(importer_user=a, detention=d),
        events=lambda s: [(D, "file_protest"), ("protest", "file_protest")]),
    # 19 CFR 141.113: a notice to redeliver (CBP Form 4647 practice), a PDF letter (docs/seizure.md).
    "demand_redelivery": DetentionAction(
        act=lambda a, d, p: seizures.demand_redelivery(actor=a, detention=d, reason="Covered by a Finding.",
                                                       bond_number="B-1", goods_value="800.00"),
        events=lambda s: [(D, "demand_redelivery"), ("redelivery", "demand_redelivery"), LETTER]),
    "add_note": DetentionAction(
        act=lambda a, d, p: detentions.add_note(actor=a, detention=d, body="Called the broker."),
        events=lambda s: [("note", "add_note")]),
}

# The proposals _with_proposal makes: release, or on excluded goods a seizure under the later Finding.
_APPROVED_TARGET = {("approve_decision", "excluded"): "seized"}


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
    kept = state in transition.keeps
    approved = _APPROVED_TARGET.get((action, state), "released") if action == "approve_decision" else None
    assert detention.status == (state if kept else transition.target or approved or state)
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
        decisions.propose_decision(actor=p.officer, detention=sub.detention, outcome=outcome, reasons="On record.",
                                   release_ground=helpers.ground(sub.detention, outcome))
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
                # The case waits for the importer's answer (awaiting_importer): the package alone moves.
                "more_information_requested": [(S, "resubmit_submission")]}),
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


def test_every_submission_transition_has_a_service_under_test():
    assert set(SUBMISSION_ACTIONS) == {t.action for t in _public(SUBMISSION)}


@pytest.mark.parametrize(("action", "role", "state"), [
    pytest.param(t.action, role, state, id=f"{t.action}-{role}-{state}")
    for t in _public(SUBMISSION) for role in sorted(t.roles) for state in sorted(t.sources)
])
def test_allowed_submission_transition_succeeds_and_is_audited(people, action, role, state):
    act, expected = SUBMISSION_ACTIONS[action]
    target = SUBMISSION.by_action[action].target
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
    # The case waited for this answer: its review resumes (domain.md section 4).
    assert helpers.events_since(since) == [("requestforinformation", "answer_rfi"), (D, "resume_review")]
    request.refresh_from_db()
    assert request.status == "answered" and request.answered_by == people.importer


def test_an_unanswered_rfi_lapses_by_the_system_and_is_audited(people):
    with helpers.as_of(helpers.days_ago(40)):
        request = rfi("open", people)
    since = helpers.last_sequence()
    RFI_ACTIONS["lapse"](SYSTEM, request)
    assert helpers.events_since(since) == [("requestforinformation", "lapse_rfi"), (D, "resume_review")]
    assert set(AuditEvent.objects.filter(sequence__gt=since).values_list("actor_id", flat=True)) == {None}
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


def _deemed_denial(a, pr):
    return protests.record_deemed_denial(
        protest=pr, lapsed_on=Deadline.objects.filter(protest=pr, kind="protest_decision").latest("id").due_date)


def _approve(outcome):
    def act(a, pr, people=None):
        if not pr.proposed_outcome and people is not None:
            protests.propose_protest_decision(actor=people.officer, protest=pr, outcome=outcome, reasons="Audit.")
        return protests.approve_protest_decision(actor=a, protest=pr)
    return act


# Every row of the PROTEST table, through its service (the internal close_overtaken through require).
PROTEST_ACTIONS = {
    "amend": lambda a, pr: protests.amend_protest(actor=a, protest=pr, objections="Amended grounds."),
    "withdraw": lambda a, pr: protests.withdraw_protest(actor=a, protest=pr, reason="Settled."),
    "apply_for_further_review": lambda a, pr: protests.apply_for_further_review(actor=a, protest=pr,
                                                                                statement="Ruling HQ H000001."),
    "request_accelerated_disposition": lambda a, pr: protests.request_accelerated_disposition(actor=a, protest=pr),
    "propose_decision": lambda a, pr: protests.propose_protest_decision(actor=a, protest=pr, outcome="deny",
                                                                        reasons="Audit insufficient."),
    "approve_decision": lambda a, pr: protests.approve_protest_decision(actor=a, protest=pr),
    "send_back_decision": lambda a, pr: protests.send_back_protest_decision(actor=a, protest=pr, reason="Redo."),
    "record_deemed_denial": _deemed_denial,
    "close_overtaken": lambda a, pr: require(a, pr, "close_overtaken"),
}
# How a filed protest is decided: (service, who, events, resulting state).
PROTEST_DECIDERS = {
    "allow": (_approve("allow"), "supervisor",
              [("protest", "propose_protest_decision"), ("protest", "allow_protest"), (D, "release_on_protest")],
              "allowed"),
    "partially_allow": (_approve("partially_allow"), "supervisor",
                        [("protest", "propose_protest_decision"), ("protest", "partially_allow_protest")],
                        "partially_allowed"),
    "deny": (_approve("deny"), "supervisor",
             [("protest", "propose_protest_decision"), ("protest", "deny_protest")], "denied"),
    "record_deemed_denial": (lambda a, pr, people=None: _deemed_denial(a, pr), "system",
                             [("protest", "record_deemed_denial")], "deemed_denied"),
}


@pytest.mark.parametrize("decider", list(PROTEST_DECIDERS))
def test_a_filed_protest_is_decided_and_audited(people, decider):
    service, role, events, state = PROTEST_DECIDERS[decider]
    if decider == "record_deemed_denial":
        with helpers.as_of(helpers.days_ago(45)):
            filed = protest("filed", people)
    else:
        filed = protest("filed", people)
    who = actor(people, role)
    since = helpers.last_sequence()
    service(who, filed, people)
    assert helpers.events_since(since) == events
    filed.refresh_from_db()
    assert filed.status == state
    event = AuditEvent.objects.filter(sequence__gt=since, object_type="protest").latest("sequence")
    assert (event.before["status"], event.after["status"]) == ("filed", filed.status)
    assert event.actor_id == getattr(who, "pk", None)


@pytest.mark.parametrize("action", list(PROTEST_ACTIONS))
@pytest.mark.parametrize("state", ["allowed", "denied", "deemed_denied", "withdrawn"])
def test_a_decided_or_withdrawn_protest_refuses_every_action(people, action, state):
    decided = protest(state, people)
    role = next(r for r in ("importer", "supervisor", "officer", "system") if r in PROTEST.by_action[action].roles)
    error = assert_refused_and_unchanged(InvalidTransition, lambda: PROTEST_ACTIONS[action](actor(people, role),
                                                                                            decided))
    assert_names(error, action=action, state=state)


@pytest.mark.parametrize(("action", "role"), [
    pytest.param(t.action, role, id=f"{t.action}-{role}")
    for t in PROTEST.transitions for role in ROLES if role not in t.roles
])
def test_protest_action_by_another_role_is_not_permitted(people, action, role):
    filed = protest("filed", people)
    who = actor(people, role)
    # The deemed denial is the law's act, with no actor to pass: its table row is checked directly.
    call = (lambda: require(who, filed, action)) if action == "record_deemed_denial" else (
        lambda: PROTEST_ACTIONS[action](who, filed))
    assert_refused_and_unchanged(ActionNotPermitted, call)


# --- Each guard of the hand-written tables, refused on its own ------------------------------------

def _protest_after_the_window(people):
    # Excluded and protested 190 days ago: the 180 days to protest the exclusion (1514(c)(3)) have ended, and
    # the protest is still pending (the sweep has not recorded its deemed denial).
    with helpers.as_of(helpers.days_ago(190)):
        return protest("filed", people)


def _further_review(people):
    filed = protest("filed", people)
    protests.apply_for_further_review(actor=people.importer, protest=filed, statement="Ruling HQ H000001.")
    filed.refresh_from_db()
    return filed


def _late_protest(people, *, proposed_by=None):
    # Filed 35 days ago: the decision was due before the 30th day after filing (1499(c)(5)(B)).
    with helpers.as_of(helpers.days_ago(35)):
        filed = protest("filed", people)
        if proposed_by is not None:
            protests.propose_protest_decision(actor=proposed_by, protest=filed, outcome="deny", reasons="Audit.")
    filed.refresh_from_db()
    return filed


def _proposed_protest(people, proposer, pr=None):
    pr = pr or protest("filed", people)
    protests.propose_protest_decision(actor=proposer, protest=pr, outcome="deny", reasons="Audit insufficient.")
    pr.refresh_from_db()
    return pr


def _detention_proposed_by(people, proposer):
    d = build("notice_issued", people)
    decisions.propose_decision(actor=proposer, detention=d, outcome="release", reasons="Clean.",
                               release_ground=helpers.ground(d, "release"))
    d.refresh_from_db()
    return d


def _excluded_with_protest(people, **kw):
    d = build("excluded", people, **kw)
    helpers.file_protest(importer_user=people.importer, detention=d)
    d.refresh_from_db()
    return d


def _seize_under_finding(p, d):
    return decisions.propose_seizure_under_finding(actor=p.officer, detention=d, reasons="Finding covers them.")


def _setting_off(call):
    from django.test import override_settings  # noqa: PLC0415

    with override_settings(CASES_SEIZURE_AFTER_LATER_FINDING=False):
        return call()


def _excluded_and_closed(p):
    # Defensive: an excluded case whose file was closed (goods gone) refuses the seizure with the date.
    d = _excluded_under_later_finding("excluded", p)
    type(d).objects.filter(pk=d.pk).update(closed_on=helpers.days_ago(1))
    d.refresh_from_db()
    return d


def _excluded_with_protest_under_finding(p):
    d = _excluded_with_protest(p, basis="wro")
    helpers.publish_later_finding(d, p.supervisor)
    return helpers._fresh(d)


def _propose_protest(who):
    return lambda pr: protests.propose_protest_decision(actor=who, protest=pr, outcome="deny", reasons="Audit.")


def _move_seized(who, detention, action):
    # The one write path of a detention's state (the seizure service calls it after the seizure record moved).
    with transaction.atomic():
        detentions.apply_transition(actor=who, detention=detention, action=action, reason="Case 2026-1.")


# (machine, action, guard) -> (arrange(people) -> object, act(people, object), refusal, words the law gives).
GUARD_CASES = {
    ("detention", "start_review", "filed_package_waiting"): (
        lambda p: build("deemed_excluded", p), lambda p, d: submissions.start_review(actor=p.officer, detention=d),
        InvalidTransition, "no filed package"),
    ("detention", "propose_decision", "no_pending_decision"): (
        lambda p: _with_proposal("notice_issued", p),
        lambda p, d: DETENTION_ACTIONS["propose_decision"].act(p.officer, d, p), InvalidTransition, "already awaiting"),
    ("detention", "approve_decision", "has_pending_decision"): (
        lambda p: build("notice_issued", p), lambda p, d: decisions.approve_decision(actor=p.supervisor, detention=d),
        InvalidTransition, "no proposed decision"),
    ("detention", "send_back_decision", "has_pending_decision"): (
        lambda p: build("notice_issued", p),
        lambda p, d: decisions.send_back_decision(actor=p.supervisor, detention=d, reason="Cite the audit."),
        InvalidTransition, "no proposed decision"),
    # domain.md section 4: the deciding officer cannot approve their own (four eyes).
    ("detention", "approve_decision", "not_own_proposal"): (
        lambda p: _detention_proposed_by(p, p.supervisor),
        lambda p, d: decisions.approve_decision(actor=p.supervisor, detention=d), ActionNotPermitted, "their own"),
    ("detention", "send_back_decision", "not_own_proposal"): (
        lambda p: _detention_proposed_by(p, p.supervisor),
        lambda p, d: decisions.send_back_decision(actor=p.supervisor, detention=d, reason="Redo."),
        ActionNotPermitted, "their own"),
    ("detention", "elect_export", "export_offered"): (
        lambda p: build("notice_issued", p, basis="finding"),
        lambda p, d: detentions.elect_export(actor=p.importer, detention=d), InvalidTransition, "12.44(b)"),
    ("detention", "elect_export", "no_pending_protest"): (
        _excluded_with_protest, lambda p, d: detentions.elect_export(actor=p.importer, detention=d),
        InvalidTransition, "protest is pending"),
    # 19 CFR 12.42(f), 12.44(b): seizure of excluded goods under a Finding published later (docs/seizure.md).
    ("detention", "propose_seizure_under_finding", "seizure_after_later_finding_on"): (
        lambda p: _excluded_under_later_finding("excluded", p),
        lambda p, d: _setting_off(lambda: _seize_under_finding(p, d)), InvalidTransition, "turned off"),
    ("detention", "propose_seizure_under_finding", "goods_still_in_custody"): (
        _excluded_and_closed, _seize_under_finding, InvalidTransition, "no longer in CBP custody"),
    ("detention", "propose_seizure_under_finding", "later_finding_covers_the_goods"): (
        lambda p: build("excluded", p, basis="wro"), _seize_under_finding, InvalidTransition,
        "no Finding in force today covers these goods"),
    ("detention", "propose_seizure_under_finding", "no_pending_decision"): (
        lambda p: _with_proposal("excluded", p), _seize_under_finding, InvalidTransition, "already awaiting"),
    ("detention", "propose_seizure_under_finding", "no_pending_protest"): (
        _excluded_with_protest_under_finding, _seize_under_finding, InvalidTransition, "protest is pending"),
    ("detention", "approve_decision", "seizure_under_later_finding_still_open"): (
        lambda p: _with_proposal("excluded", p),
        lambda p, d: _setting_off(lambda: decisions.approve_decision(actor=p.supervisor, detention=d)),
        InvalidTransition, "turned off"),
    ("detention", "record_abandonment", "basis_is_wro"): (
        lambda p: build("excluded", p, basis="caatsa", on=helpers.days_ago(70)),
        lambda p, d: detentions.record_abandonment(detention=d, lapsed_on=latest_due(d, "abandonment")),
        InvalidTransition, "only to goods excluded under a WRO"),
    # 12.44(a): abandoned "unless exported or protested".
    ("detention", "record_abandonment", "no_pending_protest"): (
        lambda p: _excluded_with_protest(p, basis="wro", on=helpers.days_ago(70)),
        lambda p, d: detentions.record_abandonment(detention=d, lapsed_on=latest_due(d, "abandonment")),
        InvalidTransition, "protest is pending"),
    ("detention", "file_protest", "one_protest_per_entry"): (
        _excluded_with_protest, lambda p, d: helpers.file_protest(importer_user=p.importer, detention=d),
        InvalidTransition, "1514(c)(1)"),
    # docs/seizure.md: the detention of seized goods follows its seizure record and is never moved ahead of it;
    # a supervisor moving the detention while the seizure record is still to be recorded is refused.
    ("detention", "record_forfeiture", "seizure_forfeited"): (
        lambda p: build("seized", p), lambda p, d: _move_seized(p.supervisor, d, "record_forfeiture"),
        InvalidTransition, "19 U.S.C. 1609"),
    ("detention", "forfeit_by_abandonment", "seizure_forfeited"): (
        lambda p: build("seized", p), lambda p, d: _move_seized(p.importer, d, "forfeit_by_abandonment"),
        InvalidTransition, "19 U.S.C. 1609"),
    ("detention", "release_from_seizure", "seizure_remitted"): (
        lambda p: build("seized", p), lambda p, d: _move_seized(p.supervisor, d, "release_from_seizure"),
        InvalidTransition, "19 CFR 171.21"),
    ("detention", "export_from_seizure", "seizure_remitted"): (
        lambda p: build("seized", p), lambda p, d: _move_seized(p.supervisor, d, "export_from_seizure"),
        InvalidTransition, "19 CFR 171.21"),
    ("protest", "amend", "within_protest_window"): (
        _protest_after_the_window, lambda p, pr: PROTEST_ACTIONS["amend"](p.importer, pr),
        InvalidTransition, "1514(c)(1)"),
    ("protest", "apply_for_further_review", "no_further_review_yet"): (
        _further_review, lambda p, pr: PROTEST_ACTIONS["apply_for_further_review"](p.importer, pr),
        InvalidTransition, "already requested"),
    ("protest", "apply_for_further_review", "within_protest_window"): (
        _protest_after_the_window, lambda p, pr: PROTEST_ACTIONS["apply_for_further_review"](p.importer, pr),
        InvalidTransition, "1515(a)"),
    ("protest", "request_accelerated_disposition", "accelerated_disposition_open"): (
        lambda p: protest("filed", p), lambda p, pr: PROTEST_ACTIONS["request_accelerated_disposition"](p.importer, pr),
        InvalidTransition, "174.22(a)"),
    ("protest", "propose_decision", "no_protest_proposal"): (
        lambda p: _proposed_protest(p, p.officer), lambda p, pr: _propose_protest(p.officer2)(pr),
        InvalidTransition, "already awaiting"),
    ("protest", "propose_decision", "decision_time_left"): (
        _late_protest, lambda p, pr: _propose_protest(p.officer)(pr), InvalidTransition, "1499(c)(5)(B)"),
    ("protest", "approve_decision", "protest_proposal_pending"): (
        lambda p: protest("filed", p), lambda p, pr: protests.approve_protest_decision(actor=p.supervisor, protest=pr),
        InvalidTransition, "no proposed decision"),
    ("protest", "approve_decision", "decision_time_left"): (
        lambda p: _late_protest(p, proposed_by=p.officer),
        lambda p, pr: protests.approve_protest_decision(actor=p.supervisor, protest=pr), InvalidTransition,
        "1499(c)(5)(B)"),
    ("protest", "send_back_decision", "protest_proposal_pending"): (
        lambda p: protest("filed", p),
        lambda p, pr: protests.send_back_protest_decision(actor=p.supervisor, protest=pr, reason="Redo."),
        InvalidTransition, "no proposed decision"),
    ("protest", "approve_decision", "not_own_protest_proposal"): (
        lambda p: _proposed_protest(p, p.supervisor2),
        lambda p, pr: protests.approve_protest_decision(actor=p.supervisor2, protest=pr), ActionNotPermitted,
        "their own"),
    ("protest", "send_back_decision", "not_own_protest_proposal"): (
        lambda p: _proposed_protest(p, p.supervisor2),
        lambda p, pr: protests.send_back_protest_decision(actor=p.supervisor2, protest=pr, reason="Redo."),
        ActionNotPermitted, "their own"),
    # 19 CFR 174.26(b): under further review, nobody who took part in the decision protested (the officer who
    # proposed the exclusion, the supervisor who approved it) proposes, approves or sends back.
    ("protest", "propose_decision", "independent_of_protested_decision"): (
        _further_review, lambda p, pr: _propose_protest(p.officer)(pr), ActionNotPermitted, "174.26(b)"),
    ("protest", "approve_decision", "independent_of_protested_decision"): (
        lambda p: _proposed_protest(p, p.officer2, _further_review(p)),
        lambda p, pr: protests.approve_protest_decision(actor=p.supervisor, protest=pr), ActionNotPermitted,
        "174.26(b)"),
    ("protest", "send_back_decision", "independent_of_protested_decision"): (
        lambda p: _proposed_protest(p, p.officer2, _further_review(p)),
        lambda p, pr: protests.send_back_protest_decision(actor=p.supervisor, protest=pr, reason="Redo."),
        ActionNotPermitted, "174.26(b)"),
}

_HAND_TABLES = {"detention": DETENTION, "submission": SUBMISSION, "request for information": RFI,
                "decision": DECISION, "protest": PROTEST}


def test_every_guard_of_the_hand_written_tables_is_driven_here():
    guards = {(name, row.action, guard) for name, table in _HAND_TABLES.items() for row in table.transitions
              for guard in row.guards + row.actor_guards}
    assert set(GUARD_CASES) == guards


@pytest.mark.parametrize(("machine", "action", "guard"), [pytest.param(*key, id="-".join(key)) for key in GUARD_CASES])
def test_each_guard_refuses_on_its_own(people, machine, action, guard):
    arrange, act, refusal, words = GUARD_CASES[machine, action, guard]
    # A person guard is a 403 whatever the state; a state guard a 409 (the hand table says which).
    assert refusal is (ActionNotPermitted if guard in _HAND_TABLES[machine].by_action[action].actor_guards
                       else InvalidTransition)
    obj = arrange(people)
    error = assert_refused_and_unchanged(refusal, lambda: act(people, obj))
    assert words in error.message


# --- Four eyes on every supervisor review ---------------------------------------------------------

# domain.md section 4: a decision needs a supervisor's approval and the person who proposed it cannot
# approve it; sending it back is the same review. Each: (arrange with a proposal by `proposer`,
# review by `reviewer`, the reviewed object and its state afterwards).
FOUR_EYES = {
    ("detention", "approve_decision"): (
        _detention_proposed_by, lambda who, d: decisions.approve_decision(actor=who, detention=d),
        lambda d: d, detention_table.EXPECTED["approve_decision"].target or "released"),
    ("detention", "send_back_decision"): (
        _detention_proposed_by, lambda who, d: decisions.send_back_decision(actor=who, detention=d, reason="Redo."),
        lambda d: d, "notice_issued"),
    ("decision", "approve"): (
        _detention_proposed_by, lambda who, d: decisions.approve_decision(actor=who, detention=d),
        lambda d: d.decisions.get(), decision_table.EXPECTED["approve"].target),
    ("decision", "send_back"): (
        _detention_proposed_by, lambda who, d: decisions.send_back_decision(actor=who, detention=d, reason="Redo."),
        lambda d: d.decisions.get(), decision_table.EXPECTED["send_back"].target),
    ("protest", "approve_decision"): (
        lambda p, who: _proposed_protest(p, who),
        lambda who, pr: protests.approve_protest_decision(actor=who, protest=pr), lambda pr: pr, "denied"),
    ("protest", "send_back_decision"): (
        lambda p, who: _proposed_protest(p, who),
        lambda who, pr: protests.send_back_protest_decision(actor=who, protest=pr, reason="Redo."), lambda pr: pr,
        "filed"),
}


def test_four_eyes_covers_every_supervisor_review_of_a_proposal():
    reviews = {(name, row.action) for name, table in _HAND_TABLES.items() for row in table.transitions
               if row.roles == {"supervisor"} and not row.internal
               and ("approve" in row.action or "send_back" in row.action)}
    assert set(FOUR_EYES) == reviews


@pytest.mark.parametrize(("machine", "action"), [pytest.param(*key, id="-".join(key)) for key in FOUR_EYES])
def test_the_proposer_cannot_review_their_own_proposal_but_another_supervisor_can(people, machine, action):
    arrange, review, reviewed, after = FOUR_EYES[machine, action]
    obj = arrange(people, people.supervisor)

    error = assert_refused_and_unchanged(ActionNotPermitted, lambda: review(people.supervisor, obj))
    assert "their own" in error.message

    review(people.supervisor2, obj)
    target = reviewed(obj)
    target.refresh_from_db()
    assert target.status == after
