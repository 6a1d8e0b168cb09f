import os

import pytest

from evidence.models import ScanStatus
from evidence.scanning import ScanResult
from tests.evidence import support


@pytest.fixture(autouse=True)
def evidence_storage(isolated_evidence_storage):
    """Each test stores evidence under its own temporary directories, scanner off, tasks inline."""
    return isolated_evidence_storage


class FakeInfectedScanner:
    """Stands in for clamd (an external boundary) where a test needs an infected verdict without it."""

    name = "fake"

    def scan(self, stream):
        data = stream.read()
        if support.eicar() in data:
            return ScanResult(ScanStatus.INFECTED, "Malware found: Test.EICAR.FAKE.")
        return ScanResult(ScanStatus.CLEAN, "No malware found (fake scanner).")


@pytest.fixture
def infected_scanner(monkeypatch):
    monkeypatch.setattr("evidence.screening.scanner", lambda: FakeInfectedScanner())


@pytest.fixture
def clamd_socket(settings):
    """clamd started by .ci/clamav.sh; required (not skipped) when CI=true."""
    path = os.environ.get("CLAMD_SOCKET", "")
    if not path:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CLAMD_SOCKET is not set under CI=true: .ci/run must start clamd (.ci/clamav.sh).")
        pytest.skip("clamd not running (set CLAMD_SOCKET; see .ci/clamav.sh)")
    settings.EVIDENCE_SCANNER = "clamav"
    settings.EVIDENCE_CLAMD_SOCKET = path
    return path


@pytest.fixture
def draft(officer, importer_a):
    return support.draft_submission(officer=officer, importer_user=importer_a)


def login(client, user):
    client.force_login(user)
    return client
