"""Search reads each kind of match (entry numbers, importer names, producer names, WRO and Finding
references) through its own query limited to the page, then merges: the page must be the same as the one
query over every kind of match, and its number of queries must not grow with the matches."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from cases import queries
from cases.models import OPEN_DETENTION_STATUSES, Detention
from cases.services import detentions as detention_services
from cases.services.support import today
from cases.views import search
from tests import factories

pytestmark = pytest.mark.django_db


def case(officer, label, *, days_ago, entry, importer, producer, basis="caatsa", **kw):
    presented = today() - datetime.timedelta(days=days_ago)
    shipment = factories.ShipmentFactory(entry_number=entry, importer=importer, producer=producer,
                                         importation_date=presented - datetime.timedelta(days=1),
                                         presentation_date=presented)
    detention = detention_services.detain_shipment(actor=officer, shipment=shipment, basis=basis,
                                                   detained_on=presented, **kw)
    detention.label = label
    return detention


@pytest.fixture
def hand_made(officer):
    """Six detentions matching "zq" (each by one kind of match) and one that does not."""
    zqua = factories.ImporterOrganisationFactory(name="Zqua Imports LLC")
    plain = factories.ImporterOrganisationFactory(name="Harbor Goods Inc")
    zq_rubber = factories.ForeignEntityFactory(name="ZQ Rubber Sdn Bhd")
    mill = factories.ForeignEntityFactory(name="Coastal Mill Co")
    wro = factories.WroFactory(reference="WRO-2020-ZQ01", effective_date=datetime.date(2020, 1, 1))
    finding = factories.FindingFactory(reference="FND-2021-ZQ02", published_date=datetime.date(2021, 1, 1))
    rows = [
        case(officer, "entry", days_ago=1, entry="ZQ1-0000001-1", importer=plain, producer=mill),
        case(officer, "importer-old", days_ago=5, entry="AA1-0000002-2", importer=zqua, producer=mill),
        case(officer, "producer", days_ago=3, entry="AA1-0000003-3", importer=plain, producer=zq_rubber),
        case(officer, "wro", days_ago=4, entry="AA1-0000004-4", importer=plain, producer=mill, basis="wro", wro=wro),
        case(officer, "none", days_ago=0, entry="AA1-0000005-5", importer=plain, producer=mill),
        case(officer, "importer-new", days_ago=2, entry="AA1-0000006-6", importer=zqua, producer=mill),
        case(officer, "finding", days_ago=6, entry="AA1-0000007-7", importer=plain, producer=mill,
             basis="finding", finding=finding),
    ]
    return {d.label: d.pk for d in rows}


# Expected pages worked out by hand from the table above (days ago, entry numbers).
@pytest.mark.parametrize("sort, limit, expected", [
    ("-detained", 3, ["entry", "importer-new", "producer"]),
    ("-detained", 10, ["entry", "importer-new", "producer", "wro", "importer-old", "finding"]),
    ("detained", 3, ["finding", "importer-old", "wro"]),
    ("entry", 4, ["importer-old", "producer", "wro", "importer-new"]),
    ("-entry", 2, ["entry", "finding"]),
])
def test_the_first_matches_per_kind_are_the_first_matches_of_all_kinds(officer, hand_made, sort, limit, expected):
    page = search.first_matches(officer, "zq", search._ordering(sort), limit=limit)

    assert [d.pk for d in page] == [hand_made[label] for label in expected]
    every_kind = search.matching_detentions(officer, "zq").order_by(*search._ordering(sort))[:limit]
    assert [d.pk for d in page] == [d.pk for d in every_kind]


def test_a_search_matching_nothing_is_an_empty_page(officer, hand_made):
    assert search.first_matches(officer, "no such text", search._ordering("-detained")) == []


def test_the_search_page_shows_the_merged_page_in_order(client, officer, hand_made):
    client.force_login(officer)

    page = client.get(reverse("search"), {"q": "Zq", "sort": "-detained"}).content.decode()

    positions = [page.index(entry) for entry in ("ZQ1-0000001-1", "AA1-0000006-6", "AA1-0000003-3",
                                                 "AA1-0000004-4", "AA1-0000002-2", "AA1-0000007-7")]
    assert positions == sorted(positions)
    assert "AA1-0000005-5" not in page


def test_the_search_runs_as_many_queries_with_many_matches_as_with_few(client, officer, hand_made,
                                                                      django_assert_max_num_queries):
    from tests.workspace.test_query_counts import count

    client.force_login(officer)
    few = count(client, reverse("search"), {"q": "zq"})
    zqua = factories.ImporterOrganisationFactory(name="Zqua Two LLC")
    for i in range(8):
        case(officer, "more", days_ago=i % 5, entry=f"ZQ2-000001{i}-{i}", importer=zqua,
             producer=factories.ForeignEntityFactory(name=f"ZQ Producer {i}"))

    with django_assert_max_num_queries(few):
        count(client, reverse("search"), {"q": "zq"})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's plan")
def test_on_postgresql_the_search_order_and_the_portal_closed_cases_are_read_from_an_index(officer, importer_a):
    with connection.cursor() as cursor:  # only for this test's transaction: a sort or a scan costs "infinity"
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
    newest = Detention.objects.order_by(*search._ordering("-detained")).values_list("pk", flat=True)[:50]
    oldest = Detention.objects.order_by(*search._ordering("detained")).values_list("pk", flat=True)[:50]
    closed = (queries.visible_detentions(importer_a).exclude(status__in=OPEN_DETENTION_STATUSES)
              .order_by("-closed_on", "-id")[:50])

    assert "detention_detained" in newest.explain()
    assert "detention_detained" in oldest.explain()
    assert "detention_closed" in closed.explain()
