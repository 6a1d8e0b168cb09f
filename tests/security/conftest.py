import pytest
from django.core.cache import cache

from tests.api.builders import World


@pytest.fixture(autouse=True)
def _fresh_throttles_and_two_factor_on(settings):
    # Throttle counts live in the cache; django-axes counts in the database (rolled back per test).
    cache.clear()
    settings.ACCOUNTS_STAFF_TWO_FACTOR = True  # the production rule (tests/conftest.py turns it off elsewhere)
    yield
    cache.clear()


@pytest.fixture
def world(officer, supervisor, admin_user, importer_a, importer_b, org_a, org_b):
    return World(officer, supervisor, admin_user, importer_a, importer_b, org_a, org_b)
