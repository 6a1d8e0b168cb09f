"""The protest of a demand for redelivery from the portal (the redelivery's panel) and through the API:
filed within 180 days (19 U.S.C. 1514(a)(4), (c)(3)), refused late with the date, 404 across organisations."""

import datetime

import pytest
from django.urls import reverse

from cases.models import Protest
from cases.services import protests
from cases.services.support import as_of
from tests.api.conftest import client_for
from tests.cases import seizure_builders as sb

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def people(officer, supervisor, importer_a):
    return {"officer": officer, "supervisor": supervisor, "importer": importer_a}


def _act_url(redelivery):
    return reverse("portal:after_decision_act", args=["redelivery", redelivery.pk, "file_protest"])


def _fields(redelivery, **values):
    prefix = f"redelivery-{redelivery.pk}-file_protest"
    return {f"{prefix}-{name}": value for name, value in values.items()}


def test_the_redelivery_panel_offers_the_protest_and_files_it_after_confirmation(client, people):
    redelivery = sb.redelivery_in("demanded", people)
    client.force_login(people["importer"])
    page = client.get(reverse("portal:detention", args=[redelivery.detention_id])).content.decode()
    panel = page[page.index(f'id="redelivery-{redelivery.pk}"'):]
    assert "Protest the demand" in panel
    assert f'action="{_act_url(redelivery)}"' in panel

    fields = _fields(redelivery, objections="The goods are admissible; see the lab report.")
    answer = client.post(_act_url(redelivery), fields)
    assert answer.status_code == 200  # the confirmation step: nothing filed yet
    assert "only one protest of this demand" in answer.content.decode()
    assert not Protest.objects.exists()

    answer = client.post(_act_url(redelivery), {**fields, "confirm": "yes"})
    protest = Protest.objects.get(redelivery=redelivery)
    assert answer.status_code == 302
    assert protest.objections == "The goods are admissible; see the lab report."
    page = client.get(reverse("portal:detention", args=[redelivery.detention_id])).content.decode()
    panel = page[page.index(f'id="redelivery-{redelivery.pk}"'):]
    assert f'href="{reverse("portal:protest_detail", args=[protest.pk])}"' in panel
    assert f'action="{_act_url(redelivery)}"' not in panel  # one protest of a demand
    detail = client.get(reverse("portal:protest_detail", args=[protest.pk])).content.decode()
    assert "Demand for redelivery" in detail and "two years from the filing" in detail


def test_a_protest_without_objections_is_refused_on_the_page(client, people):
    redelivery = sb.redelivery_in("demanded", people)
    client.force_login(people["importer"])
    answer = client.post(_act_url(redelivery), {**_fields(redelivery, objections=""), "confirm": "yes"},
                         follow=True)
    assert "State each decision protested and the reasons for the objection." in answer.content.decode()
    assert not Protest.objects.exists()


def test_a_late_protest_is_refused_on_the_page_with_the_last_day(client, people):
    with as_of(D(2026, 3, 2)):
        redelivery = sb.redelivery_in("demanded", people)
    client.force_login(people["importer"])
    with as_of(D(2026, 9, 1)):
        answer = client.post(_act_url(redelivery), {**_fields(redelivery, objections="Late."), "confirm": "yes"},
                             follow=True)
    assert "ended on 31 August 2026" in answer.content.decode()
    assert not Protest.objects.exists()


def test_another_organisation_gets_404_on_the_page_and_the_api(client, people, importer_b):
    redelivery = sb.redelivery_in("demanded", people)
    client.force_login(importer_b)
    answer = client.post(_act_url(redelivery), {**_fields(redelivery, objections="Not ours."), "confirm": "yes"})
    assert answer.status_code == 404
    answer = client_for(importer_b).post(f"/api/v1/redeliveries/{redelivery.pk}/file-protest/",
                                         {"objections": "Not ours."}, format="json")
    assert answer.status_code == 404
    assert not Protest.objects.exists()


def test_the_api_files_the_protest_and_refuses_a_late_one_with_409_and_the_date(people):
    api = client_for(people["importer"])
    with as_of(D(2026, 3, 2)):
        redelivery = sb.redelivery_in("demanded", people)
        late = sb.redelivery_in("demanded", people)
    with as_of(D(2026, 8, 31)):
        answer = api.post(f"/api/v1/redeliveries/{redelivery.pk}/file-protest/",
                          {"objections": "Admissible."}, format="json")
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["protested_decision"], body["redelivery"], body["decision_date"]) == (
        "redelivery_demand", redelivery.pk, "2026-03-02")
    with as_of(D(2026, 9, 1)):
        answer = api.post(f"/api/v1/redeliveries/{late.pk}/file-protest/", {"objections": "Late."}, format="json")
    assert answer.status_code == 409
    assert "31 August 2026" in answer.content.decode()


def test_staff_see_the_protest_of_the_demand_and_decide_it_from_the_case_page(client, people):
    redelivery = sb.redelivery_in("demanded", people)
    protest = protests.file_redelivery_protest(actor=people["importer"], redelivery=redelivery,
                                               objections="Admissible.")
    client.force_login(people["officer"])
    page = client.get(reverse("detention", args=[redelivery.detention_id])).content.decode()
    assert f'id="protest-{protest.pk}"' in page
    assert "Demand for redelivery" in page
    assert "no deemed denial follows" in page
    assert reverse("protest-propose", args=[protest.pk]) in page
