"""The three journeys of the workspace, as a person does them in the browser."""

import re

import pytest
from playwright.sync_api import expect

from cases.models import AuditEvent, Decision, Detention, Role
from tests import factories
from tests.cases import helpers

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_officer_takes_a_detention_issues_the_notice_and_proposes_release(live_server, page, camera):
    officer = factories.UserFactory(role=Role.OFFICER, username="ruiz", first_name="Ana", last_name="Ruiz")
    supervisor = factories.UserFactory(role=Role.SUPERVISOR, username="diaz", first_name="Sam", last_name="Diaz")
    detention = helpers.detained(officer=supervisor, basis="uflpa")  # left unassigned at port 1001
    entry = detention.shipment.entry_number

    page.goto(f"{live_server.url}/accounts/login/")
    camera.shot("sign-in")
    # Keyboard only: the skip link comes first, then the form fields in order.
    page.keyboard.press("Tab")
    expect(page.locator(".usa-skipnav")).to_be_focused()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"  # focus is visible
    page.get_by_label("Username").focus()
    page.keyboard.type("ruiz")
    page.keyboard.press("Tab")
    page.keyboard.type(factories.PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Work queues", level=1)).to_be_visible()

    page.get_by_role("link", name="My port, unassigned").click()
    expect(page.get_by_role("link", name=entry)).to_be_visible()
    camera.shot("port-queue")
    page.get_by_role("link", name=entry).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(entry)
    camera.shot("detention-unassigned")

    page.get_by_role("button", name="Take this case").click()
    expect(page.get_by_text("You took the case")).to_be_visible()
    page.get_by_role("link", name="Issue the notice of detention").click()
    camera.shot("notice-form")
    page.get_by_label("(B) Specific reason for the detention").fill(helpers.NOTICE["reason"])
    page.get_by_label("(C) Anticipated length of the detention").fill(helpers.NOTICE["anticipated_length"])
    page.get_by_label("(D) Tests or inquiries to be made").fill(helpers.NOTICE["tests_or_inquiries"])
    page.get_by_label("(E) Information that, if supplied, may speed the disposition").fill(
        helpers.NOTICE["information_requested"])
    page.get_by_role("button", name="Preview the notice").click()
    expect(page.get_by_role("heading", name="Check the notice before you issue it")).to_be_visible()
    camera.shot("notice-preview")
    page.get_by_role("button", name="Issue the notice").click()
    expect(page.get_by_role("heading", name="Notice of detention", level=1)).to_be_visible()
    expect(page.get_by_text(helpers.NOTICE["reason"])).to_be_visible()
    camera.shot("printable-notice")

    page.get_by_role("link", name="Back to the detention").click()
    page.locator("label.usa-radio__label", has_text=re.compile("^Release$")).click()  # USWDS draws it on the label
    page.get_by_label("Ground of release (UFLPA)").select_option("not_subject")
    page.get_by_label("Reasons").fill("The importer's tracing shows no Xinjiang nexus.")
    page.get_by_role("button", name="Propose the decision").click()
    expect(page.get_by_text("Decision proposed")).to_be_visible()
    expect(page.get_by_text("proposed release of the goods")).to_be_visible()
    camera.shot("proposed")

    detention.refresh_from_db()
    assert detention.assigned_officer == officer
    assert detention.status == "notice_issued"
    assert Decision.objects.get(detention=detention).status == "proposed"


def test_supervisor_approves_a_proposal_from_the_review_queue(live_server, page, camera):
    officer = factories.UserFactory(role=Role.OFFICER, username="ruiz", first_name="Ana", last_name="Ruiz")
    factories.UserFactory(role=Role.SUPERVISOR, username="diaz", first_name="Sam", last_name="Diaz")
    detention = helpers.proposed(officer=officer, basis="uflpa")
    entry = detention.shipment.entry_number

    sign_in(page, live_server, "diaz")
    expect(page.get_by_role("heading", name="Review and workload", level=1)).to_be_visible()
    # The four charts drawn by Chart.js from the page's JSON, served locally (no CDN).
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length === 4")
    camera.shot("review-queue")

    page.get_by_role("checkbox", name=f"Approve the decision on entry {entry}").check()
    page.get_by_role("button", name="Approve selected").click()
    expect(page.get_by_role("heading", name="Approve 1 proposed decision?")).to_be_visible()
    camera.shot("bulk-approval-confirmation")
    page.get_by_role("button", name="Yes, approve 1 decision").click()
    expect(page.get_by_text("Approved 1 decision.")).to_be_visible()
    expect(page.get_by_text("No proposed decisions are waiting.")).to_be_visible()
    camera.shot("approved")

    page.get_by_role("searchbox", name=re.compile("Search entry number")).fill(entry)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=entry).click()
    expect(page.get_by_text("Released").first).to_be_visible()
    camera.shot("released-case")

    detention.refresh_from_db()
    assert detention.status == "released"
    approvals = AuditEvent.objects.filter(detention=detention, action="approve_decision", object_type="detention")
    assert approvals.count() == 1


def test_supervisor_bulk_assigns_five_detentions(live_server, page, camera):
    supervisor = factories.UserFactory(role=Role.SUPERVISOR, username="diaz", first_name="Sam", last_name="Diaz")
    cole = factories.UserFactory(role=Role.OFFICER, username="cole", first_name="Ben", last_name="Cole")
    cases = [helpers.detained(officer=supervisor) for _ in range(5)]

    sign_in(page, live_server, "diaz")
    page.get_by_role("link", name="Work queues").click()
    page.get_by_role("link", name="My port, unassigned").click()
    # Filters apply in place (htmx) and stay in the URL, so the view can be bookmarked.
    assert page.evaluate("typeof htmx") == "object"
    page.get_by_label("Basis").select_option("caatsa")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"basis=caatsa"))
    expect(page.get_by_role("heading", name=re.compile(r"My port, unassigned \(1–5 of 5\)"))).to_be_visible()
    camera.shot("unassigned-queue")
    for detention in cases:
        page.get_by_role("checkbox", name=f"Select entry {detention.shipment.entry_number}").check()
    page.get_by_label("Assign the selected detentions to").select_option(label="Ben Cole")
    camera.shot("five-selected")
    page.get_by_role("button", name="Assign selected").click()
    expect(page.get_by_text("Assigned 5 detentions to Ben Cole.")).to_be_visible()
    camera.shot("assigned")

    assert Detention.objects.filter(assigned_officer=cole).count() == 5
    assert AuditEvent.objects.filter(action="assign").count() == 5
