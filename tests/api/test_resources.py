"""What the resources say: the detention's clocks and actions, the officer's detain path, filters, pages."""

import datetime

import pytest

from cases.models import Detention, Shipment
from tests import factories
from tests.api import builders as b
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def world(officer, supervisor, admin_user, importer_a, importer_b, org_a, org_b):
    return b.World(officer, supervisor, admin_user, importer_a, importer_b, org_a, org_b)


def test_a_detention_shows_its_state_basis_order_and_clocks_with_citations(world):
    detention = b.detention(world, basis="wro")

    body = client_for(world.officer).get(f"/api/v1/detentions/{detention.pk}/").json()

    assert (body["status"], body["basis"]) == ("detained", "wro")
    assert body["order"] == {"kind": "wro", "id": detention.wro_id, "reference": detention.wro.reference}
    clocks = {clock["kind"]: clock for clock in body["deadlines"]}
    assert set(clocks) == {"detention_notice", "admissibility_determination", "proof_of_admissibility"}
    assert clocks["proof_of_admissibility"]["citation"].startswith("19 CFR 12.43")
    assert set(clocks["detention_notice"]) == {"kind", "due_date", "citation", "state"}


def test_allowed_actions_are_the_callers_own(world):
    detention = b.proposed(world)

    def actions(user):
        return client_for(user).get(f"/api/v1/detentions/{detention.pk}/").json()["allowed_actions"]

    assert "approve-decision" in actions(world.supervisor)
    assert "approve-decision" not in actions(world.officer)
    assert actions(world.importer_a) == ["save-draft", "elect-export"]


def test_an_officer_registers_and_detains_a_shipment_recording_its_presentation(world):
    officer = client_for(world.officer)
    wro = factories.WroFactory(effective_date=TODAY - datetime.timedelta(days=400))
    shipment = officer.post("/api/v1/shipments/", {
        "entry_number": "QQ1-2345678-9", "importer": world.org_a.pk, "country_of_origin": "MY",
        "hts_codes": ["4015.19.0510"], "description": "Gloves", "quantity": "12", "value": "3400.50",
        "port_code": "1001", "importation_date": (TODAY - datetime.timedelta(days=2)).isoformat(),
    }).json()

    response = officer.post(f"/api/v1/shipments/{shipment['id']}/detain/", {
        "basis": "wro", "wro": wro.pk, "presentation_date": (TODAY - datetime.timedelta(days=1)).isoformat(),
    })

    assert response.status_code == 201
    assert response.json()["order"]["reference"] == wro.reference
    assert Shipment.objects.get(pk=shipment["id"]).presentation_date == TODAY - datetime.timedelta(days=1)
    assert Detention.objects.get(pk=response.json()["id"]).assigned_officer == world.officer


def test_the_single_line_registration_is_announced_as_deprecated_and_still_registers(world):
    answer = client_for(world.officer).post("/api/v1/shipments/", {
        "entry_number": "QQ1-2345679-0", "importer": world.org_a.pk, "country_of_origin": "MY",
        "hts_codes": ["4015.19.0510"], "description": "Gloves", "quantity": "12", "value": "3400.50",
        "port_code": "1001", "importation_date": (TODAY - datetime.timedelta(days=2)).isoformat(),
    })

    assert answer.status_code == 201
    # 7 December 2026 00:00 UTC is 1796601600 seconds after the epoch (RFC 9745 date).
    assert answer["Deprecation"] == "@1796601600"
    assert answer["Sunset"] == "Wed, 30 Jun 2027 00:00:00 GMT"
    assert "#single-line-shipments" in answer["Link"] and 'rel="deprecation"' in answer["Link"]
    assert Shipment.objects.get(entry_number="QQ1-2345679-0").lines.count() == 1


def test_a_refused_detention_leaves_the_presentation_date_unrecorded(world):
    shipment = b.pending_shipment(world, presented=False)

    response = client_for(world.officer).post(f"/api/v1/shipments/{shipment.pk}/detain/", {
        "basis": "wro", "presentation_date": (TODAY - datetime.timedelta(days=1)).isoformat(),
    })

    assert response.status_code == 400
    assert "wro" in response.json()["error"]["fields"]
    assert Shipment.objects.get(pk=shipment.pk).presentation_date is None


def test_an_importer_cannot_name_another_organisation_as_importer_of_record(world):
    response = client_for(world.officer).post("/api/v1/shipments/", {"importer": 999999})

    assert response.status_code == 400
    assert "importer" in response.json()["error"]["fields"]


def test_detentions_filter_by_status_and_basis(world):
    b.detention(world, basis="uflpa")
    noticed = b.noticed(world, basis="caatsa")

    results = client_for(world.officer).get("/api/v1/detentions/?status=notice_issued&basis=caatsa").json()["results"]

    assert [row["id"] for row in results] == [noticed.pk]


def test_detentions_page_by_cursor_without_repeating_or_skipping(world):
    ids = {b.detention(world).pk for _ in range(5)}
    client = client_for(world.officer)
    seen, url = [], "/api/v1/detentions/?page_size=2"

    while url:
        page = client.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]

    assert sorted(seen) == sorted(ids) and len(seen) == len(ids)
    assert seen == sorted(seen, reverse=True)


def test_ordering_is_chosen_by_the_caller(world):
    first = b.detention(world)
    second = b.detention(world)

    results = client_for(world.officer).get("/api/v1/detentions/?ordering=id").json()["results"]

    assert [row["id"] for row in results] == [first.pk, second.pk]


def test_an_importer_files_a_draft_through_the_detention(world):
    detention = b.noticed(world, basis="uflpa")

    response = client_for(world.importer_a).post(f"/api/v1/detentions/{detention.pk}/save-draft/", {
        "package": "uflpa_applicability", "summary": "Cotton from Texas."})

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["summary"]) == ("draft", "Cotton from Texas.")
    assert "submit" in response.json()["allowed_actions"]


def test_the_timeline_lists_the_case_events_in_order(world):
    detention = b.noticed(world)

    events = client_for(world.supervisor).get(f"/api/v1/detentions/{detention.pk}/timeline/").json()["results"]

    assert [event["action"] for event in events] == ["detain", "issue_notice", "generate_document"]


@pytest.fixture
def three_clocks(world, monkeypatch):
    """Three detentions (each with its clocks) and the deep-page threshold at 2 rows instead of 10,000."""
    from cases.api import pagination

    for _ in range(3):
        b.detention(world)
    monkeypatch.setattr(pagination, "DEEP_PAGE_ROWS", 2)
    return pagination


def test_a_page_number_within_the_first_rows_is_answered_without_deprecation(three_clocks, world):
    answer = client_for(world.officer).get("/api/v1/deadlines/?page=2&page_size=1")

    assert answer.status_code == 200
    assert len(answer.json()["results"]) == 1
    assert "Deprecation" not in answer and "Sunset" not in answer


def test_a_page_number_past_the_first_rows_is_announced_as_deprecated_and_still_answered(three_clocks, world):
    answer = client_for(world.officer).get("/api/v1/deadlines/?page=3&page_size=1")

    assert answer.status_code == 200
    assert len(answer.json()["results"]) == 1
    # 7 December 2026 00:00 UTC (RFC 9745) and the sunset, 30 June 2027 (RFC 8594).
    assert answer["Deprecation"] == "@1796601600"
    assert answer["Sunset"] == "Wed, 30 Jun 2027 00:00:00 GMT"
    assert "#deep-page-numbers" in answer["Link"] and 'rel="deprecation"' in answer["Link"]


def test_after_the_sunset_a_deep_page_number_is_refused_naming_the_cursor(three_clocks, world, monkeypatch):
    monkeypatch.setattr(three_clocks, "DEEP_PAGES_SUNSET", datetime.date(2026, 1, 1))
    officer = client_for(world.officer)

    refused = officer.get("/api/v1/notifications/?page=3&page_size=1")
    shallow = officer.get("/api/v1/deadlines/?page=2&page_size=1")
    by_cursor = officer.get("/api/v1/deadlines/?paging=cursor&page_size=1")

    assert refused.status_code == 400
    assert "?paging=cursor" in refused.json()["error"]["fields"]["page"][0]
    assert shallow.status_code == 200
    assert by_cursor.status_code == 200 and by_cursor.json()["next"]
