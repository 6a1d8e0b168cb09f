"""An officer enrols in two-factor sign-in and signs in again with a code, in the browser."""

import base64

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from cases.models import AuditEvent, Role
from tests import factories
from tests.security.support import totp_now

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in_with_password(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def fits_390_pixels(page) -> bool:
    page.set_viewport_size({"width": 390, "height": 844})
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1366, "height": 768})
    return fits


def test_an_officer_enrols_in_two_factor_sign_in_and_signs_in_with_a_code(live_server, page, camera, settings):
    settings.ACCOUNTS_STAFF_TWO_FACTOR = True  # the production rule
    officer = factories.UserFactory(role=Role.OFFICER, username="ruiz", first_name="Ana", last_name="Ruiz")

    sign_in_with_password(page, live_server, "ruiz")
    expect(page.get_by_role("heading", name="Set up two-factor sign-in", level=1)).to_be_visible()
    expect(page.get_by_role("img", name="QR code holding your two-factor sign-in key")).to_be_visible()
    camera.shot("enrol")
    assert fits_390_pixels(page)
    # The app would scan the QR code; the test computes the code from the device's key, as the app does.
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    shown_key = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    assert shown_key == base64.b32encode(device.bin_key).decode()
    page.get_by_label("Code from your authenticator app").fill(totp_now(device))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()

    expect(page.get_by_role("heading", name="Your recovery codes", level=1)).to_be_visible()
    expect(page.get_by_role("list", name="Recovery codes").get_by_role("listitem")).to_have_count(10)
    camera.shot("recovery-codes")
    page.get_by_role("link", name="I have kept them; continue").click()
    expect(page.get_by_role("heading", name="Work queues", level=1)).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    sign_in_with_password(page, live_server, "ruiz")
    expect(page.get_by_role("heading", name="Enter your one-time code", level=1)).to_be_visible()
    camera.shot("verify")
    # The enrolment code was used; the app shows the next one a period later.
    page.get_by_label("One-time code").fill(totp_now(device, offset_steps=1))
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="Work queues", level=1)).to_be_visible()

    actions = list(AuditEvent.objects.filter(actor=officer).order_by("sequence").values_list("action", flat=True))
    assert actions == ["sign_in", "enrol_two_factor", "sign_out", "sign_in", "verify_two_factor"]

    page.get_by_role("link", name="Sign-in security").click()
    expect(page.get_by_text("Recovery codes left: 10.")).to_be_visible()
    assert fits_390_pixels(page)
    page.get_by_role("link", name="See and revoke your API tokens").click()
    page.get_by_label("Token name").fill("Port dashboard")
    page.get_by_role("button", name="Mint a token").click()
    expect(page.get_by_test_id("minted-token")).to_be_visible()
    camera.shot("token-minted")
    assert fits_390_pixels(page)
