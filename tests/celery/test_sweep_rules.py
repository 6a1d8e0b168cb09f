"""The deadline sweep's own rules: retries, what it reports and what the trail keeps of each lapse.

Expected values are written from the module's documented rules (cases/services/sweep.py docstring,
domain.md section 3), not read from the code.
"""

import datetime
import logging
from collections import Counter

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import OperationalError

from cases.errors import InvalidTransition
from cases.models import AuditEvent, Deadline, Notification
from cases.services import deadlines as deadline_services
from cases.services import seizures, shipments, sweep
from cases.services.sweep import sweep_deadlines
from tests import factories
from tests.cases import helpers


def _noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def _sweep_the_day_after(clock: Deadline) -> tuple[Counter, datetime.date]:
    """The sweep at noon on the day after the clock's due date: what it reported, and that day."""
    day_after = clock.due_date + datetime.timedelta(days=1)
    with time_machine.travel(_noon(day_after)):
        return sweep_deadlines(), day_after


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


@pytest.mark.django_db
def test_a_clock_lapses_at_midnight_at_its_port_not_when_the_first_time_zone_reaches_the_next_day(officer):
    # Presented Wed 2020-12-23 in New York (port 1001): the release-or-detain decision is due Mon 2021-01-04.
    presented = datetime.date(2020, 12, 23)
    with time_machine.travel(_noon(presented), tick=False) as traveller:
        shipment = shipments.register_shipment(
            actor=officer, entry_number="ZZ9-7654321-0", importer=factories.ImporterOrganisationFactory(),
            country_of_origin="CN", hts_codes=["4015.19.0510"], description="Gloves", quantity=10, value=100,
            port_code="1001", importation_date=presented, presentation_date=presented,
        )
        clock = Deadline.objects.get(shipment=shipment, kind="detention_decision")
        assert clock.due_date == datetime.date(2021, 1, 4)
        # 03:00 UTC on 5 January is 22:00 on 4 January in New York: still the due date there.
        traveller.move_to(datetime.datetime(2021, 1, 5, 3, tzinfo=datetime.UTC))
        late_evening = sweep_deadlines()
        clock.refresh_from_db()
        assert clock.state == "open"
        traveller.move_to(datetime.datetime(2021, 1, 5, 12, tzinfo=datetime.UTC))
        next_morning = sweep_deadlines()

    assert late_evening == Counter({"reminded": 1})
    assert next_morning == Counter({"lapsed": 1})
    clock.refresh_from_db()
    assert (clock.state, clock.closed_on) == ("lapsed", datetime.date(2021, 1, 5))


@pytest.mark.django_db
def test_an_overdue_agency_clock_stays_open_escalates_once_and_the_trail_shows_the_day(officer, supervisor):
    detention = helpers.detained(officer=officer, basis="uflpa")
    clock = Deadline.objects.get(detention=detention, kind="detention_notice")
    day_after = clock.due_date + datetime.timedelta(days=1)

    with time_machine.travel(_noon(day_after)):
        first = sweep_deadlines()
        second = sweep_deadlines()

    assert first["escalated"] == 1 and second["escalated"] == 0
    clock.refresh_from_db()
    assert (clock.state, clock.escalated_on) == ("open", day_after)
    event = AuditEvent.objects.get(action="escalate_clock", object_id=str(clock.pk))
    assert (event.actor_id, event.detention_id) == (None, detention.pk)
    assert (event.before["state"], event.before["escalated_on"]) == ("open", None)
    assert (event.after["state"], event.after["escalated_on"]) == ("open", day_after.isoformat())
    [alert] = Notification.objects.filter(idempotency_key__startswith=f"deadline-{clock.pk}-escalation")
    assert (alert.kind, alert.recipient, alert.detention_id) == ("clock_escalation", supervisor, detention.pk)


@pytest.mark.django_db
def test_a_clock_closed_after_the_listing_is_not_reminded(officer):
    # Between the sweep's listing and its firing the clock was met: no reminder for a closed clock.
    detention = helpers.detained(officer=officer, basis="uflpa")
    clock = Deadline.objects.get(detention=detention, kind="detention_notice")
    Deadline.objects.filter(pk=clock.pk).update(state="met", closed_on=clock.starts_on)
    deadline_services.sync_next_clock([detention.pk])
    clock.refresh_from_db()
    assert clock.next_reminder_on is not None

    assert sweep._fire_reminder(clock.pk, clock.next_reminder_on, {}) is None
    assert not Notification.objects.filter(kind="clock_reminder").exists()


@pytest.mark.django_db
def test_under_a_withhold_release_order_a_lapsed_determination_escalates_instead_of_deeming_exclusion(
        officer, supervisor):
    # 19 U.S.C. 1499(c)(5)(A) and the deemed-exclusion policy (domain.md): for WRO cases the default is not
    # to record a deemed exclusion; the supervisors are told, once, and the case stays open.
    detention = helpers.noticed(officer=officer, basis="wro")
    clock = Deadline.objects.get(detention=detention, kind="admissibility_determination")

    report, day_after = _sweep_the_day_after(clock)

    assert report["escalated"] == 1
    clock.refresh_from_db()
    assert clock.escalated_on == day_after
    detention.refresh_from_db()
    assert detention.status == "notice_issued"
    [alert] = Notification.objects.filter(idempotency_key__startswith=f"deadline-{clock.pk}-escalation")
    assert (alert.recipient, alert.detention_id) == (supervisor, detention.pk)
    assert alert.subject.startswith("No admissibility decision within 30 days")


@pytest.mark.django_db
def test_a_notice_to_redeliver_not_met_in_thirty_days_is_recorded_as_not_redelivered(officer, supervisor, importer_a):
    # 19 CFR 141.113: the goods were to come back within 30 days of the notice; the sweep records the failure
    # (the claim for liquidated damages under 113.62 is the supervisor's next act).
    with helpers.as_of(helpers.days_ago(40)):
        detention = helpers.in_state("released", officer=officer, supervisor=supervisor, importer_user=importer_a)
        redelivery = seizures.demand_redelivery(actor=officer, detention=detention, reason="Finding covers the goods.",
                                                bond_number="BOND-99-001", goods_value="8000.00")

    report = sweep_deadlines()

    assert report["recorded"] == 1  # the law's outcome recorded through its service
    redelivery.refresh_from_db()
    assert redelivery.status == "not_redelivered"
    assert AuditEvent.objects.filter(action="record_not_redelivered", actor__isnull=True,
                                     object_id=str(redelivery.pk)).exists()


@pytest.mark.django_db
def test_a_redelivery_clock_whose_demand_was_settled_meanwhile_only_lapses(officer, supervisor, importer_a):
    with helpers.as_of(helpers.days_ago(40)):
        detention = helpers.in_state("released", officer=officer, supervisor=supervisor, importer_user=importer_a)
        redelivery = seizures.demand_redelivery(actor=officer, detention=detention, reason="Finding covers the goods.",
                                                bond_number="BOND-99-001", goods_value="8000.00")
    type(redelivery).objects.filter(pk=redelivery.pk).update(status="redelivered")
    clock = Deadline.objects.get(detention=detention, kind="redelivery")

    assert sweep._not_redelivered(clock, helpers.days_ago(0)) == "lapsed"
    redelivery.refresh_from_db()
    assert redelivery.status == "redelivered"
    # Nothing was left to record, so nothing was refused: no supervisor is alerted.
    assert not Notification.objects.filter(idempotency_key__startswith=f"deadline-{clock.pk}-not-recorded").exists()


@pytest.mark.django_db
def test_a_reminder_on_an_investigation_clock_names_the_investigation(officer):
    investigation = factories.InvestigationFactory(status="allegation_received")
    received = datetime.date(2024, 3, 4)
    clock = Deadline.objects.create(
        kind="allegation_transmittal", party="agency", investigation=investigation, starts_on=received,
        due_date=received + datetime.timedelta(days=10), computed_due_date=received + datetime.timedelta(days=10),
        citation="19 CFR 12.42(c)", next_reminder_on=received + datetime.timedelta(days=9))

    assert sweep._subject_label(clock) == f"investigation {investigation.reference}"


@pytest.mark.django_db
def test_an_importers_window_that_closes_unanswered_lapses_and_the_officer_is_told(officer):
    # 19 CFR 12.43: three months from importation to prove admissibility under a withhold release order;
    # nothing filed by then, the window lapses and the officer hears what may be done next.
    detention = helpers.noticed(officer=officer, basis="wro")
    window = Deadline.objects.get(detention=detention, kind="proof_of_admissibility")

    report, _ = _sweep_the_day_after(window)

    assert report["lapsed"] == 1
    window.refresh_from_db()
    assert window.state == "lapsed"
    [told] = Notification.objects.filter(idempotency_key__startswith=f"deadline-{window.pk}-lapsed")
    assert told.recipient == officer and told.subject.startswith("Importer's window closed")
