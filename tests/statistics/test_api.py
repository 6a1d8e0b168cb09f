"""/api/v1/statistics/: the public subset without a token, the rest for agency staff only."""

import pytest
from django.core.cache import cache
from django.core.management import call_command

from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()  # throttle counters live in the cache


def test_the_public_statistics_answer_without_a_token(records):
    response = client_for(None).get("/api/v1/statistics/public/", {"fiscal_year": 2026})
    assert response.status_code == 200
    body = response.json()
    assert body["totals"]["rows"][0]["total"] == 8
    assert {r["key"]: r["total"] for r in body["by_country"]["rows"]}["MY"] is None  # one shipment: suppressed
    assert "Alpha Imports LLC" not in response.content.decode()


def test_the_staff_statistics_refuse_anonymous_callers_and_importers(records, importer_a):
    assert client_for(None).get("/api/v1/statistics/").status_code == 401
    response = client_for(importer_a).get("/api/v1/statistics/")
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "This part of the API is for agency staff only."


def test_the_staff_statistics_take_every_filter(records, officer):
    response = client_for(officer).get("/api/v1/statistics/", {
        "fiscal_year": 2026, "port": "5201", "importer": records["org_b"].pk})
    assert response.status_code == 200
    body = response.json()
    assert body["totals"]["count"] == 2  # the WRO case of 15 Oct 2025 and the deemed exclusion of 5 Mar 2026
    assert {c["kind"]: c["late"] for c in body["clocks"]}["detention_notice"] == 1


def test_a_bad_filter_is_a_400_naming_the_field(officer):
    response = client_for(officer).get("/api/v1/statistics/", {"fiscal_year": 2026, "industry": "toys"})
    assert response.status_code == 400
    assert "industry" in response.json()["error"]["fields"]
    response = client_for(None).get("/api/v1/statistics/public/", {"month": 13, "fiscal_year": 2026})
    assert response.status_code == 400 and "month" in response.json()["error"]["fields"]


def test_the_schema_documents_both_statistics_operations(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    text = (tmp_path / "schema.yml").read_text()
    assert "/api/v1/statistics/:" in text and "/api/v1/statistics/public/:" in text
    assert "fiscal_year" in text and "importer" in text
