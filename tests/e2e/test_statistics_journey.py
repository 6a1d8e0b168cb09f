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


def test_an_officer_filters_the_staff_statistics_and_downloads_a_table(live_server, page, camera):
    officer = factories.UserFactory(role="officer", username="ruiz", first_name="Ana", last_name="Ruiz")
    importer = factories.ImporterOrganisationFactory(name="Alpha Imports LLC")
    for day in range(1, 7):
        build(Spec(datetime.date(2026, 2, day), ["released", "excluded"][day % 2], "8541.40.6020", "CN",
                   importer=importer, decided_on=datetime.date(2026, 3, day)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(officer.username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Statistics").click()
    expect(page.get_by_role("heading", name="Program statistics", level=1)).to_be_visible()
    page.get_by_label("Fiscal year").fill("2026")
    page.get_by_label("Industry", exact=True).select_option("electronics")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_role("rowheader", name="All outcomes")).to_be_visible()
    expect(page.locator("#chart-month")).to_be_visible()
    camera.shot("staff-statistics")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV of Shipments per country of origin, by outcome").click()
    assert download.value.suggested_filename == "statistics-country.csv"
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    camera.shot("staff-statistics-390")
