"""Confirmation steps and portal details in Chromium: the approval confirmation and the notice preview
pass axe-core and fit 390 px; on a phone the importer's unread-notice banner leaves the first case in
view, and an open request for information is answered straight from the case."""

import pytest
from playwright.sync_api import expect

from cases.models import Decision, Notification, Role
from cases.services import rfis
from tests import factories
from tests.cases import helpers
from tests.e2e.test_crawl_accessibility import SERIOUS, axe_source, settles  # noqa: F401 (fixture)
from tests.e2e.test_journeys import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe-core is injected as a script, which the page's own policy would refuse (as in the crawl).
    return {**browser_context_args, "bypass_csp": True}


def check_page(page, axe, camera, name):
    """No serious or critical axe-core violation at 1366 and 390 px, and nothing scrolls sideways."""
    for width, height in ((1366, 768), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.add_script_tag(path=str(axe))
        assert page.evaluate(SERIOUS) == [], f"{name} at {width}px"
        if width == 390:
            assert settles(page), f"{name} scrolls sideways at 390 px"
        camera.shot(f"{name}-{width}")
    page.set_viewport_size({"width": 1366, "height": 768})


def test_approval_asks_for_confirmation_on_an_accessible_page(live_server, page, camera, axe_source):  # noqa: F811
    officer = factories.UserFactory(role=Role.OFFICER, username="ruiz", first_name="Ana", last_name="Ruiz")
    factories.UserFactory(role=Role.SUPERVISOR, username="diaz", first_name="Sam", last_name="Diaz")
    detention = helpers.proposed(officer=officer, basis="uflpa")

    sign_in(page, live_server, "diaz")
    page.goto(f"{live_server.url}/supervisor/review/{detention.pk}/")
    page.get_by_role("button", name="Approve: release").click()
    expect(page.get_by_role("heading", name="Approve the proposed decision?", level=1)).to_be_visible()
    assert Decision.objects.get(detention=detention).status == "proposed"
    check_page(page, axe_source, camera, "approve-confirmation")
    page.get_by_role("button", name="Yes, approve the proposed decision").click()
    expect(page.get_by_text("Decision approved")).to_be_visible()
    assert Decision.objects.get(detention=detention).status == "approved"


def test_the_notice_preview_is_accessible_and_issues_nothing_until_confirmed(live_server, page, camera,
                                                                            axe_source):  # noqa: F811
    officer = factories.UserFactory(role=Role.OFFICER, username="ruiz", first_name="Ana", last_name="Ruiz")
    detention = helpers.detained(officer=officer, basis="uflpa")

    sign_in(page, live_server, "ruiz")
    page.goto(f"{live_server.url}/detentions/{detention.pk}/notice/")
    page.get_by_label("(B) Specific reason for the detention").fill(helpers.NOTICE["reason"])
    page.get_by_label("(C) Anticipated length of the detention").fill(helpers.NOTICE["anticipated_length"])
    page.get_by_label("(D) Tests or inquiries to be made").fill(helpers.NOTICE["tests_or_inquiries"])
    page.get_by_label("(E) Information that, if supplied, may speed the disposition").fill(
        helpers.NOTICE["information_requested"])
    page.get_by_role("button", name="Preview the notice").click()
    expect(page.get_by_role("heading", name="Check the notice before you issue it")).to_be_visible()
    check_page(page, axe_source, camera, "notice-preview")
    page.get_by_role("button", name="Change the notice").click()
    expect(page.get_by_label("(B) Specific reason for the detention")).to_have_value(helpers.NOTICE["reason"])
    detention.refresh_from_db()
    assert detention.notice_issued_on is None


def test_on_a_phone_the_banner_leaves_the_first_case_in_view_and_the_request_is_answered_from_the_case(
        live_server, page, camera, axe_source):  # noqa: F811
    officer = factories.UserFactory(role=Role.OFFICER, username="ruiz", first_name="Ana", last_name="Ruiz")
    organisation = factories.ImporterOrganisationFactory(name="Alpha Imports LLC")
    importer = factories.UserFactory(role=Role.IMPORTER, organisation=organisation, username="alpha",
                                     first_name="Lee", last_name="Chan")
    detention = helpers.noticed(officer=officer, basis="uflpa", importer=organisation)
    rfi = rfis.send_rfi(actor=officer, detention=detention, questions="Provide the payroll for March.")
    for i in range(12):
        Notification.objects.create(recipient=importer, idempotency_key=f"phone-{i}", kind="test",
                                    subject=f"Reminder number {i} about your entry", body="Body.",
                                    detention=detention)

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "alpha")
    first_case = page.get_by_role("link", name=detention.shipment.entry_number).first
    expect(first_case).to_be_visible()
    box = first_case.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844, "the first case is below the fold on a phone"
    camera.shot("portal-home-phone")

    first_case.click()
    check_page(page, axe_source, camera, "portal-case-with-open-request")
    page.get_by_role("link", name="Answer the request").first.click()
    expect(page).to_have_url(f"{live_server.url}/portal/rfis/{rfi.pk}/")


def test_a_supervisor_extends_an_importers_window_on_an_accessible_form(live_server, page, camera,
                                                                        axe_source):  # noqa: F811
    import datetime  # noqa: PLC0415

    from cases.models import Deadline  # noqa: PLC0415

    officer = factories.UserFactory(role=Role.OFFICER, username="ruiz", first_name="Ana", last_name="Ruiz")
    factories.UserFactory(role=Role.SUPERVISOR, username="diaz", first_name="Sam", last_name="Diaz")
    detention = helpers.noticed(officer=officer)
    window = Deadline.objects.get(detention=detention, state="open", party="importer")
    new_due = window.due_date + datetime.timedelta(days=7)

    sign_in(page, live_server, "diaz")
    page.goto(f"{live_server.url}/detentions/{detention.pk}/")
    page.locator("summary", has_text="Extend the importer's window").first.click()
    check_page(page, axe_source, camera, "extend-window")
    page.get_by_label("New due date").fill(new_due.isoformat())
    page.get_by_label("Reason for the extension").fill("The importer's auditor is abroad until next week.")
    page.get_by_role("button", name="Extend the importer's window").click()
    expect(page.get_by_text("The importer's window was extended")).to_be_visible()
    window.refresh_from_db()
    assert window.due_date == new_due
