import pytest

from tests.cases import helpers


@pytest.fixture
def detention(officer, org_a):
    """A detained shipment at port 1001, assigned to the officer who detained it."""
    return helpers.detained(officer=officer, basis="caatsa", importer=org_a)


@pytest.fixture
def staff_client(client, officer):
    client.force_login(officer)
    return client
