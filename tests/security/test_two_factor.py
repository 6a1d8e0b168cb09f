"""Two-factor sign-in: staff give a one-time code after the password; those who never enrolled are sent
to enrolment first; recovery codes work once; an administrator's reset is audited; importers may opt in."""

import base64
import re

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.errors import ActionNotPermitted
from cases.services import accounts
from config import settings as project_settings
from tests.security.support import enrolled, events, sign_in, signed_in_user_id, totp, totp_now, verified_login

pytestmark = pytest.mark.django_db


def test_the_totp_helper_matches_the_rfc_6238_test_vector():
    # RFC 6238 appendix B, SHA-1 seed, T = 59 s: 94287082 (8 digits).
    assert totp(b"12345678901234567890", 59, digits=8) == "94287082"


def test_staff_are_two_factor_by_default():
    assert project_settings.ACCOUNTS_STAFF_TWO_FACTOR is True


def test_an_officer_who_never_enrolled_is_sent_to_enrolment_after_the_password(client, officer):
    response = sign_in(client, "officer")

    assert response.status_code == 302
    page = client.get(response["Location"], follow=True)
    assert page.redirect_chain[-1][0].startswith("/accounts/two-factor/enrol/")
    # Nothing else opens until enrolment is done, in pages or in the API.
    assert client.get("/queue/")["Location"].startswith("/accounts/two-factor/enrol/")
    api = client.get("/api/v1/detentions/")
    assert api.status_code == 403 and api.json()["error"]["code"] == "two_factor_required"


def test_enrolment_shows_a_qr_code_and_a_first_code_turns_two_factor_on(client, officer):
    sign_in(client, "officer")
    page = client.get("/accounts/two-factor/enrol/")
    assert "<svg" in page.content.decode() and "QR code" in page.content.decode()
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', page.content.decode()).group(1)
    assert secret.replace(" ", "") == base64.b32encode(device.bin_key).decode()

    wrong = client.post("/accounts/two-factor/enrol/", {"code": totp_now(device, offset_steps=10)})
    assert "not right" in wrong.content.decode()
    done = client.post("/accounts/two-factor/enrol/", {"code": totp_now(device)})

    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and all(code in done.content.decode() for code in codes)
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/queue/").status_code == 200
    assert [e.actor_id for e in events("enrol_two_factor")] == [officer.pk]


def test_an_enrolled_officer_signs_in_with_a_code(client, officer):
    device = enrolled(officer)
    response = sign_in(client, "officer")
    landed = client.get(response["Location"], follow=True).redirect_chain[-1][0]
    assert landed.startswith("/accounts/two-factor/verify/")

    wrong = client.post("/accounts/two-factor/verify/", {"code": totp_now(device, offset_steps=10)})
    assert "not right" in wrong.content.decode()
    assert client.get("/queue/").status_code == 302
    device.throttle_reset()

    right = client.post("/accounts/two-factor/verify/", {"code": totp_now(device), "next": "/queue/"})

    assert right.status_code == 302 and right["Location"] == "/queue/"
    assert client.get("/queue/").status_code == 200
    assert events("verify_two_factor_failed") and events("verify_two_factor")


def test_a_code_is_accepted_only_once(client, officer):
    device = enrolled(officer)
    code = totp_now(device)
    sign_in(client, "officer")
    assert client.post("/accounts/two-factor/verify/", {"code": code}).status_code == 302
    client.post("/accounts/logout/")

    sign_in(client, "officer")
    again = client.post("/accounts/two-factor/verify/", {"code": code})

    assert again.status_code == 200 and "not right" in again.content.decode()


def test_a_recovery_code_signs_in_once(client, officer):
    device = enrolled(officer)
    codes = accounts.regenerate_recovery_codes(actor=officer)
    assert device.confirmed
    sign_in(client, "officer")

    assert client.post("/accounts/two-factor/verify/", {"code": codes[0]}).status_code == 302
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    client.post("/accounts/logout/")
    sign_in(client, "officer")
    assert client.post("/accounts/two-factor/verify/", {"code": codes[0]}).status_code == 200


def test_an_administrator_resets_two_factor_and_it_is_audited(client, officer, admin_user):
    enrolled(officer)
    verified_login(client, admin_user)

    response = client.post("/admin/cases/user/", {"action": "reset_two_factor", "_selected_action": [officer.pk]})

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    reset = events("reset_two_factor")
    assert [(e.actor_id, e.object_id) for e in reset] == [(admin_user.pk, str(officer.pk))]
    # At the next sign-in the officer enrols again.
    other = client.__class__()
    sign_in(other, "officer")
    assert other.get("/queue/")["Location"].startswith("/accounts/two-factor/enrol/")


def test_only_an_administrator_may_reset_two_factor(officer, supervisor):
    enrolled(officer)

    with pytest.raises(ActionNotPermitted):
        accounts.reset_two_factor(actor=supervisor, user=officer)


def test_the_admin_does_not_show_authenticator_keys(client, admin_user, officer):
    enrolled(officer)
    verified_login(client, admin_user)

    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404


def test_an_importer_signs_in_with_a_password_alone_until_they_turn_two_factor_on(client, importer_a):
    response = sign_in(client, "importer")
    assert client.get("/portal/").status_code == 200, response

    page = client.get("/accounts/two-factor/enrol/")
    device = TOTPDevice.objects.get(user=importer_a, confirmed=False)
    assert page.status_code == 200
    client.post("/accounts/two-factor/enrol/", {"code": totp_now(device)})
    client.post("/accounts/logout/")

    sign_in(client, "importer")
    assert client.get("/portal/")["Location"].startswith("/accounts/two-factor/verify/")
    client.post("/accounts/two-factor/verify/", {"code": totp_now(device, offset_steps=1)})
    assert client.get("/portal/").status_code == 200


def test_an_importer_may_turn_two_factor_off_but_staff_may_not(client, importer_a, officer):
    enrolled(importer_a)
    accounts.disable_two_factor(actor=importer_a)
    assert not TOTPDevice.objects.filter(user=importer_a).exists()

    enrolled(officer)
    with pytest.raises(ActionNotPermitted):
        accounts.disable_two_factor(actor=officer)


def test_sign_in_sign_out_and_failures_are_audited(client, importer_a):
    sign_in(client, "importer", "wrong-password-2026")
    sign_in(client, "nobody-here", "wrong-password-2026")
    sign_in(client, "importer")
    client.post("/accounts/logout/")

    failed = events("sign_in_failed")
    assert [e.after["username"] for e in failed] == ["importer", "nobody-here"]
    assert failed[0].object_id == str(importer_a.pk) and failed[0].after["client_address"] == "203.0.113.7"
    assert [e.actor_id for e in events("sign_in")] == [importer_a.pk]
    assert [e.actor_id for e in events("sign_out")] == [importer_a.pk]
    assert signed_in_user_id(client) is None
