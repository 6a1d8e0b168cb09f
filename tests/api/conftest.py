import sys

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from cases.services.accounts import mint_token


@pytest.fixture(autouse=True)
def _throttle_counts_start_at_zero():
    # Throttle counters live in the cache; each test starts with none spent.
    cache.clear()
    yield
    cache.clear()


def client_for(user) -> APIClient:
    """A system calling with `Authorization: Token ...`; no user: an anonymous caller."""
    client = APIClient()
    if user is not None:
        _, key = mint_token(actor=user, name="Test client")
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def api():
    return client_for


def pytest_terminal_summary(terminalreporter):
    """Report how many generated requests the schemathesis run made (tests/api/test_schemathesis.py)."""
    fuzz = sys.modules.get("tests.api.test_schemathesis")
    if fuzz is not None and fuzz.CASES_RUN:
        counts = ", ".join(f"{caller} {count}" for caller, count in sorted(fuzz.CASES_RUN.items()))
        terminalreporter.write_line(f"schemathesis: {sum(fuzz.CASES_RUN.values())} cases run ({counts})")
