"""The notice's particulars in the form and the API, and the late flag on the pages and the timeline."""

import datetime

import pytest
from django.urls import reverse

from cases.models import Detention, Shipment
from cases.services import detentions
from cases.services.support import as_of
from tests.cases import helpers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("isolated_evidence_storage")]


def _wro_detention(officer, importer):
    # Presentation Wed 2020-12-23: the notice is due Mon 2021-01-04 (domain.md's worked example).
    with as_of(datetime.date(2020, 12, 23)):
        return helpers.detained(officer=officer, basis="wro", importer=importer,
                                importation_date=datetime.date(2020, 11, 30),
                                presentation_date=datetime.date(2020, 12, 23))


def _form(detention, **overrides):
    data = {**helpers.NOTICE, "version": detention.version, "confirm": "yes",  # past the preview step
            "broker_name": "Harbor Customs Brokerage Inc.",
            "goods_location": "CES Elizabeth NJ", "bill_of_lading": "MAEU123456789",
            "container_numbers": "CSQU3054383, msku0000006", "lines_held": "001", "quantity_held": "40",
            "contact_phone": "+1 973 555 0142", "contact_email": ""}
    return {**data, **overrides}


def test_the_notice_form_records_the_custody_details_and_issues_the_pdf(client, officer, org_a):
    detention = _wro_detention(officer, org_a)
    client.force_login(officer)
    response = client.post(reverse("detention-notice", args=[detention.pk]), _form(detention))
    assert response.status_code == 302
    shipment = Shipment.objects.get(pk=detention.shipment_id)
    assert shipment.container_numbers == ["CSQU3054383", "MSKU0000006"]
    assert shipment.broker_name == "Harbor Customs Brokerage Inc." and shipment.bill_of_lading == "MAEU123456789"
    detention.refresh_from_db()
    assert detention.notice_contact_email == "officer@example.gov"  # the account's address by default
    page = client.get(reverse("detention-notice-print", args=[detention.pk])).content.decode()
    assert f"notice-of-detention-{shipment.entry_number}.pdf" in page and "CES Elizabeth NJ" in page


def test_the_notice_form_refuses_a_bad_container_number_next_to_the_field(client, officer, org_a):
    detention = _wro_detention(officer, org_a)
    client.force_login(officer)
    response = client.post(reverse("detention-notice", args=[detention.pk]),
                           _form(detention, container_numbers="CSQU3054384"))
    assert response.status_code == 400
    assert "fails the ISO 6346 check digit" in response.content.decode()
    assert Detention.objects.get(pk=detention.pk).notice_issued_on is None


def test_the_api_takes_the_notice_particulars_and_refuses_bad_ones_with_400(client, officer, org_a):
    detention = _wro_detention(officer, org_a)
    client.force_login(officer)
    url = f"/api/v1/detentions/{detention.pk}/issue-notice/"
    bad = client.post(url, {**helpers.NOTICE, "quantity_held": "500", "contact_phone": "call me"},
                      content_type="application/json")
    assert bad.status_code == 400
    body = bad.json()
    assert "quantity_held" in str(body) and "contact_phone" in str(body)
    assert Detention.objects.get(pk=detention.pk).notice_issued_on is None
    good = client.post(url, {**helpers.NOTICE, "goods_location": "CES Elizabeth NJ",
                             "container_numbers": ["CSQU3054383"], "quantity_held": "100"},
                       content_type="application/json")
    assert good.status_code == 200, good.content
    assert Shipment.objects.get(pk=detention.shipment_id).goods_location == "CES Elizabeth NJ"


def test_a_late_notice_is_flagged_on_the_detention_page_and_in_the_timeline(client, officer, org_a):
    detention = _wro_detention(officer, org_a)
    with as_of(datetime.date(2021, 1, 5)):
        detentions.issue_notice(actor=officer, detention=detention, **helpers.NOTICE)
    client.force_login(officer)
    page = client.get(reverse("detention", args=[detention.pk])).content.decode()
    assert "Late</span> (due by 4 Jan 2021" in page
    assert "late, it was due by 04 January 2021" in page
    assert "The letter “Notice of detention, entry" in page


def test_a_timely_notice_is_not_flagged_late(client, officer, org_a):
    detention = _wro_detention(officer, org_a)
    with as_of(datetime.date(2021, 1, 4)):
        detentions.issue_notice(actor=officer, detention=detention, **helpers.NOTICE)
    client.force_login(officer)
    page = client.get(reverse("detention", args=[detention.pk])).content.decode()
    assert "notice-late" not in page and "late, it was due" not in page
