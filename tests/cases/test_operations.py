"""Probes, metrics and JSON logs for operations (config/operations.py)."""

import datetime
import json
import logging

import pytest
from django.core.files.storage import storages

from cases.middleware import RequestIdFilter, current_request_id
from tests.cases import helpers

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_checking_dependencies(client):
    response = client.get("/health/live/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200


def test_readiness_checks_the_database_and_the_evidence_store(client):
    response = client.get("/health/ready/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    checks = json.loads(response.content)
    assert any("Database" in name for name in checks) and any("EvidenceStore" in name for name in checks)


def test_readiness_fails_when_the_evidence_store_is_unreachable(client, monkeypatch):
    def unreachable(name):
        raise ConnectionError("no route to the bucket")

    monkeypatch.setattr(storages["evidence"], "exists", unreachable)

    response = client.get("/health/ready/", HTTP_ACCEPT="application/json")

    assert response.status_code == 500
    assert "Evidence store unreachable" in response.content.decode()


def test_readiness_fails_when_clamd_does_not_answer(client, settings, tmp_path):
    settings.EVIDENCE_SCANNER = "clamav"
    settings.EVIDENCE_CLAMD_SOCKET = str(tmp_path / "no-clamd.sock")

    response = client.get("/health/ready/", HTTP_ACCEPT="application/json")

    assert response.status_code == 500
    assert "clamd unreachable" in response.content.decode()


def test_metrics_count_the_clocks_waiting_for_the_sweep(client, officer):
    # Built 10 days ago and never swept: its 5-business-day notice clock is past due today.
    with helpers.as_of(datetime.date.today() - datetime.timedelta(days=10)):
        helpers.detained(officer=officer)

    body = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()

    assert "cases_sweep_due_rows 1.0" in body
    assert "cases_outbox_pending" in body and "evidence_scan_pending" in body
    assert "django_http_requests_total_by_method_total" in body


def test_metrics_are_refused_to_other_callers_without_the_token(client, settings):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404

    settings.METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9",
                      HTTP_AUTHORIZATION="Bearer s3cret-token").status_code == 200


def test_json_log_lines_carry_the_request_id():
    from pythonjsonlogger.json import JsonFormatter

    formatter = JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s")
    record = logging.LogRecord("cases", logging.INFO, __file__, 1, "Clock swept", None, None)
    token = current_request_id.set("4f1c2a9e")
    try:
        RequestIdFilter().filter(record)
    finally:
        current_request_id.reset(token)

    line = json.loads(formatter.format(record))
    assert line["request_id"] == "4f1c2a9e" and line["message"] == "Clock swept"
