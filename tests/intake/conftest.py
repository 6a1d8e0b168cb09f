"""Fixtures the intake tests share."""

import pytest

from tests import factories


@pytest.fixture
def importer_org():
    """The importer of record the entry files of tests/intake/support.py name (12-345678900)."""
    return factories.ImporterOrganisationFactory(importer_number="12-345678900")
