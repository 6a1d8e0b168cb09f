"""POST /api/v1/entries/bulk/: whole entries or nothing, per-entry errors, idempotent, staff only."""

import pytest

from cases.models import EntryLine, Shipment
from tests.api.conftest import client_for
from tests.intake import support

pytestmark = pytest.mark.django_db
URL = "/api/v1/entries/bulk/"


def test_bulk_stores_good_entries_and_lists_each_refused_line(officer, importer_org):
    body = {"entries": [
        support.entry_object("AAA-0000001-1", lines=2),
        support.entry_object("BBB-0000002-2", lines=1, importation_date="2999-01-01"),
        {"entry_number": "CCC-0000003-3"},
    ]}
    response = client_for(officer).post(URL, body, format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["entries_created"], data["lines_created"], data["entries_refused"]) == (1, 2, 2)
    assert [(e["index"], e["entry_number"]) for e in data["errors"]] == [(1, "BBB-0000002-2"), (2, "CCC-0000003-3")]
    assert "in the future" in data["errors"][0]["message"] and '"lines"' in data["errors"][1]["message"]
    assert list(Shipment.objects.values_list("entry_number", flat=True)) == ["AAA-0000001-1"]


def test_sending_the_same_entries_again_changes_nothing(officer, importer_org):
    body = {"entries": [support.entry_object("AAA-0000001-1", lines=3)]}
    client_for(officer).post(URL, body, format="json")
    data = client_for(officer).post(URL, body, format="json").json()
    assert (data["entries_created"], data["entries_unchanged"], data["lines_unchanged"]) == (0, 1, 3)
    assert EntryLine.objects.count() == 3


def test_a_body_without_entries_is_a_400_with_the_field(officer):
    response = client_for(officer).post(URL, {"rows": []}, format="json")
    assert response.status_code == 400
    assert "entries" in response.json()["error"]["fields"]


def test_more_entries_than_the_limit_are_refused_whole(officer, importer_org, settings):
    settings.ENTRY_BULK_API_MAX_ENTRIES = 2
    body = {"entries": [support.entry_object(f"AAA-000000{n}-1") for n in range(3)]}
    response = client_for(officer).post(URL, body, format="json")
    assert response.status_code == 400 and "at most 2 entries" in response.content.decode()
    assert not Shipment.objects.exists()


def test_importers_and_administrators_may_not_register_entries(importer_a, admin_user, importer_org):
    body = {"entries": [support.entry_object()]}
    assert client_for(importer_a).post(URL, body, format="json").status_code == 403
    assert client_for(admin_user).post(URL, body, format="json").status_code == 403
    assert not Shipment.objects.exists()


@pytest.mark.parametrize("field", ["importer_number", "entry_number", "port_code"])
def test_a_nul_character_in_a_header_field_is_refused_with_the_field_named(officer, importer_org, field):
    # PostgreSQL's text cannot hold NUL: the value must never reach a query or a stored message.
    good = support.entry_object("AAA-0000001-1")
    body = {"entries": [{**good, field: good[field] + "\x00"}]}

    response = client_for(officer).post(URL, body, format="json")

    assert response.status_code == 200, response.content
    data = response.json()
    assert data["entries_refused"] == 1 and f"{field}: holds a NUL character." in data["errors"][0]["message"]
    assert "\x00" not in response.content.decode("utf-8").replace("\\u0000", "\x00")
    assert not Shipment.objects.exists()


def test_a_nul_character_in_a_line_is_refused_with_the_field_named(officer, importer_org):
    good = support.entry_object("AAA-0000001-1")
    good["lines"][0]["hts_code"] += "\x00"

    data = client_for(officer).post(URL, {"entries": [good]}, format="json").json()

    assert data["entries_refused"] == 1 and "hts_code: holds a NUL character." in data["errors"][0]["message"]
    assert not EntryLine.objects.exists()
