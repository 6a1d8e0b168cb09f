import pytest

from cases.screening.list_services import load_shipped_lists


@pytest.fixture
def lists(admin_user):
    """The reference lists the repository ships, loaded as an administrator would."""
    load_shipped_lists(actor=admin_user)
