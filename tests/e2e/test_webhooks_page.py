"""An organisation administrator registers a webhook endpoint in the browser, on a 390 px wide phone."""

import pytest
from playwright.sync_api import expect

from cases.models import Role
from cases.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests import factories
from tests.e2e.test_portal_journey import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_administrator_registers_an_endpoint_and_reads_its_deliveries_on_a_phone(live_server, page, camera):
    organisation = factories.ImporterOrganisationFactory(name="Alpha Imports LLC")
    factories.UserFactory(role=Role.IMPORTER, organisation=organisation, username="alpha", is_organisation_admin=True)
    page.set_viewport_size(PHONE)

    sign_in(page, live_server, "alpha")
    page.goto(f"{live_server.url}/portal/webhooks/")
    page.get_by_label("URL that receives the events").fill(
        "https://integration.alpha-imports.example/hooks/forced-labor-cases/receive")
    page.get_by_text("Notice of detention issued", exact=True).click()  # USWDS styles the label, not the box
    page.get_by_text("Admissibility decision taken", exact=True).click()
    assert no_sideways_scroll(page)
    camera.shot("register")
    page.get_by_role("button", name="Register the endpoint").click()

    endpoint = WebhookEndpoint.objects.get()
    expect(page.get_by_role("heading", name="Copy the signing secret now")).to_be_visible()
    expect(page.get_by_text(endpoint.secret)).to_be_visible()
    WebhookDelivery.objects.create(endpoint=endpoint, event_key="k", event_type="notice.issued", payload={},
                                   next_attempt_at=endpoint.created_at, attempts=1).attempt_log.create(
        number=1, attempted_at=endpoint.created_at, error="Connection refused")
    page.reload()
    expect(page.get_by_text("Connection refused")).to_be_visible()
    assert no_sideways_scroll(page)
    camera.shot("endpoint")
