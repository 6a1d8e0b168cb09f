"""Summary rows of the widest views: the same figures as the live queries, served with their age."""

import pytest
from django.urls import reverse

from cases.statistics import snapshots
from cases.statistics.figures import StatisticsFilter, staff_figures
from cases.statistics.models import StatisticsSnapshot
from cases.statistics.public import public_figures
from cases.statistics.tasks import refresh_statistics_snapshots
from tests.statistics.builders import Spec, build
from tests.statistics.conftest import D

pytestmark = pytest.mark.django_db
TODAY = D(2026, 12, 6)


def test_the_refresh_writes_one_row_for_all_years_and_one_per_fiscal_year_on_record(records):
    assert refresh_statistics_snapshots() == 4
    assert set(StatisticsSnapshot.objects.values_list("scope", flat=True)) == {"all", "fy2025", "fy2026", "fy2027"}


def test_snapshot_figures_equal_the_live_figures(records):
    snapshots.refresh_snapshots(today=TODAY)
    for filters in (StatisticsFilter(), StatisticsFilter(fiscal_year=2026)):
        cached, _at = snapshots.cached(filters)
        live = staff_figures(filters, today=TODAY)
        for key in ("totals", "by_month", "by_industry", "by_country", "by_basis", "by_port", "decision_time",
                    "clocks", "orders", "rfis", "protests", "orders_in_force_on"):
            assert cached[key] == live[key], key


def test_the_page_serves_the_snapshot_and_says_how_old_it_is(records, officer, client):
    snapshots.refresh_snapshots(today=TODAY)
    build(Spec(D(2026, 1, 7), "released"))  # recorded after the refresh
    client.force_login(officer)
    response = client.get(reverse("statistics"), {"fiscal_year": 2026})
    assert response.context["summarised"] is True
    assert response.context["figures"]["totals"]["count"] == 8  # the next refresh counts the new one
    assert b"from the summary recomputed every 10 minutes" in response.content
    live = client.get(reverse("statistics"), {"fiscal_year": 2026, "country": "MY"})
    assert live.context["summarised"] is False  # any other filter reads the records


def test_the_public_page_from_the_snapshot_equals_the_live_public_page(records):
    live = public_figures(StatisticsFilter(fiscal_year=2026), today=TODAY)
    snapshots.refresh_snapshots(today=TODAY)
    cached = public_figures(StatisticsFilter(fiscal_year=2026), today=TODAY)
    for key in ("totals", "by_month", "by_industry", "by_country", "orders", "orders_in_force_on"):
        assert cached[key] == live[key], key
