"""Signing in and the home page's list of detentions."""

import datetime

import pytest
from django.urls import reverse

from cases.models import Detention
from tests import factories


def detention_of(organisation, entry_number) -> Detention:
    shipment = factories.ShipmentFactory(importer=organisation, entry_number=entry_number, release_status="detained")
    return Detention.objects.create(
        shipment=shipment, basis="caatsa", presented_on=shipment.presentation_date,
        detained_on=shipment.presentation_date + datetime.timedelta(days=1), port_code=shipment.port_code,
    )


@pytest.mark.django_db
def test_sign_in_page_answers_with_a_labelled_form(client):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<form method="post"' in page
    assert '<label for="id_username">' in page
    assert '<label for="id_password">' in page


@pytest.mark.django_db
def test_sign_in_with_a_wrong_password_shows_the_error(client, officer):
    response = client.post("/accounts/login/", {"username": "officer", "password": "not-the-password"})

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "enter a correct username and password" in response.content.decode()


@pytest.mark.django_db
def test_sign_in_with_the_right_password_leads_home(client, officer):
    response = client.post("/accounts/login/", {"username": "officer", "password": factories.PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("home")


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/"


@pytest.mark.django_db
def test_an_importer_sees_only_their_organisations_detentions(client, importer_a, org_a, org_b):
    detention_of(org_a, "AAA-1111111-1")
    detention_of(org_b, "BBB-2222222-2")
    client.force_login(importer_a)

    response = client.get("/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "AAA-1111111-1" in page
    assert "Alpha Imports LLC" in page
    assert "BBB-2222222-2" not in page
    assert "Bravo Trading Co." not in page


@pytest.mark.django_db
def test_an_officer_sees_every_detention_with_basis_state_and_date(client, officer, org_a, org_b):
    detention_of(org_a, "AAA-1111111-1")
    detention_of(org_b, "BBB-2222222-2")
    client.force_login(officer)

    page = client.get("/").content.decode()

    assert "AAA-1111111-1" in page and "BBB-2222222-2" in page
    assert "CAATSA sec. 321(b) presumption" in page
    assert "Detained</span>" in page
    assert '<time datetime="2026-10-03">3 Oct 2026</time>' in page


@pytest.mark.django_db
def test_home_says_so_when_there_are_no_detentions(client, importer_b):
    client.force_login(importer_b)

    page = client.get("/").content.decode()

    assert "No detentions to show." in page
    assert "<table" not in page


@pytest.mark.django_db
def test_every_page_names_the_signed_in_user_and_role_and_signs_out_by_post(client, supervisor):
    client.force_login(supervisor)

    page = client.get("/").content.decode()

    assert "Sam Diaz" in page and "Supervisor" in page
    assert f'<form method="post" action="{reverse("logout")}"' in page
    assert 'href="#main-content"' in page and '<main id="main-content"' in page
    assert "/static/css/app.css" in page
