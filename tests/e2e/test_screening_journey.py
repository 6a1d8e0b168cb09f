"""Screening in the browser: an officer opens the hits the new entries raised, clears one with a reason,
holds one for examination and detains another, and the new detention has its clocks."""

import datetime

import pytest
from playwright.sync_api import expect

from cases.models import Deadline, Role
from cases.screening import engine
from cases.screening.list_services import load_shipped_lists
from cases.screening.models import HitStatus, ScreeningHit
from cases.screening.services import screen_shipment
from cases.services.support import today
from tests import factories
from tests.e2e.test_journeys import sign_in
from tests.e2e.test_protest_journey import fits_390

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _entry(name, mid, presented):
    day = today()
    shipment = factories.ShipmentFactory(country_of_origin="CN", hts_codes=["8507.10.0060"],
                                         importation_date=day - datetime.timedelta(days=3),
                                         presentation_date=day - datetime.timedelta(days=1) if presented else None,
                                         lines=[])
    factories.EntryLineFactory(shipment=shipment, line_number=1, manufacturer_name=name, manufacturer_id=mid,
                               country_of_origin="CN", hts_code="8507.10.0060",
                               manufacturer_address="Xiangyang, Hubei")
    screen_shipment(shipment)
    return shipment, ScreeningHit.objects.get(shipment=shipment, list_code=engine.UFLPA_ENTITIES)


def test_officer_clears_holds_and_detains_from_the_hits_queue(live_server, page, camera):
    factories.UserFactory(role=Role.OFFICER, username="ruiz", first_name="Ana", last_name="Ruiz")
    admin = factories.UserFactory(role=Role.ADMIN, username="root")
    load_shipped_lists(actor=admin)
    cleared_entry, to_clear = _entry("Camel Group Company Limited", "CNCAMGRO12XIA", presented=False)
    held_entry, to_hold = _entry("Camel Gruop Co., Ltd.", "CNCAMGRO34XIA", presented=False)
    detained_entry, to_detain = _entry("Camel Group Co Ltd", "CNCAMGRO56XIA", presented=True)

    sign_in(page, live_server, "ruiz")
    page.goto(f"{live_server.url}/queue/")
    page.get_by_role("link", name="Screening hits").click()
    expect(page.get_by_role("heading", name="Screening hits")).to_be_visible()
    expect(page.get_by_text("Camel Gruop Co., Ltd.")).to_be_visible()
    assert fits_390(page)
    camera.shot("hits-queue")

    page.get_by_role("link", name=f"{cleared_entry.entry_number} line 1").click()
    expect(page.get_by_role("heading", name="On the list")).to_be_visible()
    page.locator("summary", has_text="Clear as a false positive").click()
    page.get_by_label("Why this is not the listed entity").fill("Battery distributor in Penang; MID differs.")
    page.get_by_role("button", name="Clear the hit").click()
    expect(page.get_by_text("Hit cleared as a false positive.")).to_be_visible()
    assert fits_390(page)
    camera.shot("hit-cleared")

    page.goto(f"{live_server.url}/screening/hits/{to_hold.pk}/")
    page.locator("summary", has_text="Hold for examination").click()
    expect(page.locator("#id_hold-presentation_date")).to_have_value(f"{today():%Y-%m-%d}")
    page.get_by_role("button", name="Hold for examination").click()
    expect(page.get_by_text("Held for examination: the 5-business-day release-or-detain clock is running.")
           ).to_be_visible()
    camera.shot("hit-held")
    page.goto(f"{live_server.url}/queue/pending-decision/")
    expect(page.get_by_text(held_entry.entry_number)).to_be_visible()
    assert fits_390(page)
    camera.shot("pending-tab")

    page.goto(f"{live_server.url}/screening/hits/{to_detain.pk}/")
    page.locator("summary", has_text="Detain").click()
    expect(page.get_by_label("Legal basis")).to_have_value("uflpa")
    page.get_by_role("button", name="Detain the entry").click()
    expect(page.get_by_text("Entry detained")).to_be_visible()
    camera.shot("detention")

    for hit in (to_clear, to_hold, to_detain):
        hit.refresh_from_db()
    assert (to_clear.status, to_hold.status, to_detain.status) == (
        HitStatus.CLEARED, HitStatus.HELD, HitStatus.DETAINED)
    assert Deadline.objects.filter(shipment=held_entry, kind="detention_decision", state="open").exists()
    assert Deadline.objects.filter(detention=to_detain.detention, kind="detention_notice", state="open").exists()
    assert to_detain.detention.shipment == detained_entry
