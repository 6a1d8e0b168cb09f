"""The records staff make through the API's list endpoints are also made from pages, from the same declared act
(cases.actions): an allegation from the investigations list, a published Finding from the orders registry
(supervisors only, 19 CFR 12.42(f)).

The transmittal date is counted by hand: an allegation received on 2 November 2026 must reach the Commissioner
within 10 calendar days, by 12 November 2026 (19 CFR 12.42(c)).
"""

import datetime

import pytest
from django.urls import reverse

from cases.models import Deadline, Finding, Investigation
from tests import factories
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

ALLEGATION = {
    "allegation_source": "Workers' rights NGO", "allegation_received_on": "2026-11-02",
    "allegation_summary": "Recruitment fees and withheld passports at a glove factory.", "subject": "Example Gloves",
    "merchandise": "Nitrile gloves", "country": "MY", "hts_codes": "4015.19.0510, 4015.19.1010",
}
FINDING = {"reference": "FIND-2026-0007", "entity_name": "Example Province", "is_region_wide": "on",
           "merchandise": "Cotton", "country": "CN", "published_date": "2026-11-02",
           "federal_register_citation": "91 FR 12345"}


def test_an_officer_logs_an_allegation_from_the_investigations_list(client, officer):
    client.force_login(officer)
    assert f'action="{reverse("investigation-log")}"' in client.get(reverse("investigations")).content.decode()

    response = client.post(reverse("investigation-log"), ALLEGATION)

    investigation = Investigation.objects.get(subject="Example Gloves")
    assert response.status_code == 302 and response.url == reverse("investigation", args=[investigation.pk])
    assert investigation.hts_codes == ["4015.19.0510", "4015.19.1010"]
    clock = Deadline.objects.get(investigation=investigation, kind="allegation_transmittal")
    assert clock.due_date == datetime.date(2026, 11, 12)


def test_an_allegation_without_its_summary_is_refused_in_the_words_the_api_uses(client, officer):
    client.force_login(officer)
    typed = {**ALLEGATION, "allegation_summary": ""}

    page = client.post(reverse("investigation-log"), typed)
    api = client_for(officer).post("/api/v1/investigations/", {**typed, "hts_codes": []}, format="json")

    assert page.status_code == 400 and api.status_code == 400
    assert api.json()["error"]["fields"]["allegation_summary"] == ["This field may not be blank."]
    assert "This field may not be blank." in page.content.decode()
    assert 'value="Workers&#x27; rights NGO"' in page.content.decode()  # what was typed is kept
    assert not Investigation.objects.exists()


def test_a_supervisor_records_a_published_finding_from_the_registry(client, supervisor):
    client.force_login(supervisor)
    registry = client.get(reverse("orders") + "?kind=finding").content.decode()
    assert f'action="{reverse("order-record-finding")}"' in registry and "Record a published Finding" in registry

    response = client.post(reverse("order-record-finding"), FINDING)

    finding = Finding.objects.get(reference="FIND-2026-0007")
    assert response.url == reverse("order", args=["finding", finding.pk])
    assert (finding.published_date, finding.federal_register_citation) == (datetime.date(2026, 11, 2), "91 FR 12345")


def test_an_officer_is_not_offered_the_finding_form_and_cannot_post_it(client, officer):
    client.force_login(officer)
    assert reverse("order-record-finding") not in client.get(reverse("orders") + "?kind=finding").content.decode()

    response = client.post(reverse("order-record-finding"), FINDING, follow=True)

    assert "Only a supervisor may publish a Finding." in response.content.decode()
    assert not Finding.objects.filter(reference="FIND-2026-0007").exists()


@pytest.mark.parametrize("name", ["investigation-log", "order-record-finding", "order-create"])
def test_importers_cannot_reach_the_creation_pages(client, importer_a, name):
    client.force_login(importer_a)
    assert client.post(reverse(name), FINDING | ALLEGATION).status_code == 404
    assert not Investigation.objects.exists() and not Finding.objects.exists()


def test_the_draft_order_form_takes_the_producers_name_when_the_published_name_is_left_empty(client, officer):
    producer = factories.ForeignEntityFactory(name="Example Spinning Mill", country="CN")
    api = client_for(officer).post("/api/v1/orders/wros/", {
        "reference": "WRO-2026-0050", "entity": producer.pk, "merchandise": "Yarn", "country": "CN"}, format="json")

    assert api.status_code == 201 and api.json()["entity_name"] == "Example Spinning Mill"
