"""Seizure of excluded goods under a Finding published later, in the browser (docs/seizure.md): an officer opens the
case page of goods excluded under a WRO and still in custody, which two Findings in force cover (the one converted
from the WRO and one published on its own), chooses the one the seizure rests on and proposes it; the proposal then
awaits a supervisor. The form fits 390 px and the page has no serious or critical axe-core violation."""

import pytest
from playwright.sync_api import expect

from cases.models import Decision, Role
from cases.services import orders
from cases.services.support import today
from tests import factories
from tests.cases import helpers
from tests.e2e.test_journeys import sign_in
from tests.e2e.test_seizure_journey import fits_390, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_proposes_seizure_of_excluded_goods_under_a_separately_published_finding(live_server, page, camera,
                                                                                          settings):
    settings.CASES_SEIZURE_AFTER_LATER_FINDING = True  # default off (docs/seizure.md); the live server reads it
    officer = factories.UserFactory(role=Role.OFFICER, username="ruiz", first_name="Ana", last_name="Ruiz")
    supervisor = factories.UserFactory(role=Role.SUPERVISOR, username="diaz", first_name="Sam", last_name="Diaz")
    org = factories.ImporterOrganisationFactory(name="Alpha Imports LLC")
    alpha = factories.UserFactory(role=Role.IMPORTER, username="alpha", organisation=org)
    detention = helpers.in_state("excluded", officer=officer, supervisor=supervisor, importer_user=alpha, basis="wro")
    published = today(detention.port_code)
    helpers.publish_later_finding(detention, supervisor, published_date=published)
    separate = orders.publish_finding(
        actor=supervisor, reference="FIN-2026-0202", published_date=published, federal_register_citation="91 FR 2345",
        entity=detention.shipment.producer, merchandise="Disposable gloves", country="MY", hts_codes=["4015.19"])

    sign_in(page, live_server, "ruiz")
    page.goto(f"{live_server.url}/detentions/{detention.pk}/")
    form = page.locator("form", has=page.get_by_role("heading", name="Propose seizure under the later Finding"))
    expect(form).to_be_visible()
    expect(form.get_by_text("These Findings in force cover these excluded goods")).to_contain_text("FIN-2026-0202")
    choice = form.get_by_label("Finding the seizure rests on")
    expect(choice).to_have_value(str(helpers._fresh(detention).wro.finding.pk))  # the converted one by default
    choice.select_option(str(separate.pk))
    form.get_by_label("Reasons for seizing the excluded goods").fill(
        "Finding FIN-2026-0202 names this producer and heading; the gloves are still in the bonded warehouse.")
    page.wait_for_function("() => document.readyState === 'complete'")
    assert fits_390(page)
    assert serious_violations(page) == []
    camera.shot("propose-seizure-under-finding")

    form.get_by_role("button", name="Propose seizure under the later Finding").click()
    expect(page.get_by_text("Seizure proposed; it takes effect when a supervisor approves it.")).to_be_visible()
    expect(page.locator("p", has_text="Awaiting approval:")).to_contain_text("seize under Finding FIN-2026-0202")
    assert fits_390(page)
    assert serious_violations(page) == []
    camera.shot("seizure-proposed")
    decision = Decision.objects.get(detention=detention, status="proposed")
    assert (decision.outcome, decision.finding, helpers._fresh(detention).status) == ("seize", separate, "excluded")
