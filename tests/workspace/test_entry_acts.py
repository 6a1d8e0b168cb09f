"""The entry's page takes the release-or-detain decision (19 U.S.C. 1499(c)(1)) the API offers: the presentation
for examination, the release and the detention, each from the act declared once in cases.actions.

Expected dates are counted by hand on the 2026 calendar: goods presented on Monday 2 November 2026 must be
released or detained by Monday 9 November (five business days: 3, 4, 5, 6 and 9 November).
"""

import datetime

import pytest
from django.urls import reverse

from cases.models import AuditEvent, Deadline, Detention, ReleaseStatus
from tests import factories
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

D = datetime.date
PRESENTED = D(2026, 11, 2)


@pytest.fixture
def entry(org_a):
    return factories.ShipmentFactory(importer=org_a, importation_date=D(2026, 10, 30), presentation_date=None)


def _url(name, entry):
    return reverse(name, args=[entry.pk])


def test_the_entry_page_offers_staff_the_three_acts_while_the_goods_are_pending(client, officer, entry):
    client.force_login(officer)
    page = client.get(_url("entry", entry)).content.decode()

    for name, label in [("entry-presentation", "Record the presentation for examination"),
                        ("entry-release", "Release the goods"), ("entry-detain", "Detain the goods")]:
        assert f'action="{_url(name, entry)}"' in page
        assert label in page
    assert "Legal basis" in page and "Withhold Release Order" in page


def test_recording_the_presentation_opens_the_five_business_day_clock(client, officer, entry):
    client.force_login(officer)
    response = client.post(_url("entry-presentation", entry), {"record_presentation-presentation_date": "2026-11-02"})

    assert response.status_code == 302 and response.url == _url("entry", entry)
    entry.refresh_from_db()
    assert entry.presentation_date == PRESENTED
    clock = Deadline.objects.get(shipment=entry, kind="detention_decision")
    assert (clock.state, clock.due_date) == ("open", D(2026, 11, 9))


def test_the_release_waits_for_its_confirmation_and_then_closes_the_clock(client, officer, entry):
    client.force_login(officer)
    client.post(_url("entry-presentation", entry), {"record_presentation-presentation_date": "2026-11-02"})
    events = AuditEvent.objects.count()

    first = client.post(_url("entry-release", entry), {"release-released_on": "2026-11-04"})

    assert first.status_code == 200 and "Yes, release the goods" in first.content.decode()
    entry.refresh_from_db()
    assert entry.release_status == ReleaseStatus.PENDING and AuditEvent.objects.count() == events

    second = client.post(_url("entry-release", entry), {"release-released_on": "2026-11-04", "confirm": "yes"})

    assert second.status_code == 302
    entry.refresh_from_db()
    assert (entry.release_status, entry.released_on) == (ReleaseStatus.RELEASED, D(2026, 11, 4))
    assert Deadline.objects.get(shipment=entry, kind="detention_decision").state == "met"
    # Released goods take no further release-or-detain act.
    assert "Release or detain" not in client.get(_url("entry", entry)).content.decode()


def test_detaining_from_the_entry_page_records_the_presentation_and_opens_the_case(client, officer, entry):
    client.force_login(officer)
    response = client.post(_url("entry-detain", entry), {
        "detain-basis": "uflpa", "detain-presentation_date": "2026-11-02", "detain-detained_on": "2026-11-03"})

    detention = Detention.objects.get(shipment=entry)
    assert response.status_code == 302 and response.url == reverse("detention", args=[detention.pk])
    entry.refresh_from_db()
    assert (entry.presentation_date, entry.release_status) == (PRESENTED, ReleaseStatus.DETAINED)
    assert (detention.basis, detention.detained_on) == ("uflpa", D(2026, 11, 3))


def test_a_wro_detention_without_its_order_is_refused_on_the_page_and_nothing_is_recorded(client, officer, entry):
    client.force_login(officer)
    events = AuditEvent.objects.count()
    response = client.post(_url("entry-detain", entry), {"detain-basis": "wro",
                                                         "detain-presentation_date": "2026-11-02"})

    assert response.status_code == 400
    assert not Detention.objects.filter(shipment=entry).exists()
    entry.refresh_from_db()
    # Presentation and detention are one act: both are recorded, or neither.
    assert entry.presentation_date is None and AuditEvent.objects.count() == events
    assert 'value="2026-11-02"' in response.content.decode()  # what was typed is kept


def test_the_page_and_the_api_refuse_a_presentation_before_importation_in_the_same_words(client, officer, entry):
    client.force_login(officer)
    page = client.post(_url("entry-presentation", entry), {"record_presentation-presentation_date": "2026-10-01"})
    api = client_for(officer).post(f"/api/v1/shipments/{entry.pk}/record-presentation/",
                                   {"presentation_date": "2026-10-01"}, format="json")

    words = "The goods cannot be presented for examination before the date of importation."
    assert page.status_code == 400 and words in page.content.decode()
    assert api.status_code == 400 and words in str(api.json())
    entry.refresh_from_db()
    assert entry.presentation_date is None


def test_a_released_entry_refuses_a_detention_with_a_message_and_changes_nothing(client, officer, entry):
    client.force_login(officer)
    client.post(_url("entry-presentation", entry), {"record_presentation-presentation_date": "2026-11-02"})
    client.post(_url("entry-release", entry), {"release-released_on": "2026-11-04", "confirm": "yes"})

    response = client.post(_url("entry-detain", entry), {"detain-basis": "uflpa"}, follow=True)

    assert "the goods were already released or detained" in response.content.decode()
    assert not Detention.objects.filter(shipment=entry).exists()


@pytest.mark.parametrize("name", ["entry-presentation", "entry-release", "entry-detain"])
def test_an_importer_cannot_reach_the_entry_acts(client, importer_a, entry, name):
    client.force_login(importer_a)
    assert client.post(_url(name, entry), {}).status_code == 404
    entry.refresh_from_db()
    assert entry.release_status == ReleaseStatus.PENDING and entry.presentation_date is None


@pytest.mark.parametrize("name", ["entry-presentation", "entry-release", "entry-detain"])
def test_the_entry_acts_take_only_a_post(client, officer, entry, name):
    client.force_login(officer)
    assert client.get(_url(name, entry)).status_code == 405
