"""Findings: 50 wrong passwords then the right one signed in; the token endpoint's throttle keyed on a
client-supplied X-Forwarded-For. Now failures lock a username and an address out (django-axes), and every
throttle keys on the address the trusted proxies saw."""

import pytest
from django.test import RequestFactory

from cases.accounts.network import client_address
from tests.api.conftest import client_for
from tests.security.support import events, sign_in, signed_in_user_id

pytestmark = pytest.mark.django_db

WRONG = "wrong-password-2026"
RIGHT = "test-pass-2026!"


def test_fifty_wrong_passwords_then_the_right_one_does_not_sign_in(client, world):
    for _ in range(50):
        sign_in(client, "importer", WRONG)

    response = sign_in(client, "importer", RIGHT)

    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert signed_in_user_id(client) is None


def test_the_fifth_failure_locks_the_username_out_and_is_audited(client, world, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        assert sign_in(client, "importer", WRONG).status_code == 200
    assert sign_in(client, "importer", WRONG).status_code == 429

    assert len(events("sign_in_failed")) == 4
    lockouts = events("sign_in_locked_out")
    assert lockouts and lockouts[0].object_id == str(world.importer_a.pk)
    assert lockouts[0].outcome == "refused"


def test_a_username_is_locked_out_whatever_address_the_guesses_come_from(client, world):
    for n in range(5):
        sign_in(client, "importer", WRONG, address=f"198.51.100.{n + 1}")

    assert sign_in(client, "importer", RIGHT, address="198.51.100.99").status_code == 429
    assert signed_in_user_id(client) is None


def test_an_address_is_locked_out_whatever_usernames_it_tries(client, world):
    for n in range(5):
        sign_in(client, f"someone{n}", WRONG, address="198.51.100.20")

    assert sign_in(client, "importer2", RIGHT, address="198.51.100.20").status_code == 429
    # Another address signs in as usual.
    assert sign_in(client, "importer2", RIGHT, address="198.51.100.21").status_code == 302


def test_rotating_x_forwarded_for_does_not_escape_the_address_lockout(client, world):
    for n in range(5):
        sign_in(client, f"someone{n}", WRONG, address="198.51.100.30", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")

    response = sign_in(client, "importer2", RIGHT, address="198.51.100.30", HTTP_X_FORWARDED_FOR="10.0.0.99")

    assert response.status_code == 429


def test_a_success_before_the_limit_clears_the_count(client, world):
    for _ in range(4):
        sign_in(client, "importer", WRONG)
    assert sign_in(client, "importer", RIGHT).status_code == 302
    client.post("/accounts/logout/")

    for _ in range(4):
        sign_in(client, "importer", WRONG)
    assert sign_in(client, "importer", RIGHT).status_code == 302


@pytest.mark.parametrize(("trusted", "forwarded", "expected"), [
    (0, "1.1.1.1, 2.2.2.2", "192.0.2.1"),  # no proxy trusted: the header is the client's own claim
    (1, "1.1.1.1, 2.2.2.2", "2.2.2.2"),    # one proxy: it appended the address it saw, rightmost
    (2, "1.1.1.1, 2.2.2.2", "1.1.1.1"),
    (2, "9.9.9.9, 1.1.1.1, 2.2.2.2", "1.1.1.1"),  # the client prepended 9.9.9.9: ignored
    (1, "", "192.0.2.1"),
])
def test_the_client_address_counts_only_the_trusted_proxies(settings, trusted, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = trusted
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected


def test_the_token_endpoint_throttle_ignores_a_rotating_x_forwarded_for(world, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "3/minute", "token_username": "100/minute"}}
    api = client_for(None)
    answers = [api.post("/api/v1/auth/token/", {"username": f"nobody{n}", "password": WRONG},
                        REMOTE_ADDR="198.51.100.40", HTTP_X_FORWARDED_FOR=f"10.1.0.{n}").status_code
               for n in range(4)]

    assert answers == [400, 400, 400, 429]


def test_the_token_endpoint_throttles_one_username_across_addresses(world, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "token_username": "2/minute"}}
    settings.AXES_FAILURE_LIMIT = 100
    api = client_for(None)
    answers = [api.post("/api/v1/auth/token/", {"username": "importer", "password": WRONG},
                        REMOTE_ADDR=f"198.51.100.{50 + n}").status_code for n in range(3)]

    assert answers == [400, 400, 429]


def test_password_guessing_at_the_token_endpoint_locks_the_username_out(world):
    api = client_for(None)
    for n in range(5):
        api.post("/api/v1/auth/token/", {"username": "importer", "password": WRONG}, REMOTE_ADDR=f"198.51.100.{n}")

    response = api.post("/api/v1/auth/token/", {"username": "importer", "password": RIGHT}, REMOTE_ADDR="198.51.100.9")

    assert response.status_code == 429
    assert response.json()["error"]["code"] == "locked_out"
    assert "token" not in response.json()
