"""Findings replayed: downloads and notification reads wrote no audit event; a production configuration
could keep the public development audit key."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from cases.models import AuditEvent, Notification
from tests.api import builders as b
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(officer, supervisor, admin_user, importer_a, importer_b, org_a, org_b):
    return b.World(officer, supervisor, admin_user, importer_a, importer_b, org_a, org_b)


def test_an_evidence_download_is_in_the_audit_trail(world):
    evidence_file = b.evidence_file(world)

    response = client_for(world.officer).get(f"/api/v1/evidence/{evidence_file.pk}/download/",
                                             HTTP_ACCEPT="application/pdf")

    assert response.status_code == 200
    event = AuditEvent.objects.get(action="download_evidence", object_type="evidencefile",
                                   object_id=str(evidence_file.pk))
    assert event.actor == world.officer and event.after["sha256"] == evidence_file.sha256
    assert "no-store" in response["Cache-Control"]


def test_reading_a_notification_is_audited_once(client, officer):
    note = Notification.objects.create(recipient=officer, kind="decision_proposed", subject="Decision to approve",
                                       body="x", idempotency_key="k-1")
    client.force_login(officer)

    client.post(f"/inbox/{note.pk}/read/")
    client.post(f"/inbox/{note.pk}/read/")

    events = AuditEvent.objects.filter(action="read_notification", object_id=str(note.pk))
    assert events.count() == 1 and events.get().actor == officer


def test_marking_all_notifications_read_records_which(client, officer, supervisor):
    mine = [Notification.objects.create(recipient=officer, kind="k", subject="s", body="b", idempotency_key=f"m{n}")
            for n in range(2)]
    Notification.objects.create(recipient=supervisor, kind="k", subject="s", body="b", idempotency_key="other")
    client.force_login(officer)

    client.post("/inbox/read-all/")

    event = AuditEvent.objects.get(action="read_all_notifications")
    assert sorted(event.after["notification_ids"]) == sorted(n.pk for n in mine)
    assert Notification.objects.get(idempotency_key="other").read_at is None


def test_check_deploy_refuses_the_public_development_audit_key(settings):
    settings.AUDIT_HMAC_KEYS = {settings.AUDIT_DEVELOPMENT_KEY_ID: settings.AUDIT_DEVELOPMENT_KEY}

    with pytest.raises(SystemCheckError, match="cases.E101"):
        call_command("check", "--deploy", "--tag", "security")


def test_check_deploy_accepts_a_long_secret_audit_key(settings):
    settings.AUDIT_HMAC_KEYS = {"2026-12": "9" * 64}
    from cases.audit_checks import audit_key_configured

    assert audit_key_configured(None) == []
