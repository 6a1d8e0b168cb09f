"""In Chromium: an officer decides an entry with no screening hit from its page (presentation, then the release
through its confirmation step), logs an allegation from the investigations list; a supervisor records a
published Finding from the registry; an importer marks every notice read. Each open form and the confirmation
pass axe-core and fit 390 px."""

import datetime

import pytest
from playwright.sync_api import expect

from cases.models import Finding, Investigation, Notification, ReleaseStatus, Role
from cases.services.support import today
from tests import factories
from tests.e2e.test_confirmations_journey import check_page
from tests.e2e.test_crawl_accessibility import axe_source  # noqa: F401 (fixture)
from tests.e2e.test_journeys import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True}


def test_an_officer_presents_and_releases_an_entry_from_its_page(live_server, page, camera, axe_source):  # noqa: F811
    factories.UserFactory(role=Role.OFFICER, username="ruiz", first_name="Ana", last_name="Ruiz")
    day = today("1001")
    entry = factories.ShipmentFactory(importation_date=day - datetime.timedelta(days=2), presentation_date=None)

    sign_in(page, live_server, "ruiz")
    page.goto(f"{live_server.url}/entries/{entry.pk}/")
    for label in ("Record the presentation for examination", "Release the goods", "Detain the goods"):
        page.locator("summary", has_text=label).click()
    check_page(page, axe_source, camera, "entry-acts-open")

    page.locator("#act-record_presentation").get_by_label("Presented for examination on").fill(day.isoformat())
    page.locator("#act-record_presentation").get_by_role("button").click()
    expect(page.get_by_text("Presentation recorded")).to_be_visible()

    page.locator("summary", has_text="Release the goods").click()
    page.locator("#act-release").get_by_role("button", name="Release the goods").click()
    expect(page.get_by_role("heading", name="Release the goods?", level=1)).to_be_visible()
    entry.refresh_from_db()
    assert entry.release_status == ReleaseStatus.PENDING
    check_page(page, axe_source, camera, "entry-release-confirmation")
    page.get_by_role("button", name="Yes, release the goods").click()
    expect(page.get_by_text("Goods released")).to_be_visible()
    entry.refresh_from_db()
    assert (entry.release_status, entry.released_on) == (ReleaseStatus.RELEASED, day)


def test_an_officer_logs_an_allegation_and_a_supervisor_records_a_finding(live_server, page, camera,
                                                                         axe_source):  # noqa: F811
    factories.UserFactory(role=Role.OFFICER, username="ruiz", first_name="Ana", last_name="Ruiz")
    factories.UserFactory(role=Role.SUPERVISOR, username="diaz", first_name="Sam", last_name="Diaz")

    sign_in(page, live_server, "ruiz")
    page.goto(f"{live_server.url}/investigations/")
    page.locator("summary", has_text="Log an allegation").click()
    check_page(page, axe_source, camera, "allegation-form-open")
    form = page.locator("form", has=page.get_by_role("button", name="Log the allegation"))
    form.get_by_label("Who made the allegation").fill("Workers' rights NGO")
    form.get_by_label("Received on").fill(today("1001").isoformat())
    form.get_by_label("What the allegation says").fill("Withheld passports at a glove factory.")
    form.get_by_label("Subject", exact=True).fill("Example Gloves")
    form.get_by_label("Merchandise", exact=True).fill("Nitrile gloves")
    form.get_by_label("Country", exact=True).fill("MY")
    form.get_by_role("button", name="Log the allegation").click()
    expect(page.get_by_text("Allegation logged")).to_be_visible()
    assert Investigation.objects.get().subject == "Example Gloves"

    page.context.clear_cookies()
    sign_in(page, live_server, "diaz")
    page.goto(f"{live_server.url}/orders/?kind=finding")
    page.locator("summary", has_text="Record a published Finding").click()
    check_page(page, axe_source, camera, "finding-form-open")
    form = page.locator("form", has=page.get_by_role("button", name="Record a published Finding"))
    form.get_by_label("Reference", exact=True).fill("FIND-2026-0007")
    form.get_by_label("Entity or region as published").fill("Example Province")
    form.get_by_label("Merchandise", exact=True).fill("Cotton")
    form.get_by_label("Country", exact=True).fill("CN")
    form.get_by_text("Covers a whole region or country", exact=True).click()  # the USWDS box is drawn by its label
    form.get_by_label("Date of publication").fill(today("1001").isoformat())
    form.get_by_role("button", name="Record a published Finding").click()
    expect(page.get_by_text("Finding recorded")).to_be_visible()
    assert Finding.objects.get().reference == "FIND-2026-0007"


def test_an_importer_marks_every_notice_read(live_server, page, camera, axe_source):  # noqa: F811
    organisation = factories.ImporterOrganisationFactory(name="Alpha Imports LLC")
    importer = factories.UserFactory(role=Role.IMPORTER, organisation=organisation, username="alpha",
                                     first_name="Lee", last_name="Chan")
    for n in range(3):
        Notification.objects.create(recipient=importer, kind="clock_reminder", subject=f"Reminder {n}",
                                    body="Due soon.", idempotency_key=f"journey-{n}")

    sign_in(page, live_server, "alpha")
    page.goto(f"{live_server.url}/portal/notifications/")
    check_page(page, axe_source, camera, "portal-notices-unread")
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_text("Marked 3 notices as read.")).to_be_visible()
    assert not Notification.objects.filter(recipient=importer, read_at__isnull=True).exists()
