"""The outbox (claim, send, relay, digest) and the sweep's once-only claims, in one process."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from cases import outbox
from cases.models import Deadline, Notification, NotificationPreference
from cases.services import shipments
from cases.services.notifications import notify
from cases.services.sweep import sweep_deadlines
from tests import factories
from tests.cases import helpers

pytestmark = pytest.mark.django_db


def _pending(user, key="event-1"):
    Notification.objects.create(recipient=user, idempotency_key=f"{key}:user-{user.pk}", kind="test",
                                subject=f"Subject {key}", body="Body")
    return Notification.objects.get(idempotency_key=f"{key}:user-{user.pk}")


def test_delivery_sends_one_email_with_a_message_id_derived_from_the_idempotency_key(officer):
    row = _pending(officer)

    assert outbox.deliver(row.pk) is True

    row.refresh_from_db()
    assert row.delivery_status == "sent" and row.attempts == 1 and row.sent_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == outbox.message_id(row.idempotency_key)


def test_a_second_delivery_of_the_same_row_sends_nothing(officer):
    row = _pending(officer)
    outbox.deliver(row.pk)

    assert outbox.deliver(row.pk) is False
    assert len(mail.outbox) == 1


def test_a_row_claimed_by_a_live_worker_is_not_relayed(officer):
    row = _pending(officer)
    assert outbox._claim([row.pk]) == 1

    assert outbox.relay_pending() == 0
    assert mail.outbox == []


def test_a_row_whose_worker_died_is_relayed_after_the_claim_lapses(officer, settings):
    row = _pending(officer)
    outbox._claim([row.pk])

    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(
            seconds=settings.CASES_NOTIFICATION_LEASE_SECONDS + 1)):
        assert outbox.relay_pending() == 1
    row.refresh_from_db()
    assert row.delivery_status == "sent" and row.attempts == 2
    assert len(mail.outbox) == 1


def test_a_failed_send_keeps_the_row_pending_with_its_error_and_counts_the_attempt(officer, settings):
    settings.EMAIL_BACKEND = "tests.celery.mailboxes.RefusingBackend"
    row = _pending(officer)

    assert outbox.deliver(row.pk) is False

    row.refresh_from_db()
    assert row.delivery_status == "pending" and row.attempts == 1
    assert "mail server refused" in row.last_error


def test_a_row_that_keeps_failing_is_marked_failed_and_kept(officer, settings):
    settings.EMAIL_BACKEND = "tests.celery.mailboxes.RefusingBackend"
    settings.CASES_NOTIFICATION_MAX_ATTEMPTS = 2
    row = _pending(officer)

    outbox.deliver(row.pk)
    outbox.relay_pending()

    row.refresh_from_db()
    assert row.delivery_status == "failed" and row.attempts == 2 and row.last_error


def test_notify_inside_a_rolled_back_transaction_leaves_no_row_and_sends_nothing(officer):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        notify(recipients=[officer], kind="test", subject="S", body="B", key="rolled-back")
        raise RuntimeError("the event failed")

    assert not Notification.objects.filter(idempotency_key__startswith="rolled-back").exists()
    assert mail.outbox == []


def test_a_person_who_chose_the_digest_gets_no_immediate_email_and_one_digest(officer):
    NotificationPreference.objects.create(user=officer, delivery="daily_digest")
    first = _pending(officer, "event-1")
    _pending(officer, "event-2")

    assert outbox.deliver(first.pk) is False
    assert outbox.relay_pending() == 0
    assert outbox.send_daily_digests() == 1

    assert len(mail.outbox) == 1
    assert "Subject event-1" in mail.outbox[0].body and "Subject event-2" in mail.outbox[0].body
    assert set(Notification.objects.values_list("delivery_status", flat=True)) == {"sent"}
    assert outbox.send_daily_digests() == 0


def test_sweeping_twice_on_the_same_day_reminds_once(officer):
    detention = helpers.detained(officer=officer, basis="caatsa")
    clock = Deadline.objects.get(detention=detention, kind="admissibility_determination")
    reminder_day = clock.next_reminder_on

    with time_machine.travel(datetime.datetime.combine(reminder_day, datetime.time(12), tzinfo=datetime.UTC)):
        first, second = sweep_deadlines(), sweep_deadlines()

    assert first["reminded"] >= 1 and second["reminded"] == 0
    reminders = Notification.objects.filter(kind="clock_reminder", idempotency_key__contains=f"deadline-{clock.pk}-")
    assert reminders.count() == 1
    clock.refresh_from_db()
    assert clock.next_reminder_on > reminder_day


def test_a_deemed_exclusion_is_recorded_once_however_often_the_sweep_runs(officer):
    detention = helpers.detained(officer=officer, basis="uflpa")
    clock = Deadline.objects.get(detention=detention, kind="admissibility_determination")

    with time_machine.travel(datetime.datetime.combine(clock.due_date + datetime.timedelta(days=1),
                                                       datetime.time(12), tzinfo=datetime.UTC)):
        sweep_deadlines()
        sweep_deadlines()

    detention.refresh_from_db()
    assert detention.status == "deemed_excluded"
    assert Deadline.objects.filter(detention=detention, kind="protest_filing").count() == 1
    assert Notification.objects.filter(kind="deemed_exclusion", detention=detention).values("recipient").count() == \
        Notification.objects.filter(kind="deemed_exclusion", detention=detention).count()


def test_a_lapsed_release_or_detain_decision_tells_the_port_the_goods_are_deemed_detained(officer, supervisor):
    presented = datetime.date(2020, 12, 23)
    with time_machine.travel(datetime.datetime(2020, 12, 23, 12, tzinfo=datetime.UTC), tick=False) as traveller:
        shipment = shipments.register_shipment(
            actor=officer, entry_number="ZZ9-7654321-0", importer=factories.ImporterOrganisationFactory(),
            country_of_origin="CN", hts_codes=["4015.19.0510"], description="Gloves", quantity=10, value=100,
            port_code="1001", importation_date=presented, presentation_date=presented,
        )
        traveller.move_to(datetime.datetime(2021, 1, 5, 12, tzinfo=datetime.UTC))
        sweep_deadlines()

    clock = Deadline.objects.get(shipment=shipment, kind="detention_decision")
    assert clock.state == "lapsed" and clock.closed_on == datetime.date(2021, 1, 5)
    alerts = Notification.objects.filter(kind="deemed_detention")
    assert {n.recipient for n in alerts} == {officer, supervisor}
    assert "deemed detained from 05 January 2021" in alerts[0].body and "1499(c)(1)" in alerts[0].body


def test_clocks_command_lists_due_overdue_fired_clocks_and_the_outbox(officer, capsys):
    detention = helpers.detained(officer=officer, basis="uflpa")
    clock = Deadline.objects.get(detention=detention, kind="admissibility_determination")
    _pending(officer)

    with time_machine.travel(datetime.datetime.combine(clock.due_date + datetime.timedelta(days=1),
                                                       datetime.time(12), tzinfo=datetime.UTC)):
        sweep_deadlines()
        call_command("clocks")

    out = capsys.readouterr().out
    assert "Recently fired" in out and "admissibility_determination" in out
    assert "Outbox" in out and "pending" in out
