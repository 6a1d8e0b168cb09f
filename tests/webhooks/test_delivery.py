"""Webhook deliveries to a real receiver on 127.0.0.1: retried while it is down, then arriving once, signed."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from cases.models import AuditEvent, Notification
from cases.webhooks import delivery, services, signing
from cases.webhooks.models import WebhookDelivery
from tests.cases import helpers

pytestmark = pytest.mark.django_db

EVENTS = ["notice.issued", "rfi.sent", "decision.taken"]


def register(admin, url, event_types=EVENTS):
    return services.register_endpoint(actor=admin, url=url, event_types=event_types, description="Broker system")


def notice_for(officer, org, capture):
    with capture(execute=True):
        return helpers.noticed(officer=officer, importer=org, basis="caatsa")


def test_a_delivery_survives_a_receiver_that_is_down_and_arrives_once_signed(
        officer, org_a, org_admin_a, receiver, django_capture_on_commit_callbacks):
    endpoint = register(org_admin_a, receiver.url)
    start = timezone.now()

    with time_machine.travel(start, tick=True) as clock:
        detention = notice_for(officer, org_a, django_capture_on_commit_callbacks)  # first attempt: refused
        row = WebhookDelivery.objects.get(endpoint=endpoint)
        assert (row.status, row.attempts, row.event_type) == ("pending", 1, "notice.issued")

        assert delivery.relay_due() == 0  # the retry waits its backoff (1 minute)
        clock.shift(datetime.timedelta(seconds=61))
        assert delivery.relay_due() == 0  # second attempt, still down; the next waits 2 minutes
        row.refresh_from_db()
        assert (row.status, row.attempts) == ("pending", 2)

        receiver.start()
        clock.shift(datetime.timedelta(seconds=121))
        assert delivery.relay_due() == 1
        arrived_at = int(timezone.now().timestamp())
        clock.shift(datetime.timedelta(hours=1))
        assert delivery.relay_due() == 0  # nothing is sent again

    assert len(receiver.received) == 1
    request = receiver.received[0]
    assert signing.verify(endpoint.secret, request["headers"], request["body"], now=arrived_at)
    assert not signing.verify("whsec_" + "A" * 32, request["headers"], request["body"], now=arrived_at)
    assert request["headers"]["webhook-id"] == str(row.event_id)
    assert request["json"]["type"] == "notice.issued"
    assert request["json"]["data"]["detention"]["id"] == detention.pk
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("delivered", 3)
    assert [(a.number, a.response_status is None) for a in row.attempt_log.all()] == [(1, True), (2, True), (3, False)]


def test_a_signature_outside_the_replay_window_is_refused():
    secret = signing.new_secret()
    headers = signing.headers(secret, "evt-1", 1_000_000, b"{}")

    assert signing.verify(secret, headers, b"{}", now=1_000_000 + 299)
    assert not signing.verify(secret, headers, b"{}", now=1_000_000 + 301)
    assert not signing.verify(secret, headers, b'{"x":1}', now=1_000_000)


def test_only_the_organisations_own_events_reach_its_endpoint(
        officer, org_a, org_b, org_admin_a, org_admin_b, receiver, django_capture_on_commit_callbacks):
    receiver.start()
    register(org_admin_a, receiver.url)
    register(org_admin_b, receiver.url + "/bravo")

    notice_for(officer, org_a, django_capture_on_commit_callbacks)

    assert [r["headers"]["host"] for r in receiver.received] == [f"127.0.0.1:{receiver.port}"]
    assert WebhookDelivery.objects.filter(endpoint__organisation=org_b).count() == 0
    assert WebhookDelivery.objects.get().endpoint.organisation == org_a


def test_an_event_type_the_endpoint_did_not_choose_is_not_sent(
        officer, org_a, org_admin_a, receiver, django_capture_on_commit_callbacks):
    receiver.start()
    register(org_admin_a, receiver.url, event_types=["rfi.sent"])

    notice_for(officer, org_a, django_capture_on_commit_callbacks)

    assert receiver.received == [] and not WebhookDelivery.objects.exists()


def test_notifications_to_agency_staff_are_never_sent_to_the_organisation(
        officer, supervisor, org_a, org_admin_a, receiver, django_capture_on_commit_callbacks):
    receiver.start()
    register(org_admin_a, receiver.url, event_types=[value for value, _ in services.EventType.choices])

    with django_capture_on_commit_callbacks(execute=True):
        helpers.proposed(officer=officer, outcome="release", basis="caatsa", importer=org_a)

    sent_types = {r["json"]["type"] for r in receiver.received}
    assert "decision.taken" not in sent_types  # a proposal is internal until a supervisor approves it
    assert Notification.objects.filter(kind="decision_proposed").exists()


def test_an_endpoint_that_keeps_failing_is_paused_and_its_owner_told(
        officer, org_a, org_admin_a, receiver, settings, django_capture_on_commit_callbacks):
    settings.WEBHOOKS_PAUSE_AFTER_FAILURES = 2
    endpoint = register(org_admin_a, receiver.url)  # never started: every attempt fails

    with time_machine.travel(timezone.now(), tick=True) as clock:
        notice_for(officer, org_a, django_capture_on_commit_callbacks)
        clock.shift(datetime.timedelta(seconds=61))
        with django_capture_on_commit_callbacks(execute=True):
            delivery.relay_due()
        endpoint.refresh_from_db()
        assert endpoint.status == "paused"
        clock.shift(datetime.timedelta(days=1))
        assert delivery.relay_due() == 0  # paused: nothing is attempted

    assert WebhookDelivery.objects.get().attempts == 2
    told = Notification.objects.get(kind="webhook_paused")
    assert told.recipient == org_admin_a and receiver.url in told.body
    assert AuditEvent.objects.filter(action="pause_webhook", object_id=str(endpoint.pk)).count() == 1

    receiver.start()
    with django_capture_on_commit_callbacks(execute=True):
        services.resume_endpoint(actor=org_admin_a, endpoint=endpoint)
    assert len(receiver.received) == 1
    assert WebhookDelivery.objects.get().status == "delivered"


def test_a_receiver_answering_500_is_retried_with_growing_waits(
        officer, org_a, org_admin_a, receiver, django_capture_on_commit_callbacks):
    receiver.answer = 500
    receiver.start()
    register(org_admin_a, receiver.url)

    with time_machine.travel(timezone.now(), tick=False):
        notice_for(officer, org_a, django_capture_on_commit_callbacks)
        row = WebhookDelivery.objects.get()
        waited = row.next_attempt_at - timezone.now()

    assert row.status == "pending" and row.last_error == "HTTP 500"
    assert datetime.timedelta(seconds=59) <= waited <= datetime.timedelta(seconds=61)
    assert [delivery.backoff(n).total_seconds() for n in (1, 2, 3, 12)] == [60, 120, 240, 6 * 3600]
