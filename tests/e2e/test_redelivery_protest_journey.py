"""A protest of a demand for redelivery in the browser: the importer protests the demand from the redelivery's
panel in the portal, an officer proposes to allow it, a supervisor approves, and the importer sees the demand
cancelled. The portal pages fit 390 px and have no serious or critical axe-core violation."""

import pytest
from playwright.sync_api import expect

from cases.models import Protest, Redelivery, Role
from cases.services import seizures
from tests import factories
from tests.cases import helpers
from tests.e2e.test_journeys import sign_in
from tests.e2e.test_seizure_journey import confirm, fits_390, open_act, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_importer_protests_a_demand_for_redelivery_and_the_allowed_protest_cancels_it(live_server, page, camera,
                                                                                       isolated_evidence_storage):
    officer = factories.UserFactory(role=Role.OFFICER, username="ruiz", first_name="Ana", last_name="Ruiz")
    supervisor = factories.UserFactory(role=Role.SUPERVISOR, username="diaz", first_name="Sam", last_name="Diaz")
    org = factories.ImporterOrganisationFactory(name="Alpha Imports LLC")
    alpha = factories.UserFactory(role=Role.IMPORTER, username="alpha", organisation=org)
    detention = helpers.in_state("released", officer=officer, supervisor=supervisor, importer_user=alpha)
    redelivery = seizures.demand_redelivery(actor=officer, detention=detention, bond_number="BOND-99-001",
                                            reason="Goods found to be covered by a Finding.", goods_value="8000.00")

    # The importer protests the demand from its panel in the portal, after the confirmation step.
    sign_in(page, live_server, "alpha")
    page.goto(f"{live_server.url}/portal/detentions/{detention.pk}/")
    expect(page.get_by_text("The demand may be protested until")).to_be_visible()
    open_act(page, "Protest the demand")
    page.get_by_label("Objections to the demand, with their reasons").fill(
        "The goods were released on an admissibility decision; the demand rests on no new fact.")
    assert fits_390(page)
    assert serious_violations(page) == []
    camera.shot("protest-the-demand")
    page.get_by_role("button", name="Protest the demand").click()
    confirm(page, "Protest the demand")
    protest = Protest.objects.get(redelivery=redelivery)
    expect(page.get_by_role("link", name=f"Protest filed {protest.filed_on:%-d %b %Y}")).to_be_visible()
    page.get_by_role("link", name=f"Protest filed {protest.filed_on:%-d %b %Y}").click()
    expect(page.get_by_text("two years from the filing")).to_be_visible()
    assert fits_390(page)
    assert serious_violations(page) == []

    # The officer proposes to allow it; the supervisor approves.
    page.context.clear_cookies()
    sign_in(page, live_server, "ruiz")
    page.goto(f"{live_server.url}/detentions/{detention.pk}/")
    expect(page.get_by_text("no deemed denial follows")).to_be_visible()
    page.locator(f"#protest-{protest.pk} label.usa-radio__label", has_text="Allow").first.click()
    page.locator(f"#protest-{protest.pk}").get_by_label("Reasons").fill("The demand rested on no new fact.")
    page.get_by_role("button", name="Propose the protest decision").click()
    page.context.clear_cookies()
    sign_in(page, live_server, "diaz")
    page.goto(f"{live_server.url}/detentions/{detention.pk}/")
    page.get_by_role("button", name="Approve: allow the protest").click()
    expect(page.get_by_role("button", name="Yes, approve the protest decision")).to_be_visible()
    page.get_by_role("button", name="Yes, approve the protest decision").click()
    expect(page.get_by_text("Demand cancelled: protest allowed").first).to_be_visible()

    # The importer sees the demand cancelled.
    page.context.clear_cookies()
    sign_in(page, live_server, "alpha")
    page.goto(f"{live_server.url}/portal/detentions/{detention.pk}/")
    expect(page.get_by_text("Demand cancelled: protest allowed").first).to_be_visible()
    assert fits_390(page)
    assert serious_violations(page) == []
    assert Redelivery.objects.get(pk=redelivery.pk).status == "cancelled"
