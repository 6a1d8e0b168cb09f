"""A protest in the browser: the importer protests an exclusion, an officer proposes a decision from the
Protests tab, a different supervisor approves it, and the importer reads the result and the court date."""

import pytest
from playwright.sync_api import expect

from cases.models import Deadline, Protest, Role
from tests import factories
from tests.cases import helpers
from tests.e2e.test_journeys import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_out(page, live_server):
    page.context.clear_cookies()


def fits_390(page) -> bool:
    page.set_viewport_size({"width": 390, "height": 844})
    fits = page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.set_viewport_size({"width": 1366, "height": 768})
    return fits


def test_importer_protests_an_exclusion_and_a_supervisor_decides_it_from_the_protests_tab(live_server, page,
                                                                                         camera):
    officer = factories.UserFactory(role=Role.OFFICER, username="ruiz", first_name="Ana", last_name="Ruiz")
    supervisor = factories.UserFactory(role=Role.SUPERVISOR, username="diaz", first_name="Sam", last_name="Diaz")
    factories.UserFactory(role=Role.SUPERVISOR, username="oh", first_name="Kim", last_name="Oh")
    org = factories.ImporterOrganisationFactory(name="Alpha Imports LLC")
    importer = factories.UserFactory(role=Role.IMPORTER, username="alpha", organisation=org)
    detention = helpers.in_state("excluded", officer=officer, supervisor=supervisor, importer_user=importer)
    entry = detention.shipment.entry_number

    sign_in(page, live_server, "alpha")
    page.goto(f"{live_server.url}/portal/detentions/{detention.pk}/")
    page.get_by_role("link", name="File a protest").click()
    page.get_by_label("Decisions protested and the reasons for your objection").fill(
        "The producer was remediated; the audit of March shows no forced labor.")
    camera.shot("protest-form")
    page.get_by_role("button", name="File the protest").click()
    expect(page.get_by_text("Your protest is filed")).to_be_visible()
    protest = Protest.objects.get(detention=detention)

    sign_out(page, live_server)
    sign_in(page, live_server, "ruiz")
    page.get_by_role("link", name="Protests").click()
    expect(page.get_by_role("heading", name="Protests awaiting a decision")).to_be_visible()
    assert fits_390(page)
    camera.shot("protests-tab")
    page.get_by_role("link", name=entry).click()
    expect(page.get_by_text("The producer was remediated")).to_be_visible()
    page.locator("label.usa-radio__label", has_text="Deny").click()  # USWDS draws the radio on its label
    page.get_by_label("Reasons", exact=True).last.fill("The audit covers another mill.")
    page.get_by_role("button", name="Propose the protest decision").click()
    expect(page.get_by_text("Protest decision proposed")).to_be_visible()
    camera.shot("protest-proposed")

    sign_out(page, live_server)
    sign_in(page, live_server, "oh")
    page.goto(f"{live_server.url}/queue/protests/")
    expect(page.get_by_text("awaiting approval")).to_be_visible()
    page.get_by_role("link", name=entry).click()
    page.get_by_role("button", name="Approve: deny the protest").click()
    page.get_by_role("button", name="Yes, approve the protest decision").click()
    expect(page.get_by_text("Protest decision approved")).to_be_visible()
    camera.shot("protest-decided")

    protest.refresh_from_db()
    assert protest.status == "denied"
    court = Deadline.objects.get(protest=protest, kind="court_filing")

    sign_out(page, live_server)
    sign_in(page, live_server, "alpha")
    page.goto(f"{live_server.url}/portal/detentions/{detention.pk}/")
    page.get_by_role("link", name=f"Protest filed {protest.filed_on:%-d %B %Y}").click()
    expect(page.get_by_role("heading", name=f"Decision: Denied, {protest.decided_on:%-d %B %Y}")).to_be_visible()
    expect(page.get_by_text("The audit covers another mill.")).to_be_visible()
    expect(page.get_by_text(f"{court.due_date:%A %-d %B %Y}")).to_be_visible()
    assert fits_390(page)
    camera.shot("protest-result")
