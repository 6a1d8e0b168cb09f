"""Who may call the screening API, for every kind of caller (the convention of tests/api/test_access_matrix.py:
401 anonymous; agency-internal resources 403 to importers; actions 403 to roles that may not act)."""

import datetime

import pytest

from cases.screening import engine
from cases.screening.list_services import load_shipped_lists
from cases.screening.models import ScreeningHit
from cases.screening.services import screen_shipment
from tests.api.conftest import client_for
from tests.factories import EntryLineFactory, ShipmentFactory

pytestmark = pytest.mark.django_db
ROLES = ("anonymous", "importer_a", "officer", "supervisor", "admin")


@pytest.fixture
def users(officer, supervisor, admin_user, importer_a):
    return {"anonymous": None, "importer_a": importer_a, "officer": officer, "supervisor": supervisor,
            "admin": admin_user}


def _hit(org):
    load_shipped_lists()
    shipment = ShipmentFactory(importer=org, country_of_origin="CN", hts_codes=["8504.40.9580"],
                               importation_date=datetime.date.today() - datetime.timedelta(days=3),
                               presentation_date=datetime.date.today() - datetime.timedelta(days=1), lines=[])
    EntryLineFactory(shipment=shipment, line_number=1, manufacturer_name="Camel Group Co., Ltd.",
                     country_of_origin="CN", hts_code="8504.40.9580")
    screen_shipment(shipment)
    return ScreeningHit.objects.get(shipment=shipment, list_code=engine.UFLPA_ENTITIES)


ROWS = [
    ("get", "/api/v1/screening/lists/", None, "401 403 200 200 200"),
    ("get", "/api/v1/screening/list-entries/", None, "401 403 200 200 200"),
    ("post", "/api/v1/screening/check/", {"manufacturer_name": "XPCC"}, "401 403 200 200 200"),
    ("get", "/api/v1/screening/hits/", None, "401 403 200 200 200"),
    ("get", "/api/v1/screening/hits/{id}/", None, "401 403 200 200 200"),
    ("post", "/api/v1/screening/hits/{id}/clear/", {"reason": "Another firm."}, "401 403 200 200 403"),
    ("post", "/api/v1/screening/hits/{id}/hold/", {}, "401 403 200 200 403"),
    ("post", "/api/v1/screening/hits/{id}/detain/", {}, "401 403 201 201 403"),
]
CELLS = [(n, role) for n in range(len(ROWS)) for role in ROLES]


@pytest.mark.parametrize(("row", "role"), CELLS, ids=[f"{ROWS[n][0]} {ROWS[n][1]}-{r}" for n, r in CELLS])
def test_screening_api_access(users, org_a, row, role):
    method, path, body, expect = ROWS[row]
    hit = _hit(org_a)
    client = client_for(users[role])
    answer = getattr(client, method)(path.format(id=hit.pk), body, format="json")
    assert answer.status_code == int(expect.split()[ROLES.index(role)]), answer.content.decode()[:300]
