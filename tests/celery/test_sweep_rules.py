"""The deadline sweep's own rules: retries, what it reports and what the trail keeps of each lapse.

Expected values are written from the module's documented rules (cases/services/sweep.py docstring,
domain.md section 3), not read from the code.
"""

import datetime
import logging

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import OperationalError

from cases.errors import InvalidTransition
from cases.models import AuditEvent, Deadline, Notification
from cases.services import sweep
from cases.services.sweep import sweep_deadlines
from tests.cases import helpers


def _noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def test_a_row_whose_transaction_keeps_aborting_is_tried_three_times_then_left_for_the_next_sweep(caplog):
    calls = []

    def aborted(deadline_id, *args):
        calls.append((deadline_id, args))
        raise OperationalError("database is locked")

    with caplog.at_level(logging.WARNING, logger="cases.services.sweep"):
        assert sweep._retrying(aborted, 41, "a", "b") == "retry_later"
    assert calls == [(41, ("a", "b"))] * 3
    assert [r.getMessage() for r in caplog.records] == [
        "Clock 41: transaction aborted (attempt 1 of 3): database is locked",
        "Clock 41: transaction aborted (attempt 2 of 3): database is locked",
        "Clock 41: transaction aborted (attempt 3 of 3): database is locked",
    ]


def test_a_row_whose_transaction_aborts_once_is_done_on_the_second_try():
    calls = []

    def once(deadline_id, *args):
        calls.append(deadline_id)
        if len(calls) == 1:
            raise OperationalError("deadlock detected")
        return "lapsed"

    assert sweep._retrying(once, 41) == "lapsed"
    assert calls == [41, 41]


@pytest.mark.django_db
def test_a_lapse_is_recorded_in_the_trail_with_the_clock_before_and_after(officer):
    detention = helpers.detained(officer=officer, basis="uflpa")
    clock = Deadline.objects.get(detention=detention, kind="admissibility_determination")
    due = clock.due_date
    first_reminder = clock.next_reminder_on

    with time_machine.travel(_noon(due + datetime.timedelta(days=1))):
        sweep_deadlines()

    event = AuditEvent.objects.get(action="lapse_clock", object_id=str(clock.pk))
    assert (event.actor_id, event.actor_label, event.detention_id) == (None, "system", detention.pk)
    assert event.reason == f"admissibility_determination ran out on {due.isoformat()}"
    assert event.before == {"state": "open", "closed_on": None, "escalated_on": None,
                            "next_reminder_on": first_reminder.isoformat()}
    assert event.after == {"state": "lapsed", "closed_on": (due + datetime.timedelta(days=1)).isoformat(),
                           "escalated_on": None, "next_reminder_on": None}


@pytest.mark.django_db
@pytest.mark.parametrize("refusal", [
    InvalidTransition(action="record_deemed_exclusion", current_state="released", object_label="detention"),
    ValidationError("The detention was decided today."),
])
def test_a_lapse_whose_outcome_the_service_refuses_keeps_the_lapse_and_tells_the_supervisor(
        officer, supervisor, monkeypatch, caplog, refusal):
    def refuse(**kwargs):
        raise refusal

    monkeypatch.setattr(sweep, "record_deemed_exclusion", refuse)
    detention = helpers.detained(officer=officer, basis="uflpa")
    clock = Deadline.objects.get(detention=detention, kind="admissibility_determination")

    with time_machine.travel(_noon(clock.due_date + datetime.timedelta(days=1))):
        report = sweep_deadlines()

    clock.refresh_from_db()
    assert clock.state == "lapsed"
    assert report["recorded"] == 0 and report["lapsed"] >= 1
    [alert] = Notification.objects.filter(idempotency_key__startswith=f"deadline-{clock.pk}-not-recorded")
    assert (alert.kind, alert.recipient, alert.detention_id) == ("clock_escalation", supervisor, detention.pk)
    assert str(refusal) in alert.body
    assert f"Clock {clock.pk} lapsed but refuse refused" in caplog.text
