"""The screening pages: hits queue, a hit's dispositions, the pending-decision tab and the lists page."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.screening import engine
from cases.screening.models import HitStatus, ListedEntity, ReferenceList, ReferenceListVersion, ScreeningHit
from cases.screening.services import screen_shipment
from cases.services.shipments import record_presentation
from tests.factories import EntryLineFactory, ShipmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 2, 15, 0, tzinfo=datetime.UTC), tick=False):
        yield


def _hit(n=0, presented=None):
    shipment = ShipmentFactory(country_of_origin="CN", hts_codes=["8504.40.9580"], presentation_date=presented,
                               importation_date=datetime.date(2026, 10, 28), lines=[])
    EntryLineFactory(shipment=shipment, line_number=1, manufacturer_name="Hesheng Silicon Industry (Shanshan) Co.",
                     manufacturer_id="CNHESSIL12SHA", country_of_origin="CN", hts_code="8504.40.9580",
                     manufacturer_address="Shanshan County, Turpan")
    screen_shipment(shipment)
    return ScreeningHit.objects.get(shipment=shipment, list_code=engine.UFLPA_ENTITIES)


def test_hits_queue_shows_the_declared_manufacturer_beside_the_listed_entity(client, officer, lists):
    _hit()
    client.force_login(officer)
    page = client.get("/screening/hits/").content.decode()
    assert "Hesheng Silicon Industry (Shanshan) Co." in page
    assert "Hoshine Silicon Industry (Shanshan) Co., Ltd." in page
    assert "alias" in page


def test_hits_queue_runs_a_bounded_number_of_queries(client, officer, lists, django_assert_max_num_queries):
    for n in range(6):
        _hit(n)
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        assert client.get("/screening/hits/").status_code == 200


def test_importers_get_404_on_hits(client, importer_a, lists):
    hit = _hit()
    client.force_login(importer_a)
    assert client.get("/screening/hits/").status_code == 404
    assert client.get(f"/screening/hits/{hit.pk}/").status_code == 404


def test_hit_page_shows_the_aliases_and_the_clock(client, officer, lists):
    hit = _hit(presented=datetime.date(2026, 11, 2))
    record_presentation(actor=officer, shipment=hit.shipment, presentation_date=datetime.date(2026, 11, 2))
    client.force_login(officer)
    page = client.get(f"/screening/hits/{hit.pk}/").content.decode()
    assert "Hesheng Silicon Industry (Shanshan) Co." in page  # the alias, listed on the entity's side
    assert "9 Nov 2026" in page  # 5 business days after Monday 2 November


def test_clearing_without_a_reason_is_refused_and_changes_nothing(client, officer, lists):
    hit = _hit()
    client.force_login(officer)
    answer = client.post(f"/screening/hits/{hit.pk}/clear/", {"clear-reason": ""})
    assert answer.status_code == 400
    hit.refresh_from_db()
    assert hit.status == HitStatus.OPEN


def test_an_officer_clears_holds_and_detains_from_the_pages(client, officer, lists):
    first, second, third = _hit(1), _hit(2), _hit(3, presented=datetime.date(2026, 10, 30))
    client.force_login(officer)
    client.post(f"/screening/hits/{first.pk}/clear/", {"clear-reason": "Different plant, confirmed by MID."})
    client.post(f"/screening/hits/{second.pk}/hold/", {"hold-presentation_date": "2026-11-02"})
    answer = client.post(f"/screening/hits/{third.pk}/detain/", {"detain-basis": "uflpa"})
    for hit in (first, second, third):
        hit.refresh_from_db()
    assert (first.status, second.status, third.status) == (HitStatus.CLEARED, HitStatus.HELD, HitStatus.DETAINED)
    assert answer.url == f"/detentions/{third.detention_id}/"


def test_pending_tab_lists_presented_entries_nearest_first(client, officer, lists, django_assert_max_num_queries):
    late = _hit(1, presented=None).shipment
    early = _hit(2, presented=None).shipment
    record_presentation(actor=officer, shipment=late, presentation_date=datetime.date(2026, 11, 2))
    record_presentation(actor=officer, shipment=early, presentation_date=datetime.date(2026, 10, 29))
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        page = client.get("/queue/pending-decision/").content.decode()
    assert page.index(early.entry_number) < page.index(late.entry_number)
    assert "2 hits" in page  # the listed alias, and the Xinjiang address (Shanshan County, Turpan)


def test_an_administrator_uploads_sees_the_diff_and_confirms(client, admin_user, lists):
    client.force_login(admin_user)
    caatsa = ReferenceList.objects.get(code=engine.CAATSA_ENTITIES)
    upload = SimpleUploadedFile("caatsa.csv", b"name,country\nExample Dandong Garment Co.,CN\n", "text/csv")
    answer = client.post(f"/screening/lists/{caatsa.pk}/upload/", {f"list{caatsa.pk}-file": upload})
    version = ReferenceListVersion.objects.get(reference_list=caatsa)
    assert answer.url == f"/screening/lists/versions/{version.pk}/"
    assert "Example Dandong Garment Co." in client.get(answer.url).content.decode()
    assert not ListedEntity.objects.filter(reference_list=caatsa).exists()
    client.post(f"/screening/lists/versions/{version.pk}/confirm/")
    assert ListedEntity.objects.filter(reference_list=caatsa).count() == 1


def test_a_malformed_upload_is_refused_with_the_row_and_reason(client, admin_user, lists):
    client.force_login(admin_user)
    caatsa = ReferenceList.objects.get(code=engine.CAATSA_ENTITIES)
    upload = SimpleUploadedFile("caatsa.csv", b"name,country\n=HYPERLINK(1),CN\n", "text/csv")
    answer = client.post(f"/screening/lists/{caatsa.pk}/upload/", {f"list{caatsa.pk}-file": upload})
    assert answer.status_code == 400
    assert "Row 2" in answer.content.decode()
    assert not ReferenceListVersion.objects.filter(reference_list=caatsa).exists()


def test_officers_cannot_upload_lists(client, officer, lists):
    client.force_login(officer)
    caatsa = ReferenceList.objects.get(code=engine.CAATSA_ENTITIES)
    upload = SimpleUploadedFile("caatsa.csv", b"name\nX Co.\n", "text/csv")
    assert client.post(f"/screening/lists/{caatsa.pk}/upload/", {f"list{caatsa.pk}-file": upload}).status_code == 404


def test_check_page_answers_without_recording(client, officer, lists):
    client.force_login(officer)
    page = client.get("/screening/lists/check/", {"manufacturer_name": "XPCC", "country": "CN"}).content.decode()
    assert "Xinjiang Production and Construction Corps" in page
    assert not ScreeningHit.objects.exists()


def _pending(entry, importer, port, presented, hits):
    """A presented entry whose release-or-detain clock is open, with `hits` of its two hits left open."""
    shipment = ShipmentFactory(entry_number=entry, importer=importer, port_code=port, country_of_origin="CN",
                               hts_codes=["8504.40.9580"], presentation_date=None,
                               importation_date=datetime.date(2026, 10, 28), lines=[])
    if hits:
        EntryLineFactory(shipment=shipment, line_number=1, manufacturer_id="CNHESSIL12SHA", country_of_origin="CN",
                         manufacturer_name="Hesheng Silicon Industry (Shanshan) Co.", hts_code="8504.40.9580",
                         manufacturer_address="Shanshan County, Turpan")
        screen_shipment(shipment)
        extra = ScreeningHit.objects.filter(shipment=shipment, status=HitStatus.OPEN).order_by("id")[hits:]
        ScreeningHit.objects.filter(pk__in=[h.pk for h in extra]).update(status=HitStatus.CLEARED)
        assert ScreeningHit.objects.filter(shipment=shipment, status=HitStatus.OPEN).count() == hits
    return shipment


def _pending_listed(client, sort):
    """Entry numbers on every page of the pending tab in `sort`, following the Next page links."""
    import re
    from html import unescape

    found, url = [], f"/queue/pending-decision/?sort={sort}"
    for _ in range(100):
        html = client.get(url).content.decode()
        found += re.findall(r'<th scope="row"><span class="mono">([^<]+)</span>', html)
        following = re.search(r'href="\?([^"]*cursor=[^"]+)"><span class="usa-pagination__link-text">Next', html)
        if following is None:
            return found
        url = "/queue/pending-decision/?" + unescape(following.group(1))
    raise AssertionError("the Next page links never end")


# Five presented entries (entry, importer, port, presented on, open hits), made in this order (ids ascending).
# A 5-business-day clock from each presentation date: 29 Oct -> 5 Nov, 30 Oct -> 6 Nov, 2 Nov -> 9 Nov.
PENDING = [("AB1-0000005-1", "Cobalt", "2704", datetime.date(2026, 10, 29), 2),
           ("AB1-0000003-1", "Alder", "1001", datetime.date(2026, 11, 2), 0),
           ("AB1-0000001-1", "Birch", "2704", datetime.date(2026, 10, 30), 0),
           ("AB1-0000004-1", "Alder", "5301", datetime.date(2026, 10, 29), 2),
           ("AB1-0000002-1", "Birch", "1001", datetime.date(2026, 10, 30), 1)]
# The expected orders, worked out by hand from the table above (ties broken by the order made).
PENDING_ORDERS = {
    "due": ["AB1-0000005-1", "AB1-0000004-1", "AB1-0000001-1", "AB1-0000002-1", "AB1-0000003-1"],
    "presented": ["AB1-0000005-1", "AB1-0000004-1", "AB1-0000001-1", "AB1-0000002-1", "AB1-0000003-1"],
    "entry": ["AB1-0000001-1", "AB1-0000002-1", "AB1-0000003-1", "AB1-0000004-1", "AB1-0000005-1"],
    "importer": ["AB1-0000003-1", "AB1-0000004-1", "AB1-0000001-1", "AB1-0000002-1", "AB1-0000005-1"],
    "port": ["AB1-0000003-1", "AB1-0000002-1", "AB1-0000005-1", "AB1-0000001-1", "AB1-0000004-1"],
    "hits": ["AB1-0000005-1", "AB1-0000004-1", "AB1-0000002-1", "AB1-0000001-1", "AB1-0000003-1"],
}


@pytest.mark.parametrize("sort", [*PENDING_ORDERS, *(f"-{key}" for key in PENDING_ORDERS)])
def test_pending_tab_pages_list_every_entry_once_in_each_order(client, officer, lists, monkeypatch, sort):
    from tests.factories import ImporterOrganisationFactory

    importers = {name: ImporterOrganisationFactory(name=name) for name in ("Alder", "Birch", "Cobalt")}
    for entry, importer, port, presented, hits in PENDING:
        shipment = _pending(entry, importers[importer], port, presented, hits)
        record_presentation(actor=officer, shipment=shipment, presentation_date=presented)
    client.force_login(officer)
    monkeypatch.setattr("cases.views.queues.PAGE_SIZE", 2)

    listed = _pending_listed(client, sort)

    expected = PENDING_ORDERS[sort.lstrip("-")]
    assert listed == (expected[::-1] if sort.startswith("-") else expected)


def test_hits_queue_pages_list_every_hit_once_nearest_decision_first(client, officer, lists, monkeypatch):
    """Keyset pages of two rows: by the entry's release-or-detain date (none last), then score (highest
    first), then newest first. Dates, scores and times are set by hand; the expected order is worked out
    from them, not read from the code."""
    import re

    from django.utils import timezone

    second = _hit(1).shipment  # presented 2 Nov: decide by Monday 9 Nov
    first = _hit(2).shipment  # presented 30 Oct: decide by Friday 6 Nov
    never = _hit(3).shipment  # not presented: no clock
    record_presentation(actor=officer, shipment=second, presentation_date=datetime.date(2026, 11, 2))
    record_presentation(actor=officer, shipment=first, presentation_date=datetime.date(2026, 10, 30))
    hits = {}
    at = timezone.make_aware(datetime.datetime(2026, 11, 2, 9, 0))
    table = {  # entry, position of its hit (by id): score, minutes after 9:00 it was raised
        (second, 0): (90, 0), (second, 1): (95, 0),
        (first, 0): (80, 10), (first, 1): (80, 20),
        (never, 0): (100, 0), (never, 1): (70, 0),
    }
    for (shipment, index), (score, minutes) in table.items():
        hit = ScreeningHit.objects.filter(shipment=shipment).order_by("id")[index]
        ScreeningHit.objects.filter(pk=hit.pk).update(score=score, created_at=at + datetime.timedelta(minutes=minutes))
        hits[(shipment, index)] = hit.pk
    assert ScreeningHit.objects.count() == 6
    monkeypatch.setattr("cases.screening.views.PAGE_SIZE", 2)
    client.force_login(officer)

    listed, url = [], "/screening/hits/"
    for _ in range(10):
        html = client.get(url).content.decode()
        listed += [int(pk) for pk in re.findall(r'href="/screening/hits/(\d+)/"', html)]
        following = re.search(r'href="\?([^"]*cursor=[^"]+)"><span class="usa-pagination__link-text">Next', html)
        if following is None:
            break
        url = "/screening/hits/?" + following.group(1).replace("&amp;", "&")

    assert listed == [hits[(first, 1)], hits[(first, 0)], hits[(second, 1)], hits[(second, 0)],
                      hits[(never, 0)], hits[(never, 1)]]
