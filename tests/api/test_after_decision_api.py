"""Seizures, seizure petitions, dispositions and redeliveries through the API: actions, refusals, scope,
bounded lists, and a schemathesis run over these endpoints only."""

import datetime
import os

import pytest
import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, settings

from cases.models import Seizure
from cases.services.accounts import mint_token
from tests.api.conftest import client_for
from tests.cases import helpers
from tests.cases import seizure_builders as sb
from tests.evidence.conftest import evidence_storage  # noqa: F401 - autouse: files under tmp_path

pytestmark = pytest.mark.django_db

NEW_LISTS = ["seizures", "seizure-petitions", "dispositions", "redeliveries"]


@pytest.fixture
def people(officer, supervisor, importer_a):
    return {"officer": officer, "supervisor": supervisor, "importer": importer_a}


def test_officer_records_a_seizure_and_the_importer_petitions(people, officer2):
    seizure = sb.seized(people)
    officer_api, importer_api = client_for(people["officer"]), client_for(people["importer"])
    answer = officer_api.get(f"/api/v1/seizures/{seizure.pk}/")
    assert answer.json()["allowed_actions"] == ["record"]
    body = {"goods_description": "Gloves", "quantity": "1,200 cartons", "appraised_value": "12000.00",
            "storage_location": "CES 2704", "custody_receipt_number": "6051S-1"}
    answer = officer_api.post(f"/api/v1/seizures/{seizure.pk}/record/", body, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "noticed"
    assert set(importer_api.get(f"/api/v1/seizures/{seizure.pk}/").json()["allowed_actions"]) == {
        "file-petition", "file-claim", "abandon"}
    answer = importer_api.post(f"/api/v1/seizures/{seizure.pk}/file-petition/",
                               {"kind": "petition", "grounds": "Audited plant."}, format="json")
    assert answer.status_code == 201, answer.content
    petition_id = answer.json()["id"]
    answer = client_for(officer2).post(f"/api/v1/seizure-petitions/{petition_id}/propose-decision/",
                                       {"outcome": "grant", "reasons": "Shown.", "disposition": "export",
                                        "conditions": "Export within 30 days."}, format="json")
    assert answer.status_code == 200, answer.content
    answer = client_for(people["supervisor"]).post(f"/api/v1/seizure-petitions/{petition_id}/approve-decision/")
    assert answer.json()["status"] == "granted"
    assert Seizure.objects.get(pk=seizure.pk).status == "remitted"


def test_refused_transition_answers_409_with_the_reason_and_changes_nothing(people):
    seizure = sb.seizure_in("noticed", people)
    answer = client_for(people["officer"]).post(f"/api/v1/seizures/{seizure.pk}/publish-intent-to-forfeit/", {},
                                                format="json")
    assert answer.status_code == 409
    assert "election period runs until" in answer.content.decode()
    assert Seizure.objects.get(pk=seizure.pk).status == "noticed"


def test_wrong_role_answers_403(people):
    seizure = sb.seizure_in("noticed", people)
    answer = client_for(people["officer"]).post(f"/api/v1/seizures/{seizure.pk}/abandon/", {}, format="json")
    assert answer.status_code == 403


@pytest.mark.parametrize("value", ["0", "-1"])
def test_value_that_is_not_positive_answers_400(people, value):
    seizure = sb.seized(people)
    body = {"goods_description": "Gloves", "quantity": "1", "appraised_value": value, "storage_location": "CES",
            "custody_receipt_number": "R"}
    answer = client_for(people["officer"]).post(f"/api/v1/seizures/{seizure.pk}/record/", body, format="json")
    assert answer.status_code == 400
    assert "positive amount" in answer.content.decode()
    assert Seizure.objects.get(pk=seizure.pk).status == "awaiting_record"


def test_destruction_without_a_witness_answers_400(people):
    disposition = sb.disposition_in("pending", people)
    answer = client_for(people["officer"]).post(f"/api/v1/dispositions/{disposition.pk}/record-destruction/",
                                                {"destruction_method": "Shredded", "witness_name": ""}, format="json")
    assert answer.status_code == 400
    assert "witness" in answer.content.decode()


def test_importer_never_sees_another_organisations_seizure_or_petition(people, importer_b):
    seizure = sb.seizure_in("noticed", people)
    petition = sb.petition(people, seizure)
    disposition = sb.disposition_in("pending", people)
    redelivery = sb.redelivery_in("demanded", people)
    other = client_for(importer_b)
    for path in (f"seizures/{seizure.pk}/", f"seizure-petitions/{petition.pk}/", f"dispositions/{disposition.pk}/",
                 f"redeliveries/{redelivery.pk}/"):
        assert other.get(f"/api/v1/{path}").status_code == 404, path
    assert other.post(f"/api/v1/seizures/{seizure.pk}/abandon/", {}, format="json").status_code == 404
    for name in NEW_LISTS:
        assert other.get(f"/api/v1/{name}/").json()["results"] == [], name
    own = client_for(people["importer"])
    assert own.get(f"/api/v1/seizure-petitions/{petition.pk}/").status_code == 200


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        answer = client.get(path)
    assert answer.status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", NEW_LISTS)
def test_new_lists_run_a_bounded_number_of_queries(people, name):
    client = client_for(people["officer"])
    client.get(f"/api/v1/{name}/")
    sb.petition(people, sb.seizure_in("noticed", people))
    sb.disposition_in("pending", people)
    sb.redelivery_in("demanded", people)
    one = _queries(client, f"/api/v1/{name}/")
    for _ in range(3):
        sb.petition(people, sb.seizure_in("noticed", people))
        sb.disposition_in("pending", people)
        sb.redelivery_in("demanded", people)
    assert _queries(client, f"/api/v1/{name}/") == one


# --- Schemathesis over the new endpoints ---------------------------------------------------------

CHECKS = [schemathesis.checks.not_a_server_error, schemathesis.checks.status_code_conformance,
          schemathesis.checks.content_type_conformance, schemathesis.checks.response_schema_conformance]
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "5"))
CONFIG = schemathesis.Config.from_dict({
    "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
    "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
})
NEW_PATHS = (r"^/api/v1/(seizures|seizure-petitions|dispositions|redeliveries)/"
             r"|^/api/v1/detentions/\{id\}/demand-redelivery/")

schema = schemathesis.pytest.from_fixture("after_decision_schema")


@pytest.fixture
def after_decision_schema(db, people, importer_b):
    for state in ("awaiting_record", "noticed", "petition_pending", "claim_filed"):
        sb.seizure_in(state, people)
    sb.disposition_in("pending", people)
    sb.disposition_in("exported", people)
    sb.redelivery_in("demanded", people)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        token = mint_token(actor=people["officer"], name="Fuzzing")[1]
        loaded = schemathesis.openapi.from_wsgi("/api/v1/schema/", WSGIHandler(), config=CONFIG,
                                                headers={"Authorization": f"Token {token}"})
        yield loaded.include(path_regex=NEW_PATHS)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.fuzz
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_new_endpoints_never_answer_with_a_server_error(case, people, importer_b):
    for user in (people["officer"], people["supervisor"], people["importer"], importer_b):
        cache.clear()
        token = mint_token(actor=user, name="Fuzzing")[1]
        case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)


def test_a_seized_detention_offers_no_forfeiture_or_release_of_its_own(people):
    # docs/seizure.md: forfeiture and release from seizure follow from the seizure record's transitions.
    seizure = sb.seized(people)
    detention = client_for(people["supervisor"]).get(f"/api/v1/detentions/{seizure.detention_id}/").json()
    assert not {"record-forfeiture", "release-from-seizure"} & set(detention["allowed_actions"])


# The deprecated detention paths (docs/api-changelog.md "Seizure shortcuts") answer as the seizure record's acts:
# (path, seizure state, who, expected status, words of the answer, detention state after).
DEPRECATED_PATHS = [
    ("record-forfeiture", "awaiting_record", "supervisor", 409, "Cannot declare forfeiture", "seized"),
    ("record-forfeiture", "noticed", "supervisor", 409, "Cannot declare forfeiture", "seized"),
    ("record-forfeiture", "noticed", "officer", 403, "Supervisor", "seized"),
    ("record-forfeiture", "past_claim_period", "supervisor", 200, "forfeited", "forfeited"),
    ("release-from-seizure", "noticed", "supervisor", 409, "171.21", "seized"),
    ("release-from-seizure", "petition_pending", "supervisor", 409, "171.21", "seized"),
    ("release-from-seizure", "noticed", "officer", 403, "Supervisor", "seized"),
]


@pytest.mark.parametrize(("path", "state", "who", "status", "words", "after"), DEPRECATED_PATHS)
def test_deprecated_detention_paths_act_only_through_the_seizure_record(people, path, state, who, status, words,
                                                                       after):
    if state == "past_claim_period":
        back = helpers.days_ago(80)
        seizure = sb.record(people, sb.seized(people, on=back), on=back)
        sb.publish(people, seizure, on=back + datetime.timedelta(days=35))
    else:
        seizure = sb.seizure_in(state, people)
    answer = client_for(people[who]).post(f"/api/v1/detentions/{seizure.detention_id}/{path}/",
                                          {"reason": "Declaration 2026-7."}, format="json")
    assert answer.status_code == status, answer.content
    assert words in answer.content.decode()
    assert answer["Deprecation"] == f"@{_epoch(2026, 12, 7)}"
    assert answer["Sunset"] == "Wed, 30 Jun 2027 00:00:00 GMT"
    assert Seizure.objects.get(pk=seizure.pk).detention.status == after


def _epoch(*day):
    return int(datetime.datetime(*day, tzinfo=datetime.UTC).timestamp())
