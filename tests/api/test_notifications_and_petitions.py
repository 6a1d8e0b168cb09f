"""Notifications marked read and modification petitions listed and filed through the API."""

import datetime

import pytest

from cases.models import AuditEvent, ModificationPetition, Notification
from tests import factories
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

RECEIVED = datetime.date(2026, 3, 2)


def notification_for(user, subject="Notice issued"):
    return Notification.objects.create(recipient=user, kind="notice_issued", subject=subject, body="Body.",
                                       idempotency_key=f"test-{subject}-{user.pk}")


def test_the_recipient_marks_a_notification_read(importer_a):
    notification = notification_for(importer_a)

    response = client_for(importer_a).post(f"/api/v1/notifications/{notification.pk}/mark-read/", format="json")

    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_marking_read_twice_keeps_the_first_read_time(importer_a):
    notification = notification_for(importer_a)
    client = client_for(importer_a)

    first = client.post(f"/api/v1/notifications/{notification.pk}/mark-read/").json()["read_at"]
    second = client.post(f"/api/v1/notifications/{notification.pk}/mark-read/").json()["read_at"]

    assert first == second


def test_someone_elses_notification_is_404_and_stays_unread(importer_a, importer_b):
    notification = notification_for(importer_b)

    response = client_for(importer_a).post(f"/api/v1/notifications/{notification.pk}/mark-read/")

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_marks_only_the_callers_unread_notifications(importer_a, importer_b):
    mine = [notification_for(importer_a, f"n{i}") for i in range(3)]
    theirs = notification_for(importer_b, "theirs")

    response = client_for(importer_a).post("/api/v1/notifications/mark-all-read/")

    assert response.status_code == 200
    assert response.json() == {"marked": 3}
    assert Notification.objects.filter(pk__in=[n.pk for n in mine], read_at__isnull=True).count() == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_staff_file_a_petition_for_an_exemption_and_it_is_audited(officer):
    wro = factories.WroFactory()

    response = client_for(officer).post("/api/v1/orders/petitions/", {
        "wro": wro.pk, "petitioner": "Glove Co.", "grounds": "Remediated after an audit.",
        "exempt_producer": wro.entity_id, "submitted_on": RECEIVED.isoformat()}, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["wro"], body["finding"], body["status"], body["exempt_producer"]) == (
        wro.pk, None, "submitted", wro.entity_id)
    petition = ModificationPetition.objects.get(pk=body["id"])
    assert AuditEvent.objects.filter(action="submit_petition", object_id=str(petition.pk)).count() == 1


def test_a_petition_naming_both_or_neither_order_is_400_and_nothing_is_filed(officer):
    wro, finding = factories.WroFactory(), factories.FindingFactory()
    base = {"petitioner": "Glove Co.", "grounds": "Remediated.", "full_revocation": True,
            "submitted_on": RECEIVED.isoformat()}

    both = client_for(officer).post("/api/v1/orders/petitions/", {**base, "wro": wro.pk, "finding": finding.pk})
    neither = client_for(officer).post("/api/v1/orders/petitions/", base)

    assert both.status_code == neither.status_code == 400
    assert "wro" in both.json()["error"]["fields"]
    assert not ModificationPetition.objects.exists()


def test_the_services_rules_reach_the_caller_as_field_errors(officer):
    wro = factories.WroFactory()

    response = client_for(officer).post("/api/v1/orders/petitions/", {
        "wro": wro.pk, "petitioner": "Glove Co.", "grounds": "Remediated.", "submitted_on": RECEIVED.isoformat()})

    assert response.status_code == 400
    assert "exempt_producer" in response.json()["error"]["fields"]


def test_importers_can_neither_list_nor_file_petitions(importer_a):
    wro = factories.WroFactory()
    factories.ModificationPetitionFactory(wro=wro)
    client = client_for(importer_a)

    listed = client.get("/api/v1/orders/petitions/")
    filed = client.post("/api/v1/orders/petitions/", {"wro": wro.pk, "petitioner": "Us", "grounds": "Clean.",
                                                       "full_revocation": True, "submitted_on": RECEIVED.isoformat()})

    assert listed.status_code == filed.status_code == 403
    assert ModificationPetition.objects.count() == 1


def test_petitions_list_filters_by_status_and_order_in_bounded_queries(officer, django_assert_max_num_queries):
    wro = factories.WroFactory()
    for _ in range(5):
        factories.ModificationPetitionFactory(wro=wro)
    factories.ModificationPetitionFactory(wro=factories.WroFactory())
    client = client_for(officer)
    client.get("/api/v1/orders/petitions/")  # a token's first use records its last-use time (at most once a minute)

    # The token with its user, the count, the page.
    with django_assert_max_num_queries(3):
        response = client.get(f"/api/v1/orders/petitions/?wro={wro.pk}&status=submitted")

    assert response.status_code == 200
    assert response.json()["count"] == 5
