"""Concurrent and stale transitions, and all-or-nothing services.

Races need two real database connections holding row locks, so they run on PostgreSQL only; SQLite
serialises whole-database writes and has no SELECT ... FOR UPDATE.
"""

import threading

import pytest
from django.db import connection, connections

from cases import audit
from cases.errors import InvalidTransition, StaleObject
from cases.models import AuditEvent, Decision, Detention, Notification
from cases.services import decisions, detentions, rfis, submissions
from tests import factories
from tests.cases import helpers

ON_POSTGRESQL = connection.vendor == "postgresql"
needs_row_locks = pytest.mark.skipif(
    not ON_POSTGRESQL, reason="racing row locks need PostgreSQL (SQLite has no SELECT ... FOR UPDATE)"
)


def race(*calls):
    """Start every call at the same instant, each on its own thread and database connection."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as exc:  # noqa: BLE001 - the loser's refusal is the result under test
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def _winner_and_loser(outcomes):
    refused = [o for o in outcomes if isinstance(o, Exception)]
    succeeded = [o for o in outcomes if not isinstance(o, Exception)]
    assert len(succeeded) == 1 and len(refused) == 1, outcomes
    assert isinstance(refused[0], InvalidTransition), refused[0]
    return succeeded[0], refused[0]


# --- Races -------------------------------------------------------------------------------------

@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_two_supervisors_approving_one_proposal_at_once_approve_it_once(officer, supervisor):
    other = factories.UserFactory(role="supervisor", username="supervisor2")
    pk = helpers.proposed(officer=officer, basis="uflpa").pk

    def approve(by):
        return lambda: decisions.approve_decision(actor=by, detention=Detention.objects.get(pk=pk))

    decision, refusal = _winner_and_loser(race(approve(supervisor), approve(other)))

    assert refusal.current_state == "released"
    assert Decision.objects.get(pk=decision.pk).status == "approved"
    assert AuditEvent.objects.filter(detention_id=pk, action="approve_decision", object_type="detention").count() == 1
    assert Detention.objects.get(pk=pk).status == "released"
    audit.seal_pending()  # an after-commit sealer may have left the last event to the scheduled run
    assert list(audit.verify_chain())[-1] == AuditEvent.objects.count()


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_two_officers_taking_one_case_at_once_assign_it_once(officer, officer2, supervisor):
    pk = helpers.detained(officer=supervisor, basis="uflpa").pk  # detained by a supervisor: unassigned

    def take(by):
        return lambda: detentions.take_detention(actor=by, detention=Detention.objects.get(pk=pk))

    winner, refusal = _winner_and_loser(race(take(officer), take(officer2)))

    assert "already assigned" in refusal.message
    assert Detention.objects.get(pk=pk).assigned_officer_id == winner.assigned_officer_id
    assert AuditEvent.objects.filter(detention_id=pk, action="take").count() == 1


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_a_package_submitted_from_two_tabs_at_once_is_filed_once(officer, importer_a):
    draft = helpers.draft_package(officer=officer, importer_user=importer_a)
    model = type(draft)

    def submit():
        return submissions.submit_submission(actor=importer_a, submission=model.objects.get(pk=draft.pk))

    filed, refusal = _winner_and_loser(race(submit, submit))

    assert refusal.current_state == "submitted"
    assert AuditEvent.objects.filter(action="submit_submission", object_id=str(filed.pk)).count() == 1
    assert Detention.objects.get(pk=draft.detention_id).status == "submission_received"


# --- Stale forms -------------------------------------------------------------------------------

@pytest.fixture
def stale(officer, officer2, supervisor, importer_a):
    """A detention whose page was loaded at version v, then changed by a colleague (reassigned)."""
    def build(state, **kw):
        detention = helpers.in_state(state, officer=officer, supervisor=supervisor, importer_user=importer_a, **kw)
        loaded_version = detention.version
        detentions.assign_detention(actor=supervisor, detention=detention, officer=officer2, reason="Leave.")
        detention.refresh_from_db()
        return detention, loaded_version
    return build


STALE_FORMS = {
    "issue_notice": ("detained", lambda p, d, v: detentions.issue_notice(
        actor=p["officer"], detention=d, expected_version=v, **helpers.NOTICE)),
    "take": ("notice_issued", lambda p, d, v: detentions.take_detention(
        actor=p["officer2"], detention=d, expected_version=v)),
    "assign": ("notice_issued", lambda p, d, v: detentions.assign_detention(
        actor=p["supervisor"], detention=d, officer=p["officer"], expected_version=v)),
    "propose_decision": ("notice_issued", lambda p, d, v: decisions.propose_decision(
        actor=p["officer"], detention=d, outcome="release", reasons="Clean.", expected_version=v,
        release_ground=helpers.ground(d, "release"))),
    "send_rfi": ("under_review", lambda p, d, v: rfis.send_rfi(
        actor=p["officer"], detention=d, questions="Payroll?", expected_version=v)),
    "start_review": ("submission_received", lambda p, d, v: submissions.start_review(
        actor=p["officer"], detention=d, expected_version=v)),
    "elect_export": ("excluded", lambda p, d, v: detentions.elect_export(
        actor=p["importer"], detention=d, expected_version=v)),
}


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(STALE_FORMS))
def test_a_form_loaded_before_a_colleagues_change_is_refused_as_stale(
        stale, officer, officer2, supervisor, importer_a, action):
    state, act = STALE_FORMS[action]
    detention, loaded_version = stale(state)
    people = {"officer": officer, "officer2": officer2, "supervisor": supervisor, "importer": importer_a}
    before = helpers.world()

    with pytest.raises(StaleObject) as excinfo:
        act(people, detention, loaded_version)

    assert helpers.world() == before
    assert "reload it" in excinfo.value.message and excinfo.value.current_state == state


@pytest.mark.django_db
def test_the_current_version_is_accepted(stale, officer):
    detention, _ = stale("detained")
    detentions.issue_notice(actor=officer, detention=detention, expected_version=detention.version, **helpers.NOTICE)
    detention.refresh_from_db()
    assert detention.status == "notice_issued"


@pytest.mark.django_db
def test_a_stale_draft_is_refused_and_the_newer_text_kept(officer, importer_a):
    draft = helpers.draft_package(officer=officer, importer_user=importer_a)
    loaded_version = draft.version
    submissions.save_draft(actor=importer_a, detention=draft.detention, summary="From the second tab.")
    with pytest.raises(StaleObject):
        submissions.save_draft(actor=importer_a, detention=draft.detention, summary="From the first tab.",
                               expected_version=loaded_version)
    draft.refresh_from_db()
    assert draft.summary == "From the second tab."


# --- All or nothing ----------------------------------------------------------------------------

def fail_digest_on(monkeypatch, action):
    """Make the audit write of `action` fail, as a database error at that point would."""
    real = audit.entry_mac

    def digest(event):
        if event.action == action:
            raise RuntimeError("audit store unavailable")
        return real(event)

    monkeypatch.setattr(audit, "entry_mac", digest)


@pytest.mark.django_db
def test_a_notice_whose_audit_event_fails_is_not_issued(monkeypatch, officer, importer_a):
    detention = helpers.detained(officer=officer, basis="caatsa", importer=importer_a.organisation)
    before = helpers.world()
    fail_digest_on(monkeypatch, "issue_notice")

    with pytest.raises(RuntimeError):
        detentions.issue_notice(actor=officer, detention=detention, **helpers.NOTICE)

    assert helpers.world() == before
    detention.refresh_from_db()
    assert detention.status == "detained" and detention.notice_issued_on is None
    assert not Notification.objects.filter(kind="notice_of_detention").exists()
    assert helpers.open_deadline(detention, "detention_notice")
    assert not detention.deadlines.filter(kind="caatsa_evidence").exists()


@pytest.mark.django_db
def test_an_approval_failing_at_its_last_step_leaves_the_proposal_pending(monkeypatch, officer, supervisor,
                                                                          importer_a):
    filed = helpers.submitted(officer=officer, importer_user=importer_a)
    detention = filed.detention
    decisions.propose_decision(actor=officer, detention=detention, outcome="release", reasons="Clean.",
                               release_ground=helpers.ground(detention, "release"))
    detention.refresh_from_db()
    before = helpers.world()
    fail_digest_on(monkeypatch, "accept_submission")

    with pytest.raises(RuntimeError):
        decisions.approve_decision(actor=supervisor, detention=detention)

    assert helpers.world() == before
    assert detention.decisions.get().status == "proposed"
