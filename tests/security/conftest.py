import pytest
from django.core.cache import cache

from tests.api.builders import World
from tests.evidence.conftest import evidence_storage  # noqa: F401 - autouse: evidence files under tmp_path

# The audit, header and upload replays sign staff in with the password only, like the rest of the suite.
_PASSWORD_ONLY_MODULES = {"test_audit_events", "test_headers", "test_uploads"}


@pytest.fixture(autouse=True)
def _fresh_throttles_and_two_factor_on(settings, request):
    # Throttle counts live in the cache; django-axes counts in the database (rolled back per test).
    cache.clear()
    if request.module.__name__.rsplit(".", 1)[-1] not in _PASSWORD_ONLY_MODULES:
        settings.ACCOUNTS_STAFF_TWO_FACTOR = True  # the production rule (tests/conftest.py turns it off elsewhere)
    yield
    cache.clear()


@pytest.fixture
def world(officer, supervisor, admin_user, importer_a, importer_b, org_a, org_b):
    return World(officer, supervisor, admin_user, importer_a, importer_b, org_a, org_b)
