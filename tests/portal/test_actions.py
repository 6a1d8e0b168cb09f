"""Answering an RFI, electing export and protesting an exclusion from the portal."""

import datetime

import pytest
from django.urls import reverse

from cases.models import Detention, Protest, RequestForInformation
from cases.services.support import as_of
from tests.portal.builders import excluded, noticed, with_rfi

pytestmark = pytest.mark.django_db


def test_the_rfi_page_shows_the_questions_and_the_due_date(client, officer, importer_a):
    rfi = with_rfi(officer=officer, importer=importer_a.organisation)
    client.force_login(importer_a)

    page = client.get(reverse("portal:rfi", args=[rfi.pk])).content.decode()

    assert "Name every spinning mill of the yarn." in page
    assert f"{rfi.due_date.day} {rfi.due_date:%B %Y}" in page
    assert "Send the answer" in page
    assert reverse("evidence:upload", args=["rfi", rfi.pk]) in page


def test_answering_an_rfi_sends_the_answer_to_the_port(client, officer, importer_a):
    rfi = with_rfi(officer=officer, importer=importer_a.organisation)
    client.force_login(importer_a)

    response = client.post(reverse("portal:rfi", args=[rfi.pk]), {"answer": "Mills A and B in Penang."})

    rfi.refresh_from_db()
    assert response.status_code == 302
    assert rfi.status == "answered" and rfi.answer == "Mills A and B in Penang."
    assert "Mills A and B in Penang." in client.get(reverse("portal:rfi", args=[rfi.pk])).content.decode()


def test_an_empty_answer_is_refused_with_the_reason(client, officer, importer_a):
    rfi = with_rfi(officer=officer, importer=importer_a.organisation)
    client.force_login(importer_a)

    response = client.post(reverse("portal:rfi", args=[rfi.pk]), {"answer": "  "})

    rfi.refresh_from_db()
    assert rfi.status == "open"
    assert "Write your answer before sending it." in response.content.decode()


def test_after_its_due_date_the_rfi_page_says_the_window_closed(client, officer, importer_a):
    sent_on = datetime.date.today() - datetime.timedelta(days=60)
    with as_of(sent_on):
        rfi = with_rfi(officer=officer, importer=importer_a.organisation,
                       importation_date=sent_on - datetime.timedelta(days=5))
    client.force_login(importer_a)

    page = client.get(reverse("portal:rfi", args=[rfi.pk])).content.decode()
    client.post(reverse("portal:rfi", args=[rfi.pk]), {"answer": "Too late?"})

    assert f"The window to answer closed on {rfi.due_date.day} {rfi.due_date:%B %Y}" in page
    assert "Send the answer" not in page
    assert RequestForInformation.objects.get(pk=rfi.pk).status == "open"


def test_electing_export_closes_the_case(client, officer, importer_a):
    detention = noticed(officer=officer, basis="wro", importer=importer_a.organisation)
    client.force_login(importer_a)

    response = client.post(reverse("portal:elect_export", args=[detention.pk]),
                           {"version": detention.version, "confirm": "on"})

    detention.refresh_from_db()
    assert response.status_code == 302
    assert detention.status == "exported"


def test_export_needs_the_confirmation_box(client, officer, importer_a):
    detention = noticed(officer=officer, basis="wro", importer=importer_a.organisation)
    client.force_login(importer_a)

    response = client.post(reverse("portal:elect_export", args=[detention.pk]), {"version": detention.version})

    assert "Tick the box to confirm" in response.content.decode()
    assert Detention.objects.get(pk=detention.pk).status == "notice_issued"


def test_export_with_a_stale_version_is_refused(client, officer, importer_a):
    detention = noticed(officer=officer, basis="wro", importer=importer_a.organisation)
    client.force_login(importer_a)

    response = client.post(reverse("portal:elect_export", args=[detention.pk]),
                           {"version": detention.version - 1, "confirm": "on"})

    assert "changed since the page was loaded" in response.content.decode()
    assert Detention.objects.get(pk=detention.pk).status == "notice_issued"


def test_export_is_not_offered_under_a_finding(client, officer, importer_a):
    detention = noticed(officer=officer, basis="finding", importer=importer_a.organisation)
    client.force_login(importer_a)

    detail = client.get(reverse("portal:detention", args=[detention.pk])).content.decode()
    page = client.get(reverse("portal:elect_export", args=[detention.pk])).content.decode()
    client.post(reverse("portal:elect_export", args=[detention.pk]), {"version": detention.version, "confirm": "on"})

    assert "Elect to export the goods</a>" not in detail
    assert "19 CFR 12.44(b)" in page
    assert Detention.objects.get(pk=detention.pk).status == "notice_issued"


def test_the_protest_form_is_filled_with_what_the_system_knows(client, officer, supervisor, importer_a, org_a):
    detention = excluded(officer=officer, supervisor=supervisor, basis="wro", importer=org_a)
    client.force_login(importer_a)

    page = client.get(reverse("portal:protest", args=[detention.pk])).content.decode()

    assert org_a.importer_number in page and detention.shipment.entry_number in page
    assert "days left to file a protest of the exclusion" in page


def test_a_protest_with_the_174_13_contents_is_filed(client, officer, supervisor, importer_a, org_a):
    detention = excluded(officer=officer, supervisor=supervisor, basis="wro", importer=org_a)
    client.force_login(importer_a)

    response = client.post(reverse("portal:protest", args=[detention.pk]), {
        "version": detention.version, "protestant_name": org_a.name, "protestant_address": org_a.address,
        "importer_number": org_a.importer_number, "entry_number": detention.shipment.entry_number,
        "merchandise": "Nitrile gloves", "objections": "The supplier was remediated in 2025; audit attached.",
    })

    assert response.status_code == 302
    protest = Protest.objects.get(detention=detention)
    assert protest.status == "filed" and protest.filed_by == importer_a


def test_a_protest_missing_contents_lists_each_missing_part(client, officer, supervisor, importer_a, org_a):
    detention = excluded(officer=officer, supervisor=supervisor, basis="wro", importer=org_a)
    client.force_login(importer_a)

    response = client.post(reverse("portal:protest", args=[detention.pk]), {
        "version": detention.version, "protestant_name": org_a.name, "protestant_address": "",
        "importer_number": org_a.importer_number, "entry_number": "BAD", "merchandise": "", "objections": "",
    })

    page = response.content.decode()
    assert "Give the protestant&#x27;s address." in page
    assert "Describe the merchandise protested." in page
    assert "State each decision protested and the reasons for the objection." in page
    assert not Protest.objects.filter(detention=detention).exists()


def test_a_protest_is_not_open_before_an_exclusion(client, officer, importer_a):
    detention = noticed(officer=officer, basis="wro", importer=importer_a.organisation)
    client.force_login(importer_a)

    page = client.get(reverse("portal:protest", args=[detention.pk])).content.decode()

    assert "A protest cannot be filed on this case now" in page
    assert "File the protest" not in page
