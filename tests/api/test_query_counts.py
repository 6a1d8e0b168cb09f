"""Every list runs a fixed number of queries, whatever the number of rows it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.api import builders as b
from tests.api.conftest import client_for
from tests.evidence.conftest import evidence_storage  # noqa: F401 - autouse: files under tmp_path

pytestmark = pytest.mark.django_db

LISTS = ["orders/wros", "orders/findings", "entities", "investigations", "shipments", "detentions", "submissions",
         "rfis", "decisions", "protests", "deadlines", "notifications", "evidence"]


@pytest.fixture
def world(officer, supervisor, admin_user, importer_a, importer_b, org_a, org_b):
    return b.World(officer, supervisor, admin_user, importer_a, importer_b, org_a, org_b)


def add_cases(w: b.World, count: int) -> None:
    """`count` of every kind of record, each in a state that shows its relations and actions."""
    for _ in range(count):
        b.open_rfi(w)
        b.filed_package(w)
        b.filed_protest(w)
        b.proposed(w)
        b.deemed_excluded(w)
        b.pending_shipment(w)
        b.investigation(w, status="under_investigation", assigned=True)
        factories.FindingFactory()
        b.evidence_file(w)


def queries_for(client, path: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    return len(captured), len(response.json()["results"])


STAFF_ONLY = ("entities", "investigations")
VIEWS = [(name, "officer") for name in LISTS] + [(name, "importer_a") for name in LISTS if name not in STAFF_ONLY]


@pytest.mark.parametrize(("name", "viewer"), VIEWS)
def test_a_list_runs_the_same_number_of_queries_for_one_case_and_for_four(world, name, viewer):
    client = client_for(world.user(viewer))
    client.get(f"/api/v1/{name}/")  # a token's first use records its last-use time (at most once a minute)
    add_cases(world, 1)
    few, shown_few = queries_for(client, f"/api/v1/{name}/")

    add_cases(world, 3)
    many, shown_many = queries_for(client, f"/api/v1/{name}/")

    assert shown_many > shown_few, "the second size must show more rows, or the comparison proves nothing"
    assert many == few


def test_the_timeline_runs_the_same_number_of_queries_for_a_short_and_a_long_history(world):
    client = client_for(world.officer)
    detention = b.detention(world)
    client.get(f"/api/v1/detentions/{detention.pk}/timeline/")  # the token's first use records its last-use time
    few, shown_few = queries_for(client, f"/api/v1/detentions/{detention.pk}/timeline/")
    for text in ("Called the broker.", "Broker sent invoices.", "Audit report requested."):
        client.post(f"/api/v1/detentions/{detention.pk}/add-note/", {"body": text})

    many, shown_many = queries_for(client, f"/api/v1/detentions/{detention.pk}/timeline/")

    assert shown_many > shown_few
    assert many == few


@pytest.mark.parametrize(("name", "viewer"), [("deadlines", "officer"), ("deadlines", "importer_a"),
                                              ("notifications", "importer_a")])
def test_cursor_pages_cost_the_same_queries_and_walk_every_row_once(world, name, viewer):
    client = client_for(world.user(viewer))
    client.get(f"/api/v1/{name}/")
    add_cases(world, 3)
    expected = client.get(f"/api/v1/{name}/?page_size=200").json()
    assert expected["count"] > 4, "too few rows for two cursor pages"

    seen, costs, path = [], [], f"/api/v1/{name}/?paging=cursor&page_size=2"
    while path:
        with CaptureQueriesContext(connection) as captured:
            page = client.get(path).json()
        costs.append(len(captured))
        assert "count" not in page
        seen += [row["id"] for row in page["results"]]
        path = page["next"]

    assert seen == [row["id"] for row in expected["results"]]
    assert len(set(costs)) == 1
