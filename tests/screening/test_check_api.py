"""POST /api/v1/screening/check/: the hits a line would raise, staff only, nothing written."""

import pytest

from cases.models import AuditEvent
from cases.screening.models import ListedEntity

pytestmark = pytest.mark.django_db
URL = "/api/v1/screening/check/"


def _post(client, user, body):
    client.force_login(user)
    return client.post(URL, body, content_type="application/json")


def test_listed_manufacturer_written_in_chinese_raises_the_uflpa_entity(client, officer, lists):
    answer = _post(client, officer, {"manufacturer_name": "合盛硅业（鄯善）有限公司", "country": "CN",
                                     "hts": "2804.61.0000"})
    assert answer.status_code == 200
    by_list = {hit["list"]: hit for hit in answer.json()}
    assert by_list["uflpa_entity_list"]["entity"] == "Hoshine Silicon Industry (Shanshan) Co., Ltd."
    assert by_list["uflpa_entity_list"]["matched_on"] == ["manufacturer_name"]
    # 2804.61 (silicon, > 99.99 %) from CN: the polysilicon high-priority sector.
    assert by_list["uflpa_sectors"]["entity"] == "Silica-based products (polysilicon)"
    assert by_list["uflpa_sectors"]["matched_on"] == ["country", "hts"]


def test_north_korean_origin_raises_the_caatsa_rule_without_a_name(client, officer, lists):
    answer = _post(client, officer, {"country": "KP", "hts": "6116.10.5510"})
    assert [(h["list"], h["matched_on"], h["score"]) for h in answer.json()] == [
        ("caatsa_country_kp", ["country"], 100.0)]


def test_xinjiang_address_raises_the_uflpa_region_rule(client, officer, lists):
    answer = _post(client, officer, {"manufacturer_name": "Acme Widgets", "manufacturer_address": "Urumchi, Sinkiang",
                                     "country": "CN", "hts": "8504.40.9580"})
    assert [(h["list"], h["matched_on"]) for h in answer.json()] == [("uflpa_xinjiang_address",
                                                                      ["manufacturer_address"])]


def test_clean_line_raises_nothing(client, officer, lists):
    answer = _post(client, officer, {"manufacturer_name": "Acme Widgets Ltd.", "manufacturer_address": "Penang",
                                     "country": "MY", "hts": "8504.40.9580"})
    assert answer.json() == []


def test_check_writes_nothing(client, officer, lists):
    client.force_login(officer)  # signing in is itself audited
    before = (AuditEvent.objects.count(), ListedEntity.objects.count())
    client.post(URL, {"manufacturer_name": "Camel Group Co., Ltd."}, content_type="application/json")
    assert (AuditEvent.objects.count(), ListedEntity.objects.count()) == before


def test_importers_may_not_screen(client, importer_a, lists):
    assert _post(client, importer_a, {"manufacturer_name": "Camel Group"}).status_code == 403


@pytest.mark.parametrize(("body", "field"), [
    ({"manufacturer_name": "Camel", "country": "XX"}, "country"),
    ({"manufacturer_name": "Camel", "hts": "6116.10"}, "hts"),
    ({"hts": "6116.10.5510"}, None),
])
def test_bad_input_is_refused_with_a_reason(client, officer, lists, body, field):
    answer = _post(client, officer, body)
    assert answer.status_code == 400
    assert (field or "manufacturer") in str(answer.json())


def test_lists_are_readable_by_staff_with_their_entries_in_force(client, officer, lists):
    client.force_login(officer)
    answer = client.get("/api/v1/screening/lists/")
    counts = {row["code"]: row["entries_in_force"] for row in answer.json()["results"]}
    assert counts["uflpa_entity_list"] == 99
    entries = client.get("/api/v1/screening/list-entries/?list=uflpa_sectors").json()
    assert entries["count"] == 12


def _hit_for(officer):
    import datetime

    from cases.screening.services import screen_shipment
    from tests.factories import EntryLineFactory, ShipmentFactory

    shipment = ShipmentFactory(country_of_origin="CN", hts_codes=["8504.40.9580"],
                               presentation_date=datetime.date(2026, 10, 30),
                               importation_date=datetime.date(2026, 10, 28), lines=[])
    EntryLineFactory(shipment=shipment, line_number=1, manufacturer_name="Camel Group Co., Ltd.",
                     country_of_origin="CN", hts_code="8504.40.9580", manufacturer_address="Xiangyang, Hubei")
    [hit] = screen_shipment(shipment)
    return hit


def test_hits_are_listed_with_the_declared_manufacturer_and_actions(client, officer, lists):
    hit = _hit_for(officer)
    client.force_login(officer)
    [row] = client.get("/api/v1/screening/hits/").json()["results"]
    assert (row["id"], row["entity_name"], row["declared_manufacturer"]["name"]) == (
        hit.pk, "Camel Group Co., Ltd.", "Camel Group Co., Ltd.")
    assert row["allowed_actions"] == ["clear", "hold", "detain"]


def test_clearing_a_hit_through_the_api_needs_a_reason_then_refuses_a_second_time(client, officer, lists):
    hit = _hit_for(officer)
    client.force_login(officer)
    url = f"/api/v1/screening/hits/{hit.pk}/clear/"
    assert client.post(url, {}, content_type="application/json").status_code == 400
    assert client.post(url, {"reason": "Other Camel, in Penang."}, content_type="application/json").status_code == 200
    assert client.post(url, {"reason": "again"}, content_type="application/json").status_code == 409


def test_detaining_through_the_api_answers_the_detention(client, officer, lists):
    hit = _hit_for(officer)
    client.force_login(officer)
    answer = client.post(f"/api/v1/screening/hits/{hit.pk}/detain/", {}, content_type="application/json")
    assert answer.status_code == 201
    assert answer.json()["basis"] == "uflpa"


def test_importers_cannot_read_hits(client, officer, importer_a, lists):
    hit = _hit_for(officer)
    client.force_login(importer_a)
    assert client.get(f"/api/v1/screening/hits/{hit.pk}/").status_code in (403, 404)


def test_hits_api_list_runs_a_bounded_number_of_queries(client, officer, lists, django_assert_max_num_queries):
    for _ in range(5):
        _hit_for(officer)
    client.force_login(officer)
    with django_assert_max_num_queries(10):
        answer = client.get("/api/v1/screening/hits/")
    assert answer.json()["count"] == 5
