"""Finding: deactivating an importer organisation cut off nobody. Its users are now refused everywhere."""

import pytest
from django.contrib.messages import get_messages
from django.http import HttpRequest

from cases.errors import ActionNotPermitted
from cases.models import ApiToken
from cases.services import accounts, rfis
from tests.api import builders as b
from tests.api.conftest import client_for
from tests.security.support import events, sign_in, signed_in_user_id, verified_login

pytestmark = pytest.mark.django_db

SUSPENDED = "access to the system is suspended"


def suspend(organisation):
    organisation.is_active = False
    organisation.save(update_fields=["is_active"])


def test_a_signed_in_importer_of_a_suspended_organisation_is_signed_out_of_the_portal_and_told_why(client, world):
    client.force_login(world.importer_a)
    assert client.get("/portal/").status_code == 200
    suspend(world.org_a)

    response = client.get("/portal/")

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert signed_in_user_id(client) is None
    assert any(SUSPENDED in str(m) for m in get_messages(response.wsgi_request))
    refused = events("access_refused")
    assert [e.actor_id for e in refused] == [world.importer_a.pk] and refused[0].outcome == "refused"


def test_the_importers_of_other_organisations_are_not_affected(client, world):
    suspend(world.org_a)
    client.force_login(world.importer_b)

    assert client.get("/portal/").status_code == 200


def test_an_importer_of_a_suspended_organisation_cannot_sign_in_and_is_told_why(client, world):
    suspend(world.org_a)

    response = sign_in(client, world.importer_a.username)

    assert response.status_code == 200
    assert SUSPENDED in response.content.decode()
    assert signed_in_user_id(client) is None
    assert events("access_refused")[-1].actor_id == world.importer_a.pk


def test_a_wrong_password_says_nothing_about_the_organisation(client, world):
    suspend(world.org_a)

    response = sign_in(client, world.importer_a.username, password="not-the-password-2026")

    assert SUSPENDED not in response.content.decode()
    assert "correct username and password" in response.content.decode()


def test_the_browser_session_in_the_api_is_refused_with_a_json_error(client, world):
    client.force_login(world.importer_a)
    suspend(world.org_a)

    response = client.get("/api/v1/detentions/")

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "organisation_suspended"
    assert SUSPENDED in response.json()["error"]["message"]


def test_a_token_minted_before_the_suspension_is_refused_and_the_refusal_audited(world):
    api = client_for(world.importer_a)
    assert api.get("/api/v1/detentions/").status_code == 200
    suspend(world.org_a)  # directly in the database: the token check itself refuses, not only the revocation

    response = api.get("/api/v1/detentions/")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "organisation_suspended"
    assert events("access_refused")[-1].object_type == "apitoken"


def test_suspending_an_organisation_in_the_admin_revokes_its_users_tokens(client, world):
    token, _ = accounts.mint_token(actor=world.importer_a, name="Broker upload")
    other, _ = accounts.mint_token(actor=world.importer_b, name="Other organisation")
    verified_login(client, world.admin)
    org = world.org_a

    response = client.post(f"/admin/cases/importerorganisation/{org.pk}/change/", {
        "name": org.name, "importer_number": org.importer_number, "address": org.address,
        "contact_email": org.contact_email, "is_active": "",  # unticked
    })

    assert response.status_code == 302, response.content[:2000]
    token.refresh_from_db()
    other.refresh_from_db()
    assert token.revoked_reason == accounts.REVOKED_ORGANISATION and token.revoked_at is not None
    assert other.revoked_at is None
    assert [e.object_id for e in events("revoke_api_token")] == [str(token.pk)]


def test_no_token_is_minted_for_a_suspended_organisations_user(world):
    suspend(world.org_a)

    response = client_for(None).post("/api/v1/auth/token/", {"username": "importer", "password": "test-pass-2026!"})

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "organisation_suspended"
    assert not ApiToken.objects.exists()


def test_minting_on_the_tokens_page_is_refused_too(world):
    world.importer_a.organisation.is_active = False

    with pytest.raises(ActionNotPermitted, match="suspended"):
        accounts.mint_token(actor=world.importer_a, name="Broker upload")


def test_a_suspended_organisations_user_cannot_answer_a_request_for_information(world):
    rfi = b.open_rfi(world)
    suspend(world.org_a)
    world.importer_a.refresh_from_db()

    with pytest.raises(ActionNotPermitted, match="suspended"):
        rfis.answer_rfi(actor=world.importer_a, rfi=rfi, answer="Mill A, Mill B.")

    rfi.refresh_from_db()
    assert rfi.status == "open"


def test_the_password_backend_refuses_a_suspended_organisations_user(world):
    from django.contrib.auth import authenticate

    suspend(world.org_a)

    assert authenticate(HttpRequest(), username="importer", password="test-pass-2026!") is None
