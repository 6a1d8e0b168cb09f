import pytest

from tests import factories


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness protects stored passwords; test users need none (about 0.3 s per user).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def org_a():
    return factories.ImporterOrganisationFactory(name="Alpha Imports LLC")


@pytest.fixture
def org_b():
    return factories.ImporterOrganisationFactory(name="Bravo Trading Co.")


@pytest.fixture
def officer():
    return factories.UserFactory(role="officer", username="officer", first_name="Ana", last_name="Ruiz")


@pytest.fixture
def officer2():
    return factories.UserFactory(role="officer", username="officer2", first_name="Ben", last_name="Cole")


@pytest.fixture
def supervisor():
    return factories.UserFactory(role="supervisor", username="supervisor", first_name="Sam", last_name="Diaz")


@pytest.fixture
def admin_user():
    return factories.UserFactory(role="admin", username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def importer_a(org_a):
    return factories.UserFactory(role="importer", organisation=org_a, username="importer")


@pytest.fixture
def importer_b(org_b):
    return factories.UserFactory(role="importer", organisation=org_b, username="importer2")
