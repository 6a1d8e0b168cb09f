"""The actions offered to each role in each state are the hand-written tables' edges (tests/cases/expected_tables).

`allowed_actions` is what the pages and the API offer. On a case with nothing pending (no proposal, no protest,
no package filed after a deemed exclusion, a UFLPA basis) the guards that need something pending refuse:
approving or sending back needs a proposal (domain.md section 4), the review after a deemed exclusion needs a
filed package, abandonment needs a WRO (19 CFR 12.44(a)), accelerated disposition needs 90 days (19 CFR 174.22(a)).
"""

import pytest

from cases.actors import SYSTEM
from cases.models import Detention, Protest
from cases.workflows import allowed_actions
from tests.cases import helpers
from tests.cases.expected_tables import detention as detention_table
from tests.cases.expected_tables import protest as protest_table

pytestmark = pytest.mark.django_db

# Also refusing here: the seizure under a later Finding (off by default, and this UFLPA case has no Finding).
REFUSING_WITH_NOTHING_PENDING = {"has_pending_decision", "basis_is_wro", "accelerated_disposition_open",
                                 "protest_proposal_pending", "seizure_after_later_finding_on"}


def _refusing(state):
    # The review of a case with no package filed starts only in submission_received (a package was just filed).
    return REFUSING_WITH_NOTHING_PENDING | ({"filed_package_waiting"} if state != "submission_received" else set())


def _expected(table, role, state):
    return {action for action, e in table.EXPECTED.items()
            if not e.internal and role in e.roles and state in e.sources and not set(e.guards) & _refusing(state)}


@pytest.fixture
def people(officer, supervisor, importer_a, admin_user):
    return {"officer": officer, "supervisor": supervisor, "importer": importer_a, "admin": admin_user,
            "system": SYSTEM}


def test_each_role_is_offered_the_detention_actions_of_the_hand_table_in_each_state(people, officer, importer_a):
    detention = helpers.noticed(officer=officer, importer=importer_a.organisation, basis="uflpa")
    for state in sorted(detention_table.EVERY_STATE):
        Detention.objects.filter(pk=detention.pk).update(status=state)
        case = Detention.objects.get(pk=detention.pk)
        for role, who in people.items():
            assert set(allowed_actions(who, case)) == _expected(detention_table, role, state), (state, role)


def test_an_importer_of_another_organisation_is_offered_nothing(officer, importer_a, importer_b):
    detention = helpers.noticed(officer=officer, importer=importer_a.organisation, basis="uflpa")
    assert allowed_actions(importer_b, detention) == []


def test_a_suspended_organisation_is_offered_nothing(officer, importer_a):
    detention = helpers.noticed(officer=officer, importer=importer_a.organisation, basis="uflpa")
    assert "elect_export" in allowed_actions(importer_a, detention)
    importer_a.organisation.is_active = False
    importer_a.organisation.save()
    assert allowed_actions(importer_a, detention) == []


def test_each_role_is_offered_the_protest_actions_of_the_hand_table(people, officer, supervisor, importer_a):
    filed = helpers.protest_in("filed", officer=officer, supervisor=supervisor, importer_user=importer_a)
    for role, who in people.items():
        protest = Protest.objects.get(pk=filed.pk)
        assert set(allowed_actions(who, protest)) == _expected(protest_table, role, "filed"), role
