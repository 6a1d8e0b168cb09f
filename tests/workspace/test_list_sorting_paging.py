"""The list pages: the countdown beside due dates, sorting from a whitelist, the range a page shows,
filters and sort keys that do not parse reported (never silently dropped), and CSV downloads scoped to
what the person may see with formula cells neutralised."""

import csv
import datetime
import io
import re

import pytest
from django.core.paginator import Paginator
from django.urls import reverse

from cases import listing, paging
from cases.models import Detention
from cases.views.common import address_for_each
from tests import factories
from tests.cases import helpers

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 7)


@pytest.mark.parametrize("due, expected", [
    (datetime.date(2026, 12, 4), "3 days overdue"),
    (datetime.date(2026, 12, 6), "1 day overdue"),
    (datetime.date(2026, 12, 7), "due today"),
    (datetime.date(2026, 12, 8), "due in 1 day"),
    (datetime.date(2026, 12, 9), "due in 2 days"),
    (datetime.date(2027, 1, 6), "due in 30 days"),
    (datetime.date(2026, 11, 7), "30 days overdue"),
    (None, ""),
])
def test_the_countdown_beside_a_due_date_reads_as_a_person_would_say_it(due, expected):
    assert listing.day_count(due, TODAY) == expected


def test_the_countdown_filter_counts_from_the_date_it_is_given():
    from cases.templatetags.workspace import countdown

    assert countdown(datetime.date(2026, 12, 4), TODAY) == "3 days overdue"


@pytest.mark.parametrize("total, per_page, number, expected", [
    (1204, 50, 2, "51–100 of 1,204"),
    (1204, 50, 25, "1,201–1,204 of 1,204"),
    (7, 25, 1, "1–7 of 7"),
    (0, 25, 1, ""),
])
def test_a_numbered_page_says_which_rows_it_shows(total, per_page, number, expected):
    page = Paginator(list(range(total)), per_page).get_page(number)
    assert listing.page_range(page) == expected


def test_a_keyset_page_past_the_count_cap_says_more_than():
    page = paging.KeysetPage(object_list=list(range(25)), has_next=True, has_previous=True, next_cursor="x",
                             previous_cursor="y", count=paging.COUNT_CAP, count_capped=True, offset=50)
    assert listing.page_range(page) == "51–75 of more than 1,000"


@pytest.mark.parametrize("value, expected", [
    (182673, "$182,673.00"), ("182673.5", "$182,673.50"), (0, "$0.00"), (-12.005, "-$12.01"), (None, ""),
])
def test_money_is_shown_in_dollars_with_cents(value, expected):
    assert listing.money(value) == expected


@pytest.mark.parametrize("code, expected", [("CN", "China"), ("my", "Malaysia"), ("VN", "Vietnam"), ("", ""),
                                            ("XX", "XX")])
def test_countries_are_shown_by_name(code, expected):
    assert listing.country_name(code) == expected


def _order_refs(html):
    return re.findall(r">(WRO-[A-Z0-9-]+)</a></th>", html)


def test_the_orders_registry_sorts_by_a_column_both_ways(client, officer):
    for ref, entity in [("WRO-B", "Bravo"), ("WRO-A", "Charlie"), ("WRO-C", "Alpha")]:
        factories.WroFactory(reference=ref, entity_name=entity)
    client.force_login(officer)

    assert _order_refs(client.get(reverse("orders"), {"sort": "reference"}).content.decode()) == [
        "WRO-A", "WRO-B", "WRO-C"]
    assert _order_refs(client.get(reverse("orders"), {"sort": "-reference"}).content.decode()) == [
        "WRO-C", "WRO-B", "WRO-A"]
    html = client.get(reverse("orders"), {"sort": "entity"}).content.decode()
    assert _order_refs(html) == ["WRO-C", "WRO-B", "WRO-A"]
    assert 'aria-sort="ascending"' in html
    assert "(1–3 of 3)" in html
    assert "Malaysia" in html  # the factory's country MY, by name


def test_a_bad_sort_key_on_the_orders_registry_is_reported_not_ignored(client, officer):
    factories.WroFactory(reference="WRO-X")
    client.force_login(officer)

    response = client.get(reverse("orders"), {"sort": "drop table"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "is not a column this list can be sorted by" in html
    assert "WRO-X" in html  # the list still shows, in its default order


def test_an_invalid_filter_on_the_orders_registry_is_reported_and_the_others_still_apply(client, officer):
    factories.WroFactory(reference="WRO-GLOVE", merchandise="Disposable gloves")
    factories.WroFactory(reference="WRO-COTTON", merchandise="Cotton")
    client.force_login(officer)

    response = client.get(reverse("orders"), {"country": "China", "merchandise": "glove"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Use the two-letter country code" in html
    assert "WRO-GLOVE" in html and "WRO-COTTON" not in html


def test_the_orders_registry_downloads_as_csv_with_formula_cells_neutralised(client, officer):
    factories.WroFactory(reference="WRO-1", entity_name="=HYPERLINK(\"http://x\")", country="CN")
    factories.WroFactory(reference="WRO-2", merchandise="Cotton")
    client.force_login(officer)

    response = client.get(reverse("orders-csv"), {"merchandise": "gloves", "sort": "reference"})

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["Reference", "Entity", "Country"]
    assert [r[0] for r in rows[1:]] == ["WRO-1"]
    assert rows[1][1] == "'=HYPERLINK(\"http://x\")"
    assert rows[1][2] == "China"


def test_importers_cannot_download_the_staff_lists(client, importer_a):
    client.force_login(importer_a)

    for name in ("orders-csv", "investigations-csv", "search-csv", "queue-export"):
        assert client.get(reverse(name), {"q": "Importer"}).status_code == 404


def test_an_unknown_kind_of_order_answers_not_found(client, officer):
    wro = factories.WroFactory()
    client.force_login(officer)

    assert client.get(f"/orders/bogus/{wro.pk}/").status_code == 404
    assert client.get(reverse("order", args=["wro", wro.pk])).status_code == 200
    assert client.post(f"/orders/bogus/{wro.pk}/end/", {"reason": "x"}).status_code == 404


def _investigation_refs(html):
    return re.findall(r">(INV-[A-Z0-9-]+)</a></th>", html)


def test_investigations_sort_report_bad_keys_and_download_as_csv(client, officer):
    factories.InvestigationFactory(reference="INV-1", subject="Zeta mill", allegation_received_on=TODAY)
    factories.InvestigationFactory(reference="INV-2", subject="Alpha farm",
                                   allegation_received_on=datetime.date(2025, 1, 1))
    client.force_login(officer)

    assert _investigation_refs(client.get(reverse("investigations")).content.decode()) == ["INV-1", "INV-2"]
    assert _investigation_refs(client.get(reverse("investigations"), {"sort": "subject"}).content.decode()) == [
        "INV-2", "INV-1"]
    bad = client.get(reverse("investigations"), {"sort": "password"})
    assert bad.status_code == 400 and "is not a column this list can be sorted by" in bad.content.decode()
    assert client.get(reverse("investigations-csv"), {"sort": "password"}).status_code == 400

    rows = list(csv.reader(io.StringIO(b"".join(
        client.get(reverse("investigations-csv"), {"sort": "-subject"}).streaming_content).decode())))
    assert [r[0] for r in rows[1:]] == ["INV-1", "INV-2"]
    assert rows[1][3] == "Malaysia"


def test_search_sorts_its_detentions_and_downloads_every_match(client, officer, org_a):
    made = [helpers.detained(officer=officer, importer=org_a) for _ in range(3)]
    client.force_login(officer)
    numbers = sorted(d.shipment.entry_number for d in made)

    html = client.get(reverse("search"), {"q": org_a.name, "sort": "-entry"}).content.decode()
    shown = [n for n in re.findall(r'class="mono" href="[^"]+">([^<]+)</a>', html) if n in numbers]
    assert shown == list(reversed(numbers))
    assert client.get(reverse("search"), {"q": org_a.name, "sort": "x"}).status_code == 400

    response = client.get(reverse("search-csv"), {"q": org_a.name, "sort": "entry"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r[0] for r in rows[1:]] == numbers
    assert client.get(reverse("search-csv"), {"q": "a"}).status_code == 400


def test_the_work_queue_sorts_by_entry_number_and_reports_a_bad_sort_key(client, officer):
    made = [helpers.detained(officer=officer) for _ in range(3)]
    client.force_login(officer)
    numbers = sorted(d.shipment.entry_number for d in made)

    html = client.get(reverse("queue"), {"tab": "all", "sort": "entry"}).content.decode()
    assert [n for n in re.findall(r'class="mono" href="[^"]+">([^<]+)</a>', html) if n in numbers] == numbers
    bad = client.get(reverse("queue"), {"tab": "all", "sort": "nonsense"})
    assert bad.status_code == 400 and "is not a column this list can be sorted by" in bad.content.decode()
    assert client.get(reverse("queue-export"), {"sort": "nonsense"}).status_code == 400
    unknown_tab = client.get(reverse("queue"), {"tab": "everything"})
    assert unknown_tab.status_code == 400 and "is not a queue" in unknown_tab.content.decode()


def test_the_queue_paging_carries_the_range_to_the_next_page(client, officer):
    for _ in range(27):
        helpers.detained(officer=officer)
    assert Detention.objects.count() == 27
    client.force_login(officer)

    first = client.get(reverse("queue"), {"tab": "all", "sort": "entry"}).content.decode()
    assert "(1–25 of 27)" in first
    cursor = re.search(r'cursor=([^"&]+)"><span class="usa-pagination__link-text">Next', first).group(1)
    second = client.get(reverse("queue"), {"tab": "all", "sort": "entry", "cursor": cursor}).content.decode()
    assert "(26–27 of 27)" in second


def test_all_clocks_reports_a_bad_sort_key(client, officer):
    helpers.detained(officer=officer)
    client.force_login(officer)

    response = client.get(reverse("all-clocks"), {"sort": "nonsense"})
    assert response.status_code == 400
    assert "Some filters were not applied" in response.content.decode()
    assert client.get(reverse("all-clocks"), {"sort": "-port"}).status_code == 200


def test_the_protests_tab_sorts_by_entry_and_reports_a_bad_key(client, officer, supervisor, importer_a):
    from tests.workspace.test_protest_pages import filed

    protests = [filed(officer, supervisor, importer_a) for _ in range(3)]
    numbers = sorted(p.entry_number for p in protests)
    client.force_login(supervisor)

    html = client.get(reverse("queue-protests"), {"sort": "-entry"}).content.decode()
    assert sorted(numbers, key=html.index) == list(reversed(numbers))
    assert "(1–3 of 3)" in html
    bad = client.get(reverse("queue-protests"), {"sort": "grounds"})
    assert bad.status_code == 400 and "is not a column this list can be sorted by" in bad.content.decode()


def test_the_pending_decision_tab_reports_a_bad_sort_key(client, officer):
    client.force_login(officer)

    assert client.get(reverse("queue-pending-decision"), {"sort": "-hits"}).status_code == 200
    bad = client.get(reverse("queue-pending-decision"), {"sort": "value"})
    assert bad.status_code == 400 and "is not a column this list can be sorted by" in bad.content.decode()


@pytest.mark.parametrize(("name", "leading", "pk", "expected"), [
    ("detention", (), 7, "/detentions/7/"),
    ("detention", (), 987654321, "/detentions/987654321/"),
    ("order", ("wro",), 12, "/orders/wro/12/"),
    ("order", ("finding",), 3, "/orders/finding/3/"),
])
def test_one_reverse_serves_every_row_of_a_list(name, leading, pk, expected):
    """views.common.address_for_each gives the address reverse() gives, written out by hand here, for any id
    (the stand-in id included)."""
    assert address_for_each(name, *leading)(pk) == expected


@pytest.mark.parametrize("model, name, nullable", [
    ("Detention", "presented_on", False),                 # a NOT NULL column
    ("Detention", "next_clock_due", True),                # a nullable column
    ("Detention", "shipment__entry_number", False),       # through a required one-to-one
    ("Detention", "shipment__importer__name", False),     # through two required relations
    ("Deadline", "shipment__entry_number", True),         # a clock need not belong to an entry
    ("Deadline", "shipment__presentation_date", True),
    ("Deadline", "open_hits", True),                      # an annotation
])
def test_a_sort_key_is_nullable_when_its_column_or_any_relation_on_the_way_is(model, name, nullable):
    from cases import models

    assert paging.parse_ordering([name], getattr(models, model))[0].nullable is nullable
