"""The header menu in Chromium: on a phone (390 px) the navigation, the search and the account links fold behind
one "Menu" button that opens and closes them (mouse, keyboard, Escape); on a laptop (1366 px) they show inline
with no button; with JavaScript off everything shows, wrapped. axe-core finds no serious or critical violation
closed or open, and no state scrolls sideways. Screenshots go to test-artifacts/screenshots/ (git-ignored)."""

import pytest
from playwright.sync_api import expect

from cases.models import Role
from tests import factories
from tests.e2e.test_content_security_policy import watch_for_csp_violations
from tests.e2e.test_crawl_accessibility import SERIOUS, axe_source  # noqa: F401 (fixture)
from tests.e2e.test_journeys import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
FITS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
# What the supervisor's header holds: every navigation link, the search and the account links.
SUPERVISOR_LINKS = ["Review & workload", "Work queues", "Entries", "Orders", "Investigations", "Statistics",
                    "Inbox", "Your settings", "Sign-in security"]
PORTAL_LINKS = ["Your detentions", "Notices", "Your organisation", "Glossary", "Webhooks", "Your settings",
                "Sign-in security"]


def header_link(page, name):
    return page.get_by_role("banner").get_by_role("link", name=name, exact=True)


def serious_violations(page, axe) -> list[str]:
    page.add_script_tag(path=str(axe))
    return page.evaluate(SERIOUS)


@pytest.fixture
def supervisor(db):
    return factories.UserFactory(role=Role.SUPERVISOR, username="diaz", first_name="Sam", last_name="Diaz")


def test_on_a_phone_the_header_folds_behind_a_menu_button_that_opens_closes_and_leads_somewhere(
        live_server, page, camera, supervisor):
    violations = watch_for_csp_violations(page)  # the menu's script runs under the page's policy, not beside it
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "diaz")
    menu = page.get_by_role("button", name="Menu", exact=True)

    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_have_attribute("aria-controls", "site-menu")
    for name in SUPERVISOR_LINKS:
        expect(header_link(page, name)).to_be_hidden()
    expect(page.get_by_role("button", name="Sign out")).to_be_hidden()
    expect(page.get_by_label("Search entry number, importer, producer or order")).to_be_hidden()
    assert page.evaluate(FITS)
    # The page's work starts within the first screen: the folded header is one row, not three.
    camera.shot("menu-closed-390")
    assert page.get_by_role("banner").bounding_box()["height"] < 100

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    for name in SUPERVISOR_LINKS:
        expect(header_link(page, name)).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_label("Search entry number, importer, producer or order")).to_be_visible()
    assert page.evaluate(FITS)
    camera.shot("menu-open-390")

    header_link(page, "Orders").click()
    expect(page.get_by_role("heading", level=1, name="Orders registry")).to_be_visible()
    expect(page.get_by_role("button", name="Menu", exact=True)).to_have_attribute("aria-expanded", "false")
    expect(header_link(page, "Orders")).to_be_hidden()
    assert violations == []


def test_the_menu_button_works_from_the_keyboard_shows_its_focus_and_escape_closes_it(
        live_server, page, supervisor):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "diaz")
    page.goto(f"{live_server.url}/queue/")
    menu = page.get_by_role("button", name="Menu", exact=True)

    menu.focus()
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")  # the first link of the open menu is next in the tab order
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Review & workload"

    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    expect(header_link(page, "Work queues")).to_be_hidden()

    page.keyboard.press("Space")
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Space")
    expect(menu).to_have_attribute("aria-expanded", "false")


def test_on_a_laptop_the_links_show_inline_without_a_menu_button(live_server, page, supervisor):
    page.set_viewport_size(LAPTOP)
    sign_in(page, live_server, "diaz")

    expect(page.get_by_role("button", name="Menu", exact=True)).to_be_hidden()
    for name in SUPERVISOR_LINKS:
        expect(header_link(page, name)).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_label("Search entry number, importer, producer or order")).to_be_visible()

    # Narrowed to a phone and widened again: a menu left open or closed on the phone shows inline again.
    page.set_viewport_size(PHONE)
    expect(header_link(page, "Orders")).to_be_hidden()
    page.set_viewport_size(LAPTOP)
    expect(header_link(page, "Orders")).to_be_visible()
    expect(page.get_by_role("button", name="Menu", exact=True)).to_be_hidden()


def test_the_importers_portal_header_folds_the_same_way(live_server, page):
    org = factories.ImporterOrganisationFactory(name="Alpha Imports LLC")
    factories.UserFactory(role=Role.IMPORTER, username="alpha", organisation=org)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "alpha")
    menu = page.get_by_role("button", name="Menu", exact=True)

    expect(menu).to_be_visible()
    for name in PORTAL_LINKS:
        expect(header_link(page, name)).to_be_hidden()
    menu.click()
    for name in PORTAL_LINKS:
        expect(header_link(page, name)).to_be_visible()
    header_link(page, "Your organisation").click()
    expect(page).to_have_url(f"{live_server.url}/portal/organisation/")
    assert page.evaluate(FITS)


def test_without_javascript_the_header_shows_every_link_and_no_dead_button(live_server, browser, supervisor):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, "diaz")
    page.wait_for_url(f"{live_server.url}/**")

    expect(page.get_by_role("button", name="Menu", exact=True)).to_have_count(0)  # hidden: not in the tree
    for name in SUPERVISOR_LINKS:
        expect(header_link(page, name)).to_be_visible()
    assert page.evaluate(FITS)
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390", "1366"])
def test_axe_finds_no_serious_violation_in_the_header_closed_or_open(live_server, browser, supervisor, viewport,
                                                                    axe_source):  # noqa: F811
    # axe-core is injected as a script of its own, which the page's policy would refuse: bypass it for this check.
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server, "diaz")
    page.goto(f"{live_server.url}/queue/")

    assert serious_violations(page, axe_source) == []
    assert page.evaluate(FITS)
    menu = page.get_by_role("button", name="Menu", exact=True)
    if viewport == PHONE:
        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")
        assert serious_violations(page, axe_source) == []
        assert page.evaluate(FITS)
    else:
        expect(menu).to_be_hidden()
    context.close()
