"""Every list page runs a bounded number of SQL queries whatever the number of rows.

Each page is loaded at two data sizes; the second must not need more queries than the bound, and
the bound is the same for both sizes.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.services import detentions as detention_services
from cases.services.decisions import propose_decision
from tests import factories
from tests.cases import helpers

pytestmark = pytest.mark.django_db

SMALL, LARGE = 2, 12


def build_detentions(n, officer, supervisor):
    wro = factories.WroFactory(effective_date=factories.datetime.date(2020, 1, 1))
    cases = []
    for i in range(n):
        d = helpers.noticed(officer=officer, basis="wro", wro=wro) if i % 2 else helpers.detained(officer=officer)
        cases.append(d)
    for d in cases[: n // 2]:
        propose_decision(actor=officer, detention=d, outcome="release", reasons="On the record.",
                         release_ground=helpers.ground(d, "release"))
    return wro


def count(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGES = [
    ("queue-all", lambda wro: (reverse("queue"), {"tab": "all"}), 12),
    ("queue-mine", lambda wro: (reverse("queue"), {"tab": "mine", "sort": "waiting"}), 12),
    ("queue-filtered",
     lambda wro: (reverse("queue"), {"tab": "all", "basis": "wro", "hts": "4015", "importer": "Inc"}), 12),
    ("queue-csv", lambda wro: (reverse("queue-export"), {"tab": "all"}), 6),
    # The supervisor home: its charts, the workload with the unassigned row, and the review queue with the
    # record behind each proposal (packages and RFIs counted in one query per page).
    ("supervisor", lambda wro: (reverse("supervisor"), {}), 15),
    ("orders", lambda wro: (reverse("orders"), {"kind": "wro"}), 8),
    # The order page: 14, plus its petitions and the petition form's producer and importer choices, plus the
    # documents panel (the files, and whether the person may add one).
    ("order-detail", lambda wro: (reverse("order", args=["wro", wro.pk]), {}), 19),
    # The search: one query per kind of match (entry, importer, producer, WRO, Finding), each limited to the
    # page, then the page's rows, the orders and Findings matching.
    ("search", lambda wro: (reverse("search"), {"q": "AB"}), 11),
    ("inbox", lambda wro: (reverse("inbox"), {}), 8),
    ("investigations", lambda wro: (reverse("investigations"), {}), 8),
    ("investigations-sorted", lambda wro: (reverse("investigations"), {"sort": "-officer"}), 8),
    ("orders-sorted", lambda wro: (reverse("orders"), {"kind": "wro", "sort": "country"}), 8),
    ("orders-csv", lambda wro: (reverse("orders-csv"), {"kind": "wro"}), 6),
    ("investigations-csv", lambda wro: (reverse("investigations-csv"), {}), 6),
    ("search-csv", lambda wro: (reverse("search-csv"), {"q": "Importer"}), 8),
    ("queue-sorted", lambda wro: (reverse("queue"), {"tab": "all", "sort": "-importer"}), 12),
]


@pytest.mark.parametrize("name, target, bound", PAGES, ids=[p[0] for p in PAGES])
def test_list_pages_run_a_bounded_number_of_queries(client, officer, supervisor, django_assert_max_num_queries,
                                                    name, target, bound):
    client.force_login(supervisor)
    wro = build_detentions(SMALL, officer, supervisor)
    for _ in range(SMALL):
        factories.InvestigationFactory(assigned_officer=officer)
    url, params = target(wro)
    with django_assert_max_num_queries(bound):
        small = count(client, url, params)

    build_detentions(LARGE, officer, supervisor)
    for _ in range(LARGE):
        factories.InvestigationFactory(assigned_officer=officer)
    with django_assert_max_num_queries(bound):
        large = count(client, url, params)

    assert large == small


def test_the_detention_page_does_not_grow_with_its_notes_and_timeline(client, officer, django_assert_max_num_queries):
    detention = helpers.noticed(officer=officer)
    client.force_login(officer)
    url = reverse("detention", args=[detention.pk])
    small = count(client, url)

    for i in range(LARGE):
        detention_services.add_note(actor=officer, detention=detention, body=f"Note {i}")
    with django_assert_max_num_queries(small):
        count(client, url)


def test_the_investigation_page_does_not_grow_with_its_assessments(client, officer, django_assert_max_num_queries):
    from cases.services import investigations

    investigation = factories.InvestigationFactory(status="under_investigation", assigned_officer=officer)
    client.force_login(officer)
    url = reverse("investigation", args=[investigation.pk])
    small = count(client, url)

    for indicator in ("debt_bondage", "isolation", "deception", "excessive_overtime"):
        investigations.assess_indicator(actor=officer, investigation=investigation, indicator=indicator,
                                        observed=True, notes="Seen in interviews.")
    with django_assert_max_num_queries(small):
        count(client, url)


def test_a_cursor_page_deep_in_the_queue_runs_as_many_queries_as_the_first(client, officer, supervisor):
    import html
    import re

    for _ in range(27):
        helpers.detained(officer=officer)
    client.force_login(officer)
    first = client.get(reverse("queue"), {"tab": "all"})
    link = re.search(r'href="\?([^"]*)"><span class="usa-pagination__link-text">Next page', first.content.decode())
    params = dict(pair.split("=", 1) for pair in html.unescape(link.group(1)).split("&"))

    assert count(client, reverse("queue"), params) <= count(client, reverse("queue"), {"tab": "all"}) <= 12
