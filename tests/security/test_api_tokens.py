"""Findings: API tokens never expired, could not be revoked (DELETE answered 405), were listed in plaintext
in the admin, and minting one there was not audited."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from cases.models import ApiToken
from cases.services import accounts, organisations
from tests.api.conftest import client_for
from tests.security.support import enrolled, events, totp_now, verified_login

pytestmark = pytest.mark.django_db

CREDENTIALS = {"username": "importer", "password": "test-pass-2026!"}


def mint(api=None, **extra):
    response = (api or client_for(None)).post("/api/v1/auth/token/", {**CREDENTIALS, **extra})
    assert response.status_code == 200, response.content
    return response.json()


def with_token(key):
    api = client_for(None)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def test_existing_clients_still_get_a_token_for_a_username_and_password_and_it_works(world):
    body = mint()

    assert with_token(body["token"]).get("/api/v1/detentions/").status_code == 200


def test_a_token_expires_after_90_days_and_the_answer_says_when(world):
    now = timezone.now()
    body = mint()

    expires = datetime.datetime.fromisoformat(body["expires_at"].replace("Z", "+00:00"))
    assert abs(expires - (now + datetime.timedelta(days=90))) < datetime.timedelta(minutes=1)
    with time_machine.travel(now + datetime.timedelta(days=89)):
        assert with_token(body["token"]).get("/api/v1/detentions/").status_code == 200
    with time_machine.travel(now + datetime.timedelta(days=90, minutes=1)):
        response = with_token(body["token"]).get("/api/v1/detentions/")
    assert response.status_code == 401
    assert "expired" in response.json()["error"]["message"]


def test_the_expiry_is_a_setting(world, settings):
    settings.API_TOKEN_DAYS = 7
    now = timezone.now()

    body = mint()

    expires = datetime.datetime.fromisoformat(body["expires_at"].replace("Z", "+00:00"))
    assert abs(expires - (now + datetime.timedelta(days=7))) < datetime.timedelta(minutes=1)


def test_the_key_is_stored_only_as_a_digest(world):
    key = mint(name="Broker upload")["token"]

    token = ApiToken.objects.get()
    assert token.name == "Broker upload"
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM cases_apitoken")
        row = cursor.fetchone()
    assert all(key not in str(value) for value in row)
    assert token.prefix == key[:8]


def test_delete_revokes_the_token_the_request_is_made_with(world):
    key = mint()["token"]
    api = with_token(key)

    response = api.delete("/api/v1/auth/token/")

    assert response.status_code == 204
    refused = api.get("/api/v1/detentions/")
    assert refused.status_code == 401 and "revoked" in refused.json()["error"]["message"]
    assert [e.action for e in events("mint_api_token") + events("revoke_api_token")] == [
        "mint_api_token", "revoke_api_token"]
    assert events("revoke_api_token")[0].actor_id == world.importer_a.pk


def test_delete_with_a_browser_session_names_what_to_do(client, world):
    client.force_login(world.importer_a)

    response = client.delete("/api/v1/auth/token/")

    assert response.status_code == 400
    assert "/accounts/tokens/" in response.json()["error"]["message"]


def test_last_use_is_recorded(world):
    key = mint()["token"]
    assert ApiToken.objects.get().last_used_at is None

    with_token(key).get("/api/v1/detentions/")

    assert ApiToken.objects.get().last_used_at is not None


def test_changing_the_password_stops_the_token(world):
    key = mint()["token"]
    user = world.importer_a
    user.set_password("Harbor-lights-2027")
    user.save()

    response = with_token(key).get("/api/v1/detentions/")

    assert response.status_code == 401
    assert "password changed" in response.json()["error"]["message"]


def test_disabling_the_account_revokes_its_tokens(world):
    world.importer_a.is_organisation_admin = True
    colleague = world.importer_a.__class__.objects.create(
        username="colleague", role="importer", organisation=world.org_a, email="c@alpha.example")
    colleague.set_password(CREDENTIALS["password"])
    colleague.save()
    key = mint(username="colleague")["token"]

    organisations.disable_user(actor=world.importer_a, user=colleague)

    assert ApiToken.objects.get(user=colleague).revoked_reason == accounts.REVOKED_ACCOUNT
    assert with_token(key).get("/api/v1/detentions/").status_code == 401


def test_the_owner_lists_mints_and_revokes_tokens_on_a_page(client, world):
    client.force_login(world.importer_a)

    minted = client.post("/accounts/tokens/", {"name": "Broker upload"})

    key = minted.context["minted"]["key"]
    assert key in minted.content.decode()
    listing = client.get("/accounts/tokens/")
    assert "Broker upload" in listing.content.decode() and key not in listing.content.decode()
    token = ApiToken.objects.get()
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/", follow=True)
    assert "is revoked" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_reason == accounts.REVOKED_BY_OWNER


def test_nobody_sees_or_revokes_anothers_token(client, world):
    token, _ = accounts.mint_token(actor=world.importer_a, name="Alpha customs feed")
    client.force_login(world.importer_b)

    assert "Alpha customs feed" not in client.get("/accounts/tokens/").content.decode()
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_tokens_page_runs_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    client.force_login(world.importer_a)
    for n in range(30):
        accounts.mint_token(actor=world.importer_a, name=f"System {n}")

    with django_assert_max_num_queries(8):
        assert client.get("/accounts/tokens/").status_code == 200


def test_the_admin_lists_tokens_without_keys_and_cannot_mint_one(client, world):
    _, key = accounts.mint_token(actor=world.importer_a, name="Broker upload")
    verified_login(client, world.admin)

    listing = client.get("/admin/cases/apitoken/")

    assert listing.status_code == 200 and "Broker upload" in listing.content.decode()
    assert key not in listing.content.decode()
    assert client.get("/admin/cases/apitoken/add/").status_code == 403
    assert client.get("/admin/authtoken/tokenproxy/").status_code == 404


def test_an_administrators_password_change_is_audited_and_stops_the_persons_tokens(client, world):
    token, _ = accounts.mint_token(actor=world.importer_a, name="Broker upload")
    verified_login(client, world.admin)

    response = client.post(f"/admin/cases/user/{world.importer_a.pk}/password/", {
        "password1": "Harbor-lights-2027", "password2": "Harbor-lights-2027", "usable_password": "true"})

    assert response.status_code == 302, response.content[:3000]
    change = events("admin_change_password")
    assert [(e.actor_id, e.object_id) for e in change] == [(world.admin.pk, str(world.importer_a.pk))]
    token.refresh_from_db()
    assert token.revoked_reason == accounts.REVOKED_PASSWORD


def test_staff_with_two_factor_sign_in_must_send_a_code_to_mint_a_token(world):
    device = enrolled(world.officer)
    body = {"username": "officer", "password": CREDENTIALS["password"]}

    without = client_for(None).post("/api/v1/auth/token/", body)
    right = client_for(None).post("/api/v1/auth/token/", {**body, "otp_code": totp_now(device)})
    wrong = client_for(None).post("/api/v1/auth/token/", {**body, "otp_code": totp_now(device, offset_steps=5)})

    assert without.status_code == 400 and "otp_code" in without.json()["error"]["fields"]
    assert wrong.status_code == 400
    assert right.status_code == 200 and right.json()["token"]


def test_staff_who_never_enrolled_get_no_token_with_a_password_alone(world):
    body = {"username": "officer", "password": CREDENTIALS["password"]}

    response = client_for(None).post("/api/v1/auth/token/", body)

    assert response.status_code == 400
    assert "enrol" in response.json()["error"]["message"]


def test_disabling_an_account_in_the_admin_revokes_its_tokens(client, world):
    token, key = accounts.mint_token(actor=world.officer, name="Port dashboard")
    verified_login(client, world.admin)
    officer = world.officer
    page = client.get(f"/admin/cases/user/{officer.pk}/change/")
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update({"is_active": "", "last_login_0": "", "last_login_1": "", "date_joined_0": "2026-01-05",
                 "date_joined_1": "09:00:00", "groups": [], "user_permissions": []})

    response = client.post(f"/admin/cases/user/{officer.pk}/change/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    token.refresh_from_db()
    assert token.revoked_reason == accounts.REVOKED_ACCOUNT
    assert with_token(key).get("/api/v1/detentions/").status_code == 401
