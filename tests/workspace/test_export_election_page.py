"""Staff record an importer's written election to export (19 CFR 12.44(a)) from the detention page, as the
API lets them: confirmed, dated no later than today, refused under a Finding, out of an importer's reach."""

import datetime

import pytest
from django.urls import reverse

from cases.models import AuditEvent
from cases.services.support import today
from tests.cases import helpers

pytestmark = pytest.mark.django_db


def _post(client, detention, **data):
    return client.post(reverse("detention-export", args=[detention.pk]), {"version": detention.version, **data})


def test_an_officer_records_the_election_and_the_case_closes(client, officer, org_a):
    detention = helpers.noticed(officer=officer, importer=org_a)
    client.force_login(officer)
    page = client.get(reverse("detention", args=[detention.pk])).content.decode()
    assert f'action="{reverse("detention-export", args=[detention.pk])}"' in page

    response = _post(client, detention, confirm="on")

    assert response.status_code == 302
    detention.refresh_from_db()
    assert (detention.status, detention.exported_on) == ("exported", today(detention.port_code))
    event = AuditEvent.objects.get(detention=detention, action="elect_export")
    assert event.actor == officer


def test_without_the_confirmation_nothing_changes(client, officer, org_a):
    detention = helpers.noticed(officer=officer, importer=org_a)
    client.force_login(officer)

    response = _post(client, detention)

    assert response.status_code == 400
    assert "Tick the box to confirm" in response.content.decode()
    detention.refresh_from_db()
    assert detention.status == "notice_issued"


def test_a_date_in_the_future_is_refused_with_the_reason(client, officer, org_a):
    detention = helpers.noticed(officer=officer, importer=org_a)
    client.force_login(officer)
    tomorrow = today(detention.port_code) + datetime.timedelta(days=1)

    response = _post(client, detention, confirm="on", exported_on=tomorrow.isoformat())

    assert response.status_code == 400
    assert "future" in response.content.decode()
    detention.refresh_from_db()
    assert detention.status == "notice_issued"


def test_goods_under_a_finding_cannot_be_exported(client, officer, org_a):
    # 19 CFR 12.44(a) lets the importer export goods detained under a withhold release order; goods covered
    # by a Finding are subject to seizure instead (19 CFR 12.42(f)).
    detention = helpers.noticed(officer=officer, importer=org_a, basis="finding")
    client.force_login(officer)
    assert reverse("detention-export", args=[detention.pk]) not in client.get(
        reverse("detention", args=[detention.pk])).content.decode()

    response = _post(client, detention, confirm="on")

    assert response.status_code == 409  # refused by the state table's guard, with its message on the page
    detention.refresh_from_db()
    assert detention.status == "notice_issued"


def test_an_importer_gets_not_found(client, officer, importer_a, org_a):
    detention = helpers.noticed(officer=officer, importer=org_a)
    client.force_login(importer_a)

    assert _post(client, detention, confirm="on").status_code == 404
    detention.refresh_from_db()
    assert detention.status == "notice_issued"
