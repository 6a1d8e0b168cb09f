"""Signing in and the home page's list of detentions."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
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
    assert 'for="id_username"' in page and 'id="id_username"' in page
    assert 'for="id_password"' in page and 'id="id_password"' in page


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


def render_home(user, detentions) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("home.html", {"detentions": detentions}, request=request)


@pytest.mark.django_db
def test_an_importer_sees_only_their_organisations_detentions(client, importer_a, org_a, org_b):
    detention_of(org_a, "AAA-1111111-1")
    detention_of(org_b, "BBB-2222222-2")
    client.force_login(importer_a)

    response = client.get("/", follow=True)

    page = response.content.decode()
    assert response.status_code == 200
    assert "AAA-1111111-1" in page
    assert "BBB-2222222-2" not in page
    assert "Bravo Trading Co." not in page


@pytest.mark.django_db
def test_the_detention_list_shows_entry_importer_basis_state_and_date(importer_a, org_a):
    page = render_home(importer_a, [detention_of(org_a, "AAA-1111111-1")])

    assert '<th scope="row" class="mono">AAA-1111111-1</th>' in page
    assert "<td>Alpha Imports LLC</td>" in page
    assert "CAATSA sec. 321(b) presumption" in page
    assert "Detained</span>" in page
    assert '<time datetime="2026-10-03">3 Oct 2026</time>' in page


@pytest.mark.django_db
def test_the_detention_list_says_so_when_there_are_no_detentions(importer_b):
    page = render_home(importer_b, [])

    assert "No detentions to show." in page
    assert "<table" not in page


@pytest.mark.django_db
def test_the_layout_names_the_signed_in_user_and_role_and_signs_out_by_post(supervisor):
    page = render_home(supervisor, [])

    assert "Sam Diaz" in page and "Supervisor" in page
    assert f'<form method="post" action="{reverse("logout")}"' in page
    assert 'href="#main-content"' in page and '<main id="main-content"' in page
    assert "Forced Labor Case Manager" in page
    assert "/static/css/app.css" in page
