"""The inbox and the All clocks page, paged by cursor, in the browser: an officer follows Next page and
Previous page, each page fits 390 px and has no serious or critical axe-core violation, and the header shows
the unread count past its cap as "N+"."""

import pytest
from playwright.sync_api import expect

from cases.models import Notification, Role
from tests import factories
from tests.cases import helpers
from tests.e2e.test_journeys import sign_in
from tests.e2e.test_seizure_journey import fits_390, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def checked(page):
    page.wait_for_function("() => document.readyState === 'complete'")
    assert fits_390(page)
    assert serious_violations(page) == []


def test_officer_pages_through_the_inbox_and_all_clocks(live_server, page, camera, monkeypatch):
    monkeypatch.setattr("cases.queries.UNREAD_COUNT_CAP", 20)  # the live server runs in this process
    monkeypatch.setattr("cases.views.clocks_page.PAGE_SIZE", 2)
    officer = factories.UserFactory(role=Role.OFFICER, username="ruiz", first_name="Ana", last_name="Ruiz")
    for _ in range(3):
        helpers.detained(officer=officer)  # each notifies the officer and opens its clocks
    Notification.objects.bulk_create([
        Notification(recipient=officer, kind="clock_reminder", subject=f"Reminder {i:02d}",
                     body="The detention notice is due soon.", idempotency_key=f"e2e-{i}") for i in range(30)])

    sign_in(page, live_server, "ruiz")
    page.goto(f"{live_server.url}/inbox/")
    expect(page.locator(".unread-count").first).to_have_text("20+ unread")
    expect(page.get_by_role("heading", name="Inbox (20+ unread)")).to_be_visible()
    checked(page)
    first_page = page.locator("tbody tr").all_inner_texts()
    assert len(first_page) == 25
    page.get_by_role("link", name="Next page").click()
    expect(page.get_by_role("link", name="Previous page")).to_be_visible()
    assert page.locator("tbody tr").count() == 33 - 25  # 30 reminders and the 3 detentions' notices
    checked(page)
    camera.shot("inbox-second-page")
    page.get_by_role("link", name="Previous page").click()
    expect(page.locator("tbody tr")).to_have_count(25)
    assert page.locator("tbody tr").all_inner_texts() == first_page

    page.goto(f"{live_server.url}/queue/clocks/")
    expect(page.locator("#clocks-heading")).to_contain_text("1–2 of")
    checked(page)
    page.get_by_role("link", name="Next page").click()
    expect(page.locator("#clocks-heading")).to_contain_text("3–4 of")
    checked(page)
    camera.shot("all-clocks-second-page")
