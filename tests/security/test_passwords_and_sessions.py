"""Findings: `aaaaaaaaaaaa` was accepted as a password; sessions lasted two weeks."""

import datetime

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from cases.services.organisations import set_password_link
from tests.security.support import signed_in_user_id, verified_login

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize("weak", ["aaaaaaaaaaaa", "abababababab", "abcabcabcabc", "Harbooooor-2026", "password1234",
                                  "123456789012", "short-Pw1"])
def test_weak_passwords_are_refused(weak):
    with pytest.raises(ValidationError):
        validate_password(weak)


@pytest.mark.parametrize("strong", ["Harbor-lights-2026", "correct horse battery staple", "Q7!vr-Tz0p#LmK"])
def test_passwords_a_person_would_choose_well_are_accepted(strong):
    validate_password(strong)


def test_the_set_password_page_refuses_a_repeated_character_password(client, importer_a):
    uid, token = set_password_link(importer_a)
    page = client.get(f"/accounts/set-password/{uid}/{token}/", follow=True)
    form_url = page.redirect_chain[-1][0]

    response = client.post(form_url, {"new_password1": "aaaaaaaaaaaa", "new_password2": "aaaaaaaaaaaa"})

    assert response.status_code == 200
    assert "too few different characters" in response.content.decode()
    importer_a.refresh_from_db()
    assert not importer_a.check_password("aaaaaaaaaaaa")


def test_sessions_no_longer_last_two_weeks(settings):
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600


def test_staff_are_signed_out_after_30_minutes_without_activity(client, officer):
    with time_machine.travel(START, tick=False) as clock:
        verified_login(client, officer)
        clock.move_to(START + datetime.timedelta(minutes=29))
        assert client.get("/queue/").status_code == 200
        clock.move_to(START + datetime.timedelta(minutes=29 + 31))

        response = client.get("/queue/")

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert signed_in_user_id(client) is None


def test_staff_sessions_end_12_hours_after_sign_in_however_active(client, officer):
    with time_machine.travel(START, tick=False) as clock:
        verified_login(client, officer)
        for minutes in range(20, 12 * 60, 20):
            clock.move_to(START + datetime.timedelta(minutes=minutes))
            assert client.get("/queue/").status_code == 200, minutes
        clock.move_to(START + datetime.timedelta(hours=12, minutes=5))

        response = client.get("/queue/")

    assert response.status_code == 302
    assert signed_in_user_id(client) is None


def test_importers_are_signed_out_after_an_hour_without_activity(client, importer_a):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(importer_a)
        clock.move_to(START + datetime.timedelta(minutes=55))
        assert client.get("/portal/").status_code == 200
        clock.move_to(START + datetime.timedelta(minutes=55 + 61))

        response = client.get("/portal/")

    assert response.status_code == 302
    assert signed_in_user_id(client) is None


def test_an_expired_browser_session_in_the_api_answers_401_in_json(client, importer_a):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(importer_a)
        clock.move_to(START + datetime.timedelta(hours=2))

        response = client.get("/api/v1/detentions/")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "session_expired"
