"""Fuzz the running API against its own OpenAPI schema, as an officer and as an importer.

Every operation of /api/v1/schema/ is called with generated requests (max_examples per operation,
no deadline) through the WSGI application, on a database holding a few cases in several states:
no answer may be a server error, and every answer must conform to the schema (status code, content
type, headers, body). The number of cases run is reported at the end of the run.
"""

import collections
import os

import pytest
import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from cases.services.accounts import mint_token
from tests.api import builders as b
from tests.evidence.conftest import evidence_storage  # noqa: F401 - autouse: files under tmp_path

CHECKS = [schemathesis.checks.not_a_server_error, schemathesis.checks.status_code_conformance,
          schemathesis.checks.content_type_conformance, schemathesis.checks.response_headers_conformance,
          schemathesis.checks.response_schema_conformance]
# Examples and fuzzing phases, positive and negative data, 5 examples per operation. The coverage phase
# (every boundary value the schema defines, about 30,000 calls and 5 minutes here) is left to a deeper run:
# FUZZ_COVERAGE=true turns it on, FUZZ_MAX_EXAMPLES raises the examples per operation.
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "5"))
CONFIG = schemathesis.Config.from_dict({
    "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
    "phases": {"coverage": {"enabled": os.environ.get("FUZZ_COVERAGE", "false") == "true"},
               "stateful": {"enabled": False}},
})
CASES_RUN: collections.Counter = collections.Counter()

schema = schemathesis.pytest.from_fixture("live_schema")


@pytest.fixture
def world(officer, supervisor, admin_user, importer_a, importer_b, org_a, org_b):
    return b.World(officer, supervisor, admin_user, importer_a, importer_b, org_a, org_b)


@pytest.fixture
def live_schema(db, world):
    # A few cases in different states, so generated ids also reach real objects and their actions.
    b.open_rfi(world)
    b.filed_package(world)
    b.filed_protest(world)
    b.proposed(world)
    b.draft(world)
    b.pending_shipment(world)
    b.importer_window(world)
    b.investigation(world, status="under_investigation", assigned=True)
    b.draft_wro(world)
    b.evidence_file(world)
    # The test's transaction must outlive each request: keep Django from closing the connection at the
    # start and end of a request, as its own test client does (SQLite in memory forgives it; a file or
    # PostgreSQL does not).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        # The schema is served to signed-in callers only: fetch it with the officer's token.
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/", WSGIHandler(), config=CONFIG,
                                             headers={"Authorization": f"Token {token_of(world.officer)}"})
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def token_of(user) -> str:
    # A fresh token per example: a generated DELETE /api/v1/auth/token/ revokes the one it was sent with.
    return mint_token(actor=user, name="Fuzzing")[1]


def call_and_check(case, caller: str, token: str) -> None:
    # Generated calls come in bursts; the throttle would answer 429 (documented, but it hides the rest).
    cache.clear()
    CASES_RUN[caller] += 1
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)


@pytest.mark.fuzz
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_an_officer_as_documented_and_never_with_a_server_error(case, world):
    call_and_check(case, "officer", token_of(world.officer))


@pytest.mark.fuzz
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_an_importer_as_documented_and_never_with_a_server_error(case, world):
    call_and_check(case, "importer", token_of(world.importer_a))
