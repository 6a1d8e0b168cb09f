"""Reliability with a real redis-server and real worker processes (pytest -m redis).

1. Redis stopped while officers work: services still work, notifications wait as pending, and each
   is delivered once when Redis is back.
2. A worker killed with SIGKILL in the middle of a delivery: every notification is delivered once.
3. Two sweeps at the same moment in two processes: each deemed exclusion, escalation and reminder once.
"""

import ast
import datetime
import re
import time

import pytest
from django.utils import timezone

from cases.models import AuditEvent, Deadline, DeliveryStatus, Notification
from cases.outbox import message_id
from cases.services.support import today as business_today
from cases.tasks import RELAY_TASK, SWEEP_TASK
from config.celery import app
from tests.cases import helpers
from tests.celery.conftest import _reset_connections, delivered_message_ids, wait_for

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def _all_sent(rows) -> bool:
    return not Notification.objects.filter(pk__in=[r.pk for r in rows]).exclude(
        delivery_status=DeliveryStatus.SENT).exists()


def test_notifications_written_while_redis_is_down_wait_as_pending_and_are_delivered_once_when_it_returns(
        broker, workers, maildir, officer, client):
    workers.start("w1")
    broker.stop()

    started = time.monotonic()
    cases = [helpers.detained(officer=officer) for _ in range(3)]
    client.force_login(officer)
    page = client.get("/", follow=True)
    assert page.status_code == 200
    assert time.monotonic() - started < 30, "services must not hang while the broker is down"
    rows = list(Notification.objects.filter(detention__in=cases))
    assert len(rows) == 3
    assert {row.delivery_status for row in rows} == {DeliveryStatus.PENDING}

    broker.start()
    _reset_connections(broker.url)
    app.send_task(RELAY_TASK)
    wait_for(lambda: _all_sent(rows), 90, "the relay to deliver the pending notifications")

    assert sorted(delivered_message_ids(maildir)) == sorted(message_id(row.idempotency_key) for row in rows)


def test_a_worker_killed_mid_delivery_leaves_every_notification_delivered_exactly_once(
        broker, workers, maildir, officer):
    workers.start("slow", TEST_MAIL_SLOW_SECONDS="30")
    cases = [helpers.detained(officer=officer) for _ in range(3)]
    rows = list(Notification.objects.filter(detention__in=cases))

    wait_for(lambda: list(maildir.glob("sending-*")), 60, "a delivery in progress")
    workers.kill("slow")
    assert delivered_message_ids(maildir) == []
    in_flight = Notification.objects.get(delivery_status=DeliveryStatus.DELIVERING)

    workers.start("steady")
    # The dead worker's claim (a 2-second lease in these workers) must lapse before the relay may retry.
    wait_for(lambda: Notification.objects.get(pk=in_flight.pk).claimed_until < timezone.now(), 10, "the lease")
    app.send_task(RELAY_TASK)
    wait_for(lambda: _all_sent(rows), 90, "every notification to be delivered")

    assert sorted(delivered_message_ids(maildir)) == sorted(message_id(row.idempotency_key) for row in rows)
    in_flight.refresh_from_db()
    assert in_flight.attempts == 2


def _sweep_results(log: str) -> list[dict]:
    return [ast.literal_eval(found) for found in
            re.findall(r"Task cases\.sweep_deadlines\[[^\]]+\] succeeded in [^:]+: (\{.*\})", log)]


def test_two_sweeps_at_the_same_moment_fire_each_outcome_once(broker, workers, officer, supervisor, importer_a):
    today = business_today()  # the default port's local date, which the sweep compares with
    lapsed = [helpers.detained(officer=officer, basis="caatsa", importation_date=today - datetime.timedelta(days=41),
                               presentation_date=today - datetime.timedelta(days=40)) for _ in range(12)]
    reminded = [helpers.detained(officer=officer, basis="uflpa", importer=importer_a.organisation) for _ in range(12)]
    # Their reminder day has come (clocks opened today schedule their first reminder after today).
    due_reminders = Deadline.objects.filter(detention__in=reminded, state="open", kind="uflpa_response")
    assert due_reminders.update(next_reminder_on=today) == 12
    workers.start("w1")
    workers.start("w2")

    app.send_task(SWEEP_TASK)
    app.send_task(SWEEP_TASK)
    wait_for(lambda: len(_sweep_results(workers.log("w1") + workers.log("w2"))) == 2, 120, "both sweeps")

    results = _sweep_results(workers.log("w1")) + _sweep_results(workers.log("w2"))
    totals = {outcome: sum(r.get(outcome, 0) for r in results) for outcome in ("recorded", "escalated", "reminded")}
    assert totals == {"recorded": 12, "escalated": 12, "reminded": 12}
    assert AuditEvent.objects.filter(action="record_deemed_exclusion").count() == 12
    assert Deadline.objects.filter(kind="protest_filing", detention__in=lapsed).count() == 12
    assert Notification.objects.filter(kind="clock_reminder").count() == 12
