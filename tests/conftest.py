import tempfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from tests import factories


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness protects stored passwords; test users need none (about 0.3 s per user).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _staff_sign_in_without_a_second_factor(settings):
    # Staff must give a one-time code after the password (cases.accounts). Tests that are not about signing
    # in use force_login or the login form with the password only; tests/security turn the rule back on.
    settings.ACCOUNTS_STAFF_TWO_FACTOR = False


@pytest.fixture(autouse=True)
def _isolated_audit_checkpoints(settings, tmp_path):
    # Signed audit checkpoints go to the test's own directory, never to var/ (cases/audit.py).
    settings.STORAGES = {
        **settings.STORAGES,
        "audit_checkpoints": {"BACKEND": "cases.checkpoint_storage.AppendOnlyFileSystemStorage",
                              "OPTIONS": {"location": tmp_path / "audit-checkpoints"}},
    }


@pytest.fixture(autouse=True)
def _stored_next_clock_matches_the_clock_rows(request):
    """After every test that used the database, each detention's stored next clock (kind, due date) equals
    the earliest open clock recomputed from its rows: whatever services the test ran (the clocks they opened,
    closed, lapsed, extended or moved), cases/services/deadlines.py kept the stored value right. Likewise the
    open-work tallies the triggers keep (cases/tallies.py) equal a recount from the detention and clock rows."""
    uses_db = request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server", "django_db_serialized_rollback"} & set(request.fixturenames))
    if uses_db:
        # Set the database up before this fixture, so it is still there when this fixture checks it.
        request.getfixturevalue("_django_db_helper")
    yield
    if not uses_db:
        return
    from django.db import connection

    if connection.connection is None or connection.needs_rollback:
        return
    from cases.services.deadlines import next_clock_drift

    drift = next_clock_drift(limit=5)
    assert not drift, f"stored next clock differs from the clock rows (id, stored, recomputed): {drift}"
    from cases.services.deadlines import hit_clock_drift

    drift = hit_clock_drift(limit=5)
    assert not drift, f"a hit's stored decide_by differs from its entry's open decision clock (id, stored, " \
                      f"recomputed): {drift}"
    from cases import tallies

    differences = tallies.drift(limit=5)
    assert not differences, f"open-work tallies differ from a recount ((measure, officer, basis, day), stored, " \
                            f"recounted): {differences}"


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


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request):
    """Reliability tests start worker processes that must open the test database too.

    SQLite's default test database lives in this process's memory, so when such tests are collected it is
    put in a file of its own (one per session, so concurrent runs do not share it). PostgreSQL needs nothing.
    """
    database = django_settings.DATABASES["default"]
    wants_shared = any(item.get_closest_marker("redis") for item in request.session.items)
    if wants_shared and database["ENGINE"].endswith("sqlite3") and not database.get("TEST", {}).get("NAME"):
        database.setdefault("TEST", {})["NAME"] = str(Path(tempfile.mkdtemp(prefix="flcm-db-")) / "test.sqlite3")


@pytest.fixture
def isolated_evidence_storage(settings, tmp_path):
    """Evidence stored under the test's own temporary directories, scanner off, tasks inline."""
    root = tmp_path / "evidence"
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    settings.EVIDENCE_ROOT = root
    settings.EVIDENCE_UPLOAD_TEMP_DIR = incoming
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                     "OPTIONS": {"location": root, "file_permissions_mode": 0o600,
                                 "directory_permissions_mode": 0o700}},
    }
    settings.EVIDENCE_SCANNER = "none"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    return root
