"""The public statistics in a real browser, signed out: figures and charts, no importer named, fits a phone."""

import datetime

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.statistics.builders import Spec, build

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_signed_out_visitor_reads_the_public_statistics_without_any_importer_name(live_server, page, camera):
    importers = [factories.ImporterOrganisationFactory(name=name)
                 for name in ("Alpha Imports LLC", "Bravo Trading Co.", "Charlie Gloves Inc.")]
    factories.WroFactory(reference="WRO-2021-0001", entity_name="Example Gloves Sdn. Bhd.",
                         effective_date=datetime.date(2021, 7, 1))
    for day in range(1, 13):
        build(Spec(datetime.date(2026, 1, day), ["released", "excluded", "detained"][day % 3],
                   ["8541.40.6020", "6109.10.0012"][day % 2], ["CN", "VN"][day % 2], importer=importers[day % 3]))

    page.goto(f"{live_server.url}/public/statistics/")
    expect(page.get_by_role("heading", name="Forced labor enforcement statistics", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Sign out")).to_have_count(0)
    page.get_by_label("Fiscal year").fill("2026")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_text("Fiscal year 2026 (1 October 2025 to 30 September 2026)")).to_be_visible()
    expect(page.locator("#chart-month")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Example Gloves Sdn. Bhd.")).to_be_visible()
    camera.shot("public-statistics")
    text = page.content()
    for importer in importers:
        assert importer.name not in text
    assert "suppressed" in text  # three outcomes of 4 in each of 12 shipments: all below 5

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    camera.shot("public-statistics-390")
