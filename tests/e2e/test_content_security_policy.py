"""The Content-Security-Policy breaks nothing in the browser: Chart.js draws, htmx swaps, and the browser
reports no refused script, style or connection on the pages that use them."""

import pytest
from playwright.sync_api import expect

from cases.models import Role
from tests import factories
from tests.cases import helpers

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def watch_for_csp_violations(page) -> list[str]:
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text else None)
    return violations


def test_charts_and_htmx_work_under_the_policy_without_violations(live_server, page):
    officer = factories.UserFactory(role=Role.OFFICER, username="ruiz")
    factories.UserFactory(role=Role.SUPERVISOR, username="diaz")
    helpers.proposed(officer=officer, basis="uflpa")
    violations = watch_for_csp_violations(page)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("diaz")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Review and workload", level=1)).to_be_visible()
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length === 4")

    page.goto(f"{live_server.url}/queue/")
    page.wait_for_function("() => window.htmx !== undefined")
    response = page.request.get(f"{live_server.url}/queue/")
    assert "script-src 'self'" in response.headers["content-security-policy"]

    assert violations == []
