"""The batched sweep: one transaction per batch, and the per-row sweep's outcomes, claims and guarantees kept.

Expected keys, recipients, dates and trail entries are written by hand from the sweep's documented rules
(cases/services/sweep.py docstring, domain.md section 3), not read from the code.
"""

import datetime
import threading
from collections import Counter

import pytest
import time_machine
from django.db import OperationalError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from cases import audit
from cases.models import AuditEvent, Closure, Deadline, Notification, Port
from cases.services import deadlines as deadline_services
from cases.services import notifications, sweep
from cases.services.support import PortBook
from cases.services.sweep import sweep_deadlines
from cases.webhooks import services as webhook_services
from cases.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests import factories
from tests.cases import helpers

D = datetime.date
DAY = D(2024, 3, 8)  # a Friday; the sweep runs "on" it at every port
ON_POSTGRESQL = connection.vendor == "postgresql"


def _clock(investigation=None, *, due, reminder=None, escalated_on=None, kind="allegation_transmittal", **extra):
    """An agency clock on an investigation, typed by hand."""
    investigation = investigation or factories.InvestigationFactory(receiving_port_code="1001")
    return Deadline.objects.create(
        kind=kind, party="agency", investigation=investigation, starts_on=due - datetime.timedelta(days=20),
        due_date=due, computed_due_date=due, citation="19 CFR 12.42(c)", next_reminder_on=reminder,
        escalated_on=escalated_on, **extra)


def _move(clock, *, due, reminder=None):
    """Give a clock opened by a service hand-made dates."""
    Deadline.objects.filter(pk=clock.pk).update(starts_on=due - datetime.timedelta(days=40), due_date=due,
                                                computed_due_date=due, next_reminder_on=reminder)
    deadline_services.sync_next_clock([clock.detention_id])
    return Deadline.objects.get(pk=clock.pk)


def _notes():
    return {(n.idempotency_key, n.recipient.username, n.kind, n.detention_id)
            for n in Notification.objects.select_related("recipient")}


def _trail():
    return {(e.action, e.object_id, e.detention_id, tuple(sorted(e.before.items())), tuple(sorted(e.after.items())))
            for e in AuditEvent.objects.filter(action__in=["escalate_clock", "lapse_clock"])}


# --- The same outcome as the per-row sweep ---------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("mode", [{"batch_size": 3}, {"batch_size": 500}, {"per_row": True}])
def test_a_mixed_batch_writes_the_notifications_and_trail_the_per_row_sweep_wrote(mode, officer, supervisor,
                                                                                  importer_a):
    assigned = factories.UserFactory(role="officer", port_code="2704", username="officer-assigned")
    investigation = factories.InvestigationFactory(receiving_port_code="1001", assigned_officer=assigned)
    # Due Friday 15 March: reminders on Friday 8 March (5 business days before) and Thursday 14 March.
    first_reminder = _clock(investigation, due=D(2024, 3, 15), reminder=D(2024, 3, 8))
    # Due Monday 11 March, its 1-day reminder (Friday 8 March) is the last one.
    last_reminder = _clock(due=D(2024, 3, 11), reminder=D(2024, 3, 8))
    # Due Wednesday 6 March and not done: escalated on the 8th, stays open.
    overdue = _clock(due=D(2024, 3, 6), reminder=D(2024, 3, 5))
    # Already escalated, with a reminder day left behind: moved on, nobody reminded.
    escalated = _clock(due=D(2024, 3, 4), reminder=D(2024, 3, 1), escalated_on=D(2024, 3, 5))
    # An importer window (UFLPA response) whose 5-day reminder is due: the importer's users are told.
    detention = helpers.detained(officer=officer, basis="uflpa", importer=importer_a.organisation)
    window = _move(Deadline.objects.get(detention=detention, kind="uflpa_response"), due=D(2024, 3, 15),
                   reminder=D(2024, 3, 8))
    # A WRO importer window closed on Thursday 7 March: lapsed through its handler, the officer told.
    wro = helpers.noticed(officer=officer, basis="wro")
    proof = _move(Deadline.objects.get(detention=wro, kind="proof_of_admissibility"), due=D(2024, 3, 7))
    not_yet = _clock(due=D(2024, 3, 20), reminder=D(2024, 3, 13))
    # Due that very day with its reminder day come (an extension moved it): still reminded, none left after.
    due_today = _clock(due=DAY, reminder=DAY)
    # The notice of detention was due Thursday 7 March: escalated, the event filed under the case.
    notice = _move(Deadline.objects.get(detention=detention, kind="detention_notice"), due=D(2024, 3, 7))
    Notification.objects.all().delete()

    report = sweep_deadlines(on=DAY, **mode)

    assert report == Counter({"reminded": 4, "escalated": 2, "lapsed": 1})
    assert _notes() == {
        (f"deadline-{first_reminder.pk}-reminder-2024-03-08:user-{assigned.pk}", "officer-assigned",
         "clock_reminder", None),
        # Nobody assigned: the receiving port's active officers.
        (f"deadline-{last_reminder.pk}-reminder-2024-03-08:user-{officer.pk}", "officer", "clock_reminder", None),
        (f"deadline-{overdue.pk}-escalation:user-{supervisor.pk}", "supervisor", "clock_escalation", None),
        (f"deadline-{window.pk}-reminder-2024-03-08:user-{importer_a.pk}", "importer", "clock_reminder",
         detention.pk),
        (f"deadline-{proof.pk}-lapsed:user-{officer.pk}", "officer", "window_lapsed", wro.pk),
        (f"deadline-{due_today.pk}-reminder-2024-03-08:user-{officer.pk}", "officer", "clock_reminder", None),
        (f"deadline-{notice.pk}-escalation:user-{supervisor.pk}", "supervisor", "clock_escalation", detention.pk),
    }
    assert _trail() == {
        ("escalate_clock", str(notice.pk), detention.pk,
         (("closed_on", None), ("escalated_on", None), ("next_reminder_on", None), ("state", "open")),
         (("closed_on", None), ("escalated_on", "2024-03-08"), ("next_reminder_on", None), ("state", "open"))),
        ("escalate_clock", str(overdue.pk), None,
         (("closed_on", None), ("escalated_on", None), ("next_reminder_on", "2024-03-05"), ("state", "open")),
         (("closed_on", None), ("escalated_on", "2024-03-08"), ("next_reminder_on", None), ("state", "open"))),
        ("lapse_clock", str(proof.pk), wro.pk,
         (("closed_on", None), ("escalated_on", None), ("next_reminder_on", None), ("state", "open")),
         (("closed_on", "2024-03-08"), ("escalated_on", None), ("next_reminder_on", None), ("state", "lapsed"))),
    }
    escalation = AuditEvent.objects.get(action="escalate_clock", object_id=str(overdue.pk))
    assert (escalation.actor_id, escalation.actor_label, escalation.detention_id, escalation.reason) == \
        (None, "system", None, "")
    after = {c.pk: (c.state, c.next_reminder_on, c.escalated_on) for c in Deadline.objects.filter(pk__in=[
        first_reminder.pk, last_reminder.pk, overdue.pk, escalated.pk, window.pk, proof.pk, not_yet.pk,
        due_today.pk, notice.pk])}
    assert after == {
        first_reminder.pk: ("open", D(2024, 3, 14), None),
        last_reminder.pk: ("open", None, None),
        overdue.pk: ("open", None, DAY),
        escalated.pk: ("open", None, D(2024, 3, 5)),
        window.pk: ("open", D(2024, 3, 14), None),
        proof.pk: ("lapsed", None, None),
        not_yet.pk: ("open", D(2024, 3, 13), None),
        due_today.pk: ("open", None, None),
        notice.pk: ("open", None, DAY),
    }
    reminder = Notification.objects.get(idempotency_key__startswith=f"deadline-{first_reminder.pk}-")
    assert reminder.subject.endswith(f" due 15 Mar 2024 (investigation {investigation.reference})")
    assert "is due by Friday 15 March 2024 (19 CFR 12.42(c))" in reminder.body
    escalation_note = Notification.objects.get(kind="clock_escalation", detention=None)
    assert escalation_note.subject.startswith("Overdue: ") and "was due by 06 March 2024" in escalation_note.body
    # A second sweep the same day finds nothing left to do, and the trail still verifies.
    assert sweep_deadlines(on=DAY, **mode) == Counter()
    audit.seal_pending()
    assert list(audit.verify_chain(checkpoint=None))[-1] == AuditEvent.objects.count()


@pytest.mark.django_db
@pytest.mark.parametrize("mode", [{}, {"per_row": True}])
def test_a_batch_follows_each_ports_own_date(officer, mode):
    # 03:00 UTC on Saturday 9 March is still Friday 8 March in New York (port 1001) and already the 9th in UTC+14:
    # the listing reads both rows, but only the row of a port that reached the 9th is reminded on the 9th.
    Port.objects.update_or_create(code="9901", defaults={"name": "Kiritimati", "time_zone": "Pacific/Kiritimati"})
    new_york = _clock(due=D(2024, 3, 18), reminder=D(2024, 3, 9))
    kiritimati = _clock(factories.InvestigationFactory(receiving_port_code="9901"), due=D(2024, 3, 18),
                        reminder=D(2024, 3, 9))
    factories.UserFactory(role="officer", port_code="9901", username="officer-ki")
    # Both due on Friday 8 March: overdue at Kiritimati on its 9th, still the due date in New York.
    new_york_due = _clock(due=DAY, kind="exception_report")
    kiritimati_due = _clock(factories.InvestigationFactory(receiving_port_code="9901"), due=DAY,
                            kind="exception_report")

    with time_machine.travel(datetime.datetime(2024, 3, 9, 3, tzinfo=datetime.UTC), tick=False):
        report = sweep_deadlines(**mode)

    assert report == Counter({"reminded": 1, "escalated": 1})
    assert Deadline.objects.get(pk=new_york_due.pk).escalated_on is None
    assert Deadline.objects.get(pk=kiritimati_due.pk).escalated_on == D(2024, 3, 9)
    assert Deadline.objects.get(pk=new_york.pk).next_reminder_on == D(2024, 3, 9)
    assert Deadline.objects.get(pk=kiritimati.pk).next_reminder_on == D(2024, 3, 11)  # Monday, 5 days before


# --- One bad row, a dead worker, a row that moved --------------------------------------------------------

@pytest.mark.django_db
def test_a_lapse_that_fails_inside_a_batch_stays_open_and_the_others_are_done(officer, monkeypatch, caplog):
    windows = []
    for _ in range(3):
        wro = helpers.noticed(officer=officer, basis="wro")
        windows.append(_move(Deadline.objects.get(detention=wro, kind="proof_of_admissibility"), due=D(2024, 3, 7)))
    bad = windows[1]
    real = sweep.responsible_officers

    def failing(detention):
        if detention.pk == bad.detention_id:
            raise RuntimeError("corrupt row")
        return real(detention)

    monkeypatch.setattr(sweep, "responsible_officers", failing)

    report = sweep_deadlines(on=DAY)

    assert report == Counter({"lapsed": 2, "retry_later": 1})
    assert [Deadline.objects.get(pk=w.pk).state for w in windows] == ["lapsed", "open", "lapsed"]
    assert not AuditEvent.objects.filter(action="lapse_clock", object_id=str(bad.pk)).exists()
    assert not Notification.objects.filter(idempotency_key__startswith=f"deadline-{bad.pk}-").exists()
    assert f"Clock {bad.pk}: lapse failed and was rolled back" in caplog.text
    monkeypatch.setattr(sweep, "responsible_officers", real)
    assert sweep_deadlines(on=DAY) == Counter({"lapsed": 1})
    assert Deadline.objects.get(pk=bad.pk).state == "lapsed"


@pytest.mark.django_db
def test_a_reminder_that_cannot_be_prepared_stays_due_and_the_others_are_sent(officer, monkeypatch, caplog):
    clocks = [_clock(due=D(2024, 3, 15), reminder=DAY) for _ in range(3)]
    bad = clocks[0]
    real = sweep._who_must_act_among

    def failing(deadline, people):
        if deadline.pk == bad.pk:
            raise RuntimeError("corrupt row")
        return real(deadline, people)

    monkeypatch.setattr(sweep, "_who_must_act_among", failing)

    report = sweep_deadlines(on=DAY)

    assert report == Counter({"reminded": 2, "retry_later": 1})
    assert [Deadline.objects.get(pk=c.pk).next_reminder_on for c in clocks] == [DAY, D(2024, 3, 14), D(2024, 3, 14)]
    assert Notification.objects.filter(kind="clock_reminder").count() == 2
    assert f"Clock {bad.pk}: reminder not prepared" in caplog.text


@pytest.mark.django_db
def test_a_worker_dying_mid_batch_leaves_every_row_of_the_batch_due_and_nothing_written(officer, supervisor,
                                                                                         monkeypatch):
    reminders = [_clock(due=D(2024, 3, 15), reminder=DAY) for _ in range(2)]
    overdue = [_clock(due=D(2024, 3, 6)) for _ in range(2)]

    def killed(messages):
        raise SystemExit("worker killed")

    monkeypatch.setattr(sweep, "notify_many", killed)
    with pytest.raises(SystemExit):
        sweep_deadlines(on=DAY)

    assert [Deadline.objects.get(pk=c.pk).escalated_on for c in overdue] == [None, None]
    assert [Deadline.objects.get(pk=c.pk).next_reminder_on for c in reminders] == [DAY, DAY]
    assert not AuditEvent.objects.filter(action="escalate_clock").exists()
    monkeypatch.undo()
    assert sweep_deadlines(on=DAY) == Counter({"escalated": 2, "reminded": 2})


@pytest.mark.django_db
def test_a_batch_aborted_by_the_database_is_read_again_and_done_once(officer, monkeypatch, caplog):
    clocks = [_clock(due=D(2024, 3, 15), reminder=DAY) for _ in range(2)]
    calls = []
    real = sweep.claim_reminders

    def aborting_once(claims):
        calls.append(len(claims))
        if len(calls) == 1:
            raise OperationalError("deadlock detected")
        return real(claims)

    monkeypatch.setattr(sweep, "claim_reminders", aborting_once)

    assert sweep_deadlines(on=DAY) == Counter({"reminded": 2})
    assert calls == [2, 2]
    assert Notification.objects.filter(kind="clock_reminder").count() == 2
    assert f"Batch of 2 clocks from clock {clocks[0].pk}: transaction aborted (attempt 1 of 3): deadlock detected" \
        in caplog.text


@pytest.mark.django_db
def test_a_batch_that_keeps_aborting_is_left_whole_for_the_next_sweep(officer, monkeypatch, caplog):
    clocks = [_clock(due=D(2024, 3, 15), reminder=DAY) for _ in range(3)]
    attempts = []

    def aborting(claims):
        attempts.append(1)
        raise OperationalError("database is locked")

    monkeypatch.setattr(sweep, "claim_reminders", aborting)

    assert sweep_deadlines(on=DAY, batch_size=2) == Counter({"retry_later": 3})
    assert len(attempts) == 6  # two batches, three attempts each
    assert [Deadline.objects.get(pk=c.pk).next_reminder_on for c in clocks] == [DAY, DAY, DAY]
    assert not Notification.objects.exists()
    assert "(attempt 3 of 3)" in caplog.text


@pytest.mark.django_db
def test_a_batch_whose_claim_finds_a_row_not_as_read_rolls_back_and_reads_again_reminding_each_row_once(
        officer, monkeypatch):
    # As if the batch had read the first row before another sweep moved it on: the guarded claim changes fewer
    # rows than it was given, the batch rolls back whole (notifications included) and is read again.
    clocks = [_clock(due=D(2024, 3, 15), reminder=DAY) for _ in range(2)]
    real = sweep.claim_reminders
    calls = []

    def stale_once(claims):
        calls.append([pk for pk, _, _ in claims])
        if len(calls) == 1:
            pk, _, following = claims[0]
            claims = [(pk, D(2024, 3, 1), following), *claims[1:]]
        return real(claims)

    monkeypatch.setattr(sweep, "claim_reminders", stale_once)

    assert sweep_deadlines(on=DAY) == Counter({"reminded": 2})
    assert calls == [[clocks[0].pk, clocks[1].pk]] * 2
    assert Notification.objects.filter(kind="clock_reminder").count() == 2
    assert {Deadline.objects.get(pk=c.pk).next_reminder_on for c in clocks} == {D(2024, 3, 14)}


@pytest.mark.django_db
def test_a_batch_claim_changes_nothing_unless_every_row_is_still_as_read():
    moved = _clock(due=D(2024, 3, 15), reminder=D(2024, 3, 14))
    due = _clock(due=D(2024, 3, 15), reminder=DAY)
    escalated = _clock(due=D(2024, 3, 6), escalated_on=D(2024, 3, 7))
    overdue = _clock(due=D(2024, 3, 6))

    with pytest.raises(deadline_services.ClaimLost, match="1 of 2 reminders"), transaction.atomic():
        deadline_services.claim_reminders([(moved.pk, DAY, D(2024, 3, 14)), (due.pk, DAY, D(2024, 3, 14))])
    with pytest.raises(deadline_services.ClaimLost, match="1 of 2 escalations"), transaction.atomic():
        deadline_services.claim_escalations([(escalated.pk, DAY), (overdue.pk, DAY)])

    assert Deadline.objects.get(pk=due.pk).next_reminder_on == DAY
    assert Deadline.objects.get(pk=overdue.pk).escalated_on is None
    deadline_services.claim_reminders([(due.pk, DAY, None)])
    deadline_services.claim_escalations([(overdue.pk, D(2024, 3, 7))])
    assert Deadline.objects.get(pk=due.pk).next_reminder_on is None
    assert (Deadline.objects.get(pk=overdue.pk).escalated_on, Deadline.objects.get(pk=overdue.pk).state) == \
        (D(2024, 3, 7), "open")


@pytest.mark.django_db
def test_rows_closed_or_escalated_after_the_listing_are_left_alone(officer, supervisor, monkeypatch):
    met = _clock(due=D(2024, 3, 6), reminder=D(2024, 3, 5), state="met", closed_on=D(2024, 3, 6))
    escalated = _clock(due=D(2024, 3, 6), escalated_on=D(2024, 3, 7))
    reminded = _clock(due=D(2024, 3, 20))  # its last reminder was sent: no reminder day left
    due = _clock(due=D(2024, 3, 6))
    monkeypatch.setattr(sweep, "due_for_lapse", lambda day: [met.pk, escalated.pk, due.pk])
    monkeypatch.setattr(sweep, "due_for_reminder", lambda day: [met.pk, reminded.pk])

    assert sweep_deadlines(on=DAY) == Counter({"escalated": 1})
    assert [Deadline.objects.get(pk=c.pk).escalated_on for c in (met, escalated, reminded, due)] == [
        None, D(2024, 3, 7), None, DAY]
    assert Notification.objects.count() == 1


@pytest.mark.django_db
def test_a_lapse_aborted_by_the_database_retries_the_whole_batch(officer, monkeypatch):
    windows = []
    for _ in range(2):
        wro = helpers.noticed(officer=officer, basis="wro")
        windows.append(_move(Deadline.objects.get(detention=wro, kind="proof_of_admissibility"), due=D(2024, 3, 7)))
    overdue = _clock(due=D(2024, 3, 6))
    real = sweep.responsible_officers
    calls = []

    def deadlocked_once(detention):
        calls.append(detention.pk)
        if len(calls) == 2:
            raise OperationalError("deadlock detected")
        return real(detention)

    monkeypatch.setattr(sweep, "responsible_officers", deadlocked_once)

    assert sweep_deadlines(on=DAY) == Counter({"lapsed": 2, "escalated": 1})
    assert len(calls) == 4  # the first row again after the batch rolled back, then the second
    assert AuditEvent.objects.filter(action="lapse_clock").count() == 2
    assert AuditEvent.objects.filter(action="escalate_clock", object_id=str(overdue.pk)).count() == 1


@pytest.mark.django_db
def test_a_clock_closed_by_a_service_earlier_in_the_batch_is_not_escalated(officer, supervisor, monkeypatch):
    # A lapse recorded through a service may close the other clocks of its case; the batch escalates only the
    # clocks still open when it gets to them, and is not rolled back for the ones that closed.
    detention = helpers.detained(officer=officer, basis="uflpa")
    window = _move(Deadline.objects.get(detention=detention, kind="uflpa_response"), due=D(2024, 3, 5))
    closed_meanwhile = _move(Deadline.objects.get(detention=detention, kind="detention_notice"), due=D(2024, 3, 6))
    overdue = _clock(due=D(2024, 3, 6))

    def closing(deadline, day):
        assert deadline_services.close_clocks(kinds=["detention_notice"], detention=deadline.detention, on=day) == 1
        return "recorded"

    monkeypatch.setitem(sweep._LAPSE_HANDLERS, sweep.DeadlineKind.UFLPA_RESPONSE, closing)

    assert sweep_deadlines(on=DAY) == Counter({"recorded": 1, "escalated": 1})
    assert Deadline.objects.get(pk=closed_meanwhile.pk).state == "met"
    assert Deadline.objects.get(pk=closed_meanwhile.pk).escalated_on is None
    assert Deadline.objects.get(pk=overdue.pk).escalated_on == DAY
    assert not AuditEvent.objects.filter(action="escalate_clock", object_id=str(closed_meanwhile.pk)).exists()
    assert Deadline.objects.get(pk=window.pk).state == "open"  # the stand-in handler left it


# --- Bounded queries -------------------------------------------------------------------------------------

def _sweep_queries(rows: int) -> int:
    investigation = factories.InvestigationFactory(receiving_port_code="1001")
    for _ in range(rows):
        _clock(factories.InvestigationFactory(receiving_port_code="1001", assigned_officer=None),
               due=D(2024, 3, 15), reminder=DAY)
        _clock(investigation if _ == 0 else factories.InvestigationFactory(receiving_port_code="2704"),
               due=D(2024, 3, 6))
    with CaptureQueriesContext(connection) as queries:
        report = sweep_deadlines(on=DAY)
    assert report == Counter({"reminded": rows, "escalated": rows})
    return len(queries.captured_queries)


@pytest.mark.django_db
def test_a_batchs_queries_do_not_grow_with_its_size(officer, supervisor):
    # Reminders and escalations: the two listings; the lapse batch's savepoint (the test runs in a transaction)
    # and release, locked read, ports (zones, closures), people, claim, insert of audit events, look-up and
    # insert of notifications (10); the reminder batch's the same without the ports and audit events (7).
    assert _sweep_queries(3) == _sweep_queries(24) == 2 + 10 + 7


# --- Who is told, from the batch's preloaded people ---------------------------------------------------

def _told(clock):
    people = sweep._recipients_for([clock])
    return {u.username for u in sweep._who_must_act_among(clock, people)}


@pytest.mark.django_db
def test_the_batch_tells_an_investigations_assigned_officer_alone_even_from_another_port(port_staff):
    assigned = factories.UserFactory(role="officer", port_code="2704", username="assigned")
    assert _told(_clock(factories.InvestigationFactory(receiving_port_code="1001", assigned_officer=assigned),
                        due=D(2024, 3, 15))) == {"assigned"}
    gone = factories.UserFactory(role="officer", port_code="1001", username="gone", is_active=False)
    assert _told(_clock(factories.InvestigationFactory(receiving_port_code="1001", assigned_officer=gone),
                        due=D(2024, 3, 15))) == set()


@pytest.mark.django_db
def test_the_batch_tells_the_receiving_ports_active_officers_else_its_supervisors(port_staff):
    clock = _clock(factories.InvestigationFactory(receiving_port_code="1001"), due=D(2024, 3, 15))
    assert _told(clock) == {"officer"}
    port_staff["officer"].is_active = False
    port_staff["officer"].save(update_fields=["is_active"])
    assert _told(clock) == {"supervisor-ny", "supervisor"}


@pytest.mark.django_db
def test_the_batch_escalates_to_every_supervisor_where_a_port_has_none_of_its_own(port_staff):
    port_staff["supervisor"].is_active = False
    port_staff["supervisor"].save(update_fields=["is_active"])
    people = notifications.Recipients(port_codes=["5301"])
    assert {u.username for u in people.supervisors("5301")} == {"supervisor-ny", "supervisor-la"}
    assert {u.username for u in people.supervisors("1001")} == {"supervisor-ny"}
    assert {u.username for u in people.supervisors("")} == {"supervisor-ny", "supervisor-la"}


@pytest.mark.django_db
def test_the_batch_tells_the_importers_users_of_a_window_and_the_case_officer_of_an_agency_clock(
        port_staff, importer_a, importer_b):
    factories.UserFactory(role="importer", organisation=importer_a.organisation, username="importer-gone",
                          is_active=False)
    detention = helpers.detained(officer=port_staff["officer"], basis="uflpa", importer=importer_a.organisation)
    assert _told(Deadline.objects.get(detention=detention, kind="uflpa_response")) == {"importer"}
    assert _told(Deadline.objects.get(detention=detention, kind="detention_notice")) == {"officer"}
    type(detention).objects.filter(pk=detention.pk).update(assigned_officer=port_staff["other port officer"])
    reassigned = Deadline.objects.select_related("detention").get(detention=detention, kind="detention_notice")
    assert _told(reassigned) == {"officer-la"}
    unassigned = helpers.detained(officer=port_staff["supervisor"], basis="uflpa")
    assert unassigned.assigned_officer_id is None
    assert _told(Deadline.objects.get(detention=unassigned, kind="detention_notice")) == {"officer"}


# --- The ports' dates and calendars, many at once ----------------------------------------------------------

@pytest.mark.django_db
def test_a_port_book_gives_each_ports_local_date_and_closures():
    Port.objects.update_or_create(code="3201", defaults={"name": "Honolulu", "time_zone": "Pacific/Honolulu"})
    Port.objects.update_or_create(code="5401", defaults={"name": "Washington", "time_zone": "America/New_York",
                                                         "dc_area": True})
    everywhere = Closure.objects.create(date=D(2024, 3, 12), reason="Executive order")
    honolulu_only = Closure.objects.create(date=D(2024, 3, 13), reason="Storm")
    honolulu_only.ports.add(Port.objects.get(code="3201"))
    assert everywhere.ports.count() == 0
    book = PortBook()

    with time_machine.travel(datetime.datetime(2024, 3, 9, 8, tzinfo=datetime.UTC), tick=False):
        book.load(["3201", "5401", "", "0000"])
        # 08:00 UTC on the 9th is 22:00 on the 8th in Honolulu and 03:00 on the 9th in Washington.
        assert [book.today(code) for code in ("3201", "5401", "", "0000")] == [
            D(2024, 3, 8), D(2024, 3, 9), D(2024, 3, 9), D(2024, 3, 9)]
    assert book.calendar("3201").closures == {D(2024, 3, 12), D(2024, 3, 13)}
    assert book.calendar("5401").closures == {D(2024, 3, 12)}
    assert (book.calendar("5401").dc_area, book.calendar("3201").dc_area, book.calendar("").dc_area) == \
        (True, False, False)
    assert book.calendar("").closures == {D(2024, 3, 12)}
    assert book.calendar("0000").closures == {D(2024, 3, 12)}
    with helpers.as_of(D(2024, 1, 2)):
        assert book.today("3201") == D(2024, 1, 2)


# --- Bulk writers ------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_notify_many_writes_one_row_per_active_recipient_and_skips_keys_already_written(officer, officer2,
                                                                                         supervisor):
    gone = factories.UserFactory(role="officer", username="gone", is_active=False)
    notifications.notify(recipients=[officer], kind="test", subject="First", body="b", key="event-1")
    with transaction.atomic():
        created = notifications.notify_many([
            {"recipients": [officer, officer2, officer2, gone, None], "kind": "test", "subject": "S" * 250,
             "body": "Body", "key": "event-1"},
            {"recipients": [supervisor], "kind": "other", "subject": "Second", "body": "Body 2", "key": "event-2"},
            {"recipients": [gone], "kind": "other", "subject": "Nobody", "body": "", "key": "event-3"},
        ])
    assert len(created) == 2
    rows = {(n.idempotency_key, n.kind, n.subject) for n in Notification.objects.filter(pk__in=created)}
    assert rows == {(f"event-1:user-{officer2.pk}", "test", "S" * 200),
                    (f"event-2:user-{supervisor.pk}", "other", "Second")}
    assert Notification.objects.count() == 3
    with transaction.atomic():
        assert notifications.notify_many([{"recipients": [gone], "kind": "k", "subject": "s", "body": "b",
                                           "key": "event-4"}]) == []
        assert notifications.notify_many([{"recipients": [officer], "kind": "k", "subject": "s", "body": "b",
                                           "key": "event-1"}]) == []


# --- Webhooks hear the batch's reminders -----------------------------------------------------------------

@pytest.mark.django_db
def test_a_batched_reminder_to_an_importer_queues_one_webhook_delivery_for_its_subscribed_endpoint(
        officer, importer_a, org_b):
    admin_a = factories.UserFactory(role="importer", organisation=importer_a.organisation, username="it-a",
                                    is_organisation_admin=True)
    admin_b = factories.UserFactory(role="importer", organisation=org_b, username="it-b", is_organisation_admin=True)
    def endpoint(admin, url, event_types, status="active"):
        return WebhookEndpoint.objects.create(organisation=admin.organisation, url=url, secret="s" * 32,
                                              event_types=event_types, created_by=admin, status=status)

    subscribed = endpoint(admin_a, "https://hooks.example.com/a", ["deadline.approaching"])
    endpoint(admin_a, "https://hooks.example.com/other", ["notice.issued"])
    endpoint(admin_a, "https://hooks.example.com/off", ["deadline.approaching"], status="disabled")
    paused = endpoint(admin_a, "https://hooks.example.com/paused", ["deadline.approaching"], status="paused")
    endpoint(admin_b, "https://hooks.example.com/b", ["deadline.approaching"])
    detention = helpers.detained(officer=officer, basis="uflpa", importer=importer_a.organisation)
    window = _move(Deadline.objects.get(detention=detention, kind="uflpa_response"), due=D(2024, 3, 15),
                   reminder=DAY)
    agency = _move(Deadline.objects.get(detention=detention, kind="detention_notice"), due=D(2024, 3, 15),
                   reminder=DAY)

    assert sweep_deadlines(on=DAY) == Counter({"reminded": 2})

    key = f"deadline-{window.pk}-reminder-2024-03-08"
    # A paused endpoint keeps its delivery, sent when it is resumed; a disabled one gets none.
    assert set(WebhookDelivery.objects.values_list("endpoint_id", "event_key")) == {(subscribed.pk, key),
                                                                                   (paused.pk, key)}
    delivery = WebhookDelivery.objects.get(endpoint=subscribed)
    assert (delivery.endpoint_id, delivery.event_key, delivery.event_type, delivery.detention_id) == \
        (subscribed.pk, key, "deadline.approaching", detention.pk)
    assert delivery.payload["id"] == str(delivery.event_id)
    assert delivery.payload["data"]["detention"] == {
        "id": detention.pk, "entry_number": detention.shipment.entry_number, "status": detention.status}
    assert delivery.payload["data"]["subject"].startswith("Reminder: ")
    assert agency.pk != window.pk
    # The same event again queues nothing more.
    event = {"kind": "clock_reminder", "key": key, "detention": detention, "subject": "s", "body": "b",
             "recipients": [importer_a]}
    assert webhook_services.queue_events([event]) == []
    assert WebhookDelivery.objects.count() == 2


# --- Two sweeps at once on PostgreSQL ----------------------------------------------------------------------

@pytest.mark.skipif(not ON_POSTGRESQL, reason="racing row locks need PostgreSQL (SQLite serialises writers)")
@pytest.mark.django_db(transaction=True)
def test_two_batched_sweeps_at_the_same_moment_claim_each_row_once(officer, supervisor):
    reminders = [_clock(due=D(2024, 3, 15), reminder=DAY) for _ in range(30)]
    overdue = [_clock(due=D(2024, 3, 6)) for _ in range(30)]
    windows = []
    for _ in range(6):
        wro = helpers.noticed(officer=officer, basis="wro")
        windows.append(_move(Deadline.objects.get(detention=wro, kind="proof_of_admissibility"), due=D(2024, 3, 7)))
    Notification.objects.all().delete()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(sweep_deadlines(on=DAY, batch_size=4))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert sum(results, Counter()) == Counter({"reminded": 30, "escalated": 30, "lapsed": 6})
    assert AuditEvent.objects.filter(action="escalate_clock").count() == 30
    assert AuditEvent.objects.filter(action="lapse_clock").count() == 6
    assert Notification.objects.filter(kind="clock_reminder").count() == 30
    assert Notification.objects.filter(kind="clock_escalation").count() == 30
    assert Notification.objects.filter(kind="window_lapsed").count() == 6
    assert {Deadline.objects.get(pk=c.pk).next_reminder_on for c in reminders} == {D(2024, 3, 14)}
    assert {Deadline.objects.get(pk=c.pk).escalated_on for c in overdue} == {DAY}
    audit.seal_pending()
    assert list(audit.verify_chain(checkpoint=None))[-1] == AuditEvent.objects.count()


@pytest.mark.skipif(not ON_POSTGRESQL, reason="row locks need PostgreSQL (SQLite serialises writers)")
@pytest.mark.django_db(transaction=True)
def test_a_batch_skips_a_row_another_transaction_holds_and_leaves_it_due(officer):
    clocks = [_clock(due=D(2024, 3, 15), reminder=DAY) for _ in range(3)]
    holder = connections.create_connection("default")
    holder.set_autocommit(False)
    with holder.cursor() as cursor:
        cursor.execute("SELECT 1 FROM cases_deadline WHERE id = %s FOR UPDATE", [clocks[1].pk])
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '2s'")  # waiting for the held row would fail the sweep, not hang it
    try:
        report = sweep_deadlines(on=DAY)
    finally:
        holder.rollback()
        holder.close()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")

    assert report == Counter({"reminded": 2})
    assert [Deadline.objects.get(pk=c.pk).next_reminder_on for c in clocks] == [D(2024, 3, 14), DAY, D(2024, 3, 14)]
    assert sweep_deadlines(on=DAY) == Counter({"reminded": 1})


@pytest.mark.django_db
@pytest.mark.parametrize("mode", [{"batch_size": 500}, {"per_row": True}])
def test_both_sweeps_leave_a_clock_alone_on_its_due_date_and_escalate_it_the_day_after(mode, supervisor):
    # The window is open until midnight at the port on the due date (domain.md section 3): an overdue agency
    # clock escalates on the day after, in either sweep.
    clock = _clock(due=DAY)

    assert sweep_deadlines(on=DAY, **mode) == Counter()
    assert Deadline.objects.get(pk=clock.pk).escalated_on is None

    assert sweep_deadlines(on=DAY + datetime.timedelta(days=1), **mode) == Counter({"escalated": 1})
    assert Deadline.objects.get(pk=clock.pk).escalated_on == DAY + datetime.timedelta(days=1)
