import pytest


@pytest.fixture(autouse=True)
def evidence_storage(isolated_evidence_storage):
    """Portal uploads are stored under the test's own directories, scanner off, tasks inline."""
    return isolated_evidence_storage
