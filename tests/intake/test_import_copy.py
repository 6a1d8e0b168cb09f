"""On PostgreSQL the intake writes entries, lines and audit events with COPY: the same rows and events as the
bulk inserts it uses elsewhere, a verifiable audit chain, and the entry-by-entry retry when a batch fails."""

import datetime
import io
import json
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from cases import audit, bulk_copy
from cases.models import AuditEvent, Deadline, EntryLine, Shipment
from cases.screening.list_services import load_shipped_lists
from cases.screening.models import ScreeningHit
from cases.services import intake
from tests.intake import support
from tests.intake.support import run_csv

pytestmark = pytest.mark.django_db

LISTED = "Hoshine Silicon Industry (Shanshan) Co., Ltd."  # on the UFLPA Entity List as shipped
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")


def with_bulk_inserts(model, objs, *, batch_size=None):
    """The writing path of other databases: Django's bulk_create."""
    return model.objects.bulk_create(objs, batch_size=batch_size)


# A first file, then a second that extends one entry, repeats one unchanged and brings a new one; one entry is
# refused for a bad line, one names a listed manufacturer, one is presented (a clock opens).
PRESENTED = (support.IMPORTED + datetime.timedelta(days=2)).isoformat()
FIRST = [
    support.row("ABC-1234567-8", line=1), support.row("ABC-1234567-8", line=2, value="10.25", quantity_unit="pieces"),
    support.row("XYZ-7654321-0", line=1, manufacturer_name=LISTED, manufacturer_id="CNHOSSIL1SHA",
                country_of_origin="CN", hts_code="2804.61.0000", description="Polysilicon"),
    support.row("BAD-1111111-1", line=1), support.row("BAD-1111111-1", line=2, country_of_origin="XX"),
    support.row("PRE-2222222-2", line=1, presentation_date=PRESENTED),
]
SECOND = [
    support.row("ABC-1234567-8", line=1), support.row("ABC-1234567-8", line=3, description="Vinyl gloves"),
    support.row("XYZ-7654321-0", line=1, manufacturer_name=LISTED, manufacturer_id="CNHOSSIL1SHA",
                country_of_origin="CN", hts_code="2804.61.0000", description="Polysilicon"),
    support.row("NEW-3333333-3", line=1, value="0.50"),
]


def stored() -> dict:
    """What the imports left, without ids and times (which differ between any two runs)."""
    shipments = {s.entry_number: s for s in Shipment.objects.all()}
    skip_shipment = {"id", "created_at", "updated_at"}
    return {
        "shipments": sorted(
            tuple((f.attname, getattr(s, f.attname)) for f in Shipment._meta.concrete_fields
                  if f.attname not in skip_shipment) for s in shipments.values()),
        "lines": sorted(
            (line.shipment.entry_number, *((f.attname, getattr(line, f.attname))
                                           for f in EntryLine._meta.concrete_fields
                                           if f.attname not in {"id", "shipment_id", "created_at"}))
            for line in EntryLine.objects.select_related("shipment")),
        "events": sorted(
            (e.action, Shipment.objects.get(pk=e.object_id).entry_number if e.object_type == "shipment" else "",
             e.object_type, e.actor_id, e.actor_label, json.dumps(e.before, sort_keys=True),
             json.dumps(e.after, sort_keys=True), e.reason, e.outcome, e.key_id)
            for e in AuditEvent.objects.all()),
        "hits": sorted((h.shipment.entry_number, h.line.line_number, h.list_code, h.entity_name, h.match_key)
                       for h in ScreeningHit.objects.select_related("shipment", "line")),
        "clocks": sorted((d.shipment.entry_number, d.kind, d.starts_on, d.due_date, d.state)
                         for d in Deadline.objects.select_related("shipment")),
    }


def import_both_files(officer) -> tuple[list, dict]:
    results = [run_csv(officer, FIRST).as_dict(), run_csv(officer, SECOND).as_dict(),
               run_csv(officer, SECOND).as_dict()]
    return results, stored()


@postgres_only
def test_copy_and_bulk_inserts_store_the_same_rows_events_hits_and_clocks(officer, admin_user, importer_org):
    load_shipped_lists(actor=admin_user)
    with transaction.atomic():
        copied = import_both_files(officer)
        transaction.set_rollback(True)
    with transaction.atomic(), mock.patch.object(bulk_copy, "insert", with_bulk_inserts):
        inserted = import_both_files(officer)
        transaction.set_rollback(True)
    assert copied == inserted
    results, rows = copied
    # Counted by hand from FIRST and SECOND: 3 stored and 1 refused; then 1 extended, 1 unchanged, 1 new;
    # then all 3 unchanged.
    assert [(r["entries_created"], r["entries_extended"], r["entries_unchanged"], r["entries_refused"])
            for r in results] == [(3, 0, 0, 1), (1, 1, 1, 0), (0, 0, 3, 0)]
    assert [entry for entry, *_ in rows["hits"]] and {entry for entry, *_ in rows["hits"]} == {"XYZ-7654321-0"}
    assert [(action, entry) for action, entry, *_ in rows["events"]
            if action in ("register_shipment", "add_entry_lines")] == sorted([
        ("register_shipment", "ABC-1234567-8"), ("register_shipment", "XYZ-7654321-0"),
        ("register_shipment", "PRE-2222222-2"), ("register_shipment", "NEW-3333333-3"),
        ("add_entry_lines", "ABC-1234567-8")])
    assert [entry for entry, *_ in rows["clocks"]] == ["PRE-2222222-2"]


def test_entries_written_by_the_import_get_ids_and_a_verifiable_audit_chain(officer, importer_org):
    result = run_csv(officer, FIRST, keep_shipments=True)
    assert result.entries_created == 3
    assert all(shipment.pk and shipment.created_at for shipment in result.shipments)
    assert {line.shipment_id for line in EntryLine.objects.all()} == {s.pk for s in result.shipments}
    audit.seal_pending()  # what the after-commit hook does outside a test transaction
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert f"{AuditEvent.objects.count()} audit events verified" in out.getvalue()


def test_a_batch_the_database_refuses_is_stored_entry_by_entry(officer, importer_org):
    run_csv(officer, [support.row("ABC-1234567-8", line=1)])
    real = intake._Writer._existing
    calls = []

    def blind_first_time(numbers):
        # As if another writer stored ABC-1234567-8 between the look-up and the write of the batch.
        calls.append(numbers)
        return {} if len(calls) == 1 else real(numbers)

    rows = [support.row("ABC-1234567-8", line=1), support.row("XYZ-7654321-0", line=1),
            support.row("NEW-3333333-3", line=1)]
    with mock.patch.object(intake._Writer, "_existing", staticmethod(blind_first_time)):
        result = run_csv(officer, rows)
    assert len(calls) == 4  # the batch, then each of its 3 entries alone
    assert (result.entries_created, result.entries_unchanged, result.entries_refused, result.error_count) == (
        2, 1, 0, 0)
    assert sorted(Shipment.objects.values_list("entry_number", flat=True)) == [
        "ABC-1234567-8", "NEW-3333333-3", "XYZ-7654321-0"]
    assert EntryLine.objects.count() == 3
    assert AuditEvent.objects.filter(action="register_shipment").count() == 3


def test_lines_built_the_fast_way_hold_what_the_model_constructor_gives(officer, importer_org):
    run_csv(officer, [support.row(line=1)])
    shipment = Shipment.objects.get()
    values = {"line_number": 2, "hts_code": "4015.19.0510", "description": "Gloves", "country_of_origin": "MY",
              "quantity": 5, "value": 10, "manufacturer_name": "Example Glove Sdn. Bhd."}
    fast = bulk_copy.constructor(EntryLine)({"shipment_id": shipment.pk, **values})
    slow = EntryLine(shipment_id=shipment.pk, **values)
    for model_field in EntryLine._meta.concrete_fields:
        assert getattr(fast, model_field.attname) == getattr(slow, model_field.attname), model_field.attname
    assert fast.quantity_unit == "units" and fast.currency == "USD" and fast.additional_hts_codes == []
    assert fast._state.adding and fast.shipment == shipment
    fast.save()
    assert EntryLine.objects.get(pk=fast.pk).description == "Gloves"


def test_every_line_naming_a_listed_manufacturer_raises_its_hit_not_only_the_first(officer, admin_user, importer_org):
    load_shipped_lists(actor=admin_user)
    listed = {"manufacturer_name": LISTED, "manufacturer_id": "CNHOSSIL1SHA", "country_of_origin": "CN",
              "hts_code": "2804.61.0000", "description": "Polysilicon"}
    run_csv(officer, [support.row("ABC-1234567-8", line=1, **listed), support.row("ABC-1234567-8", line=2),
                      support.row("XYZ-7654321-0", line=1, **listed)])
    run_csv(officer, [support.row("NEW-3333333-3", line=4, **listed)])  # a later file, the same name
    entity_hits = ScreeningHit.objects.filter(entity_name__icontains="Hoshine")
    assert sorted((h.shipment.entry_number, h.line.line_number) for h in entity_hits) == [
        ("ABC-1234567-8", 1), ("NEW-3333333-3", 4), ("XYZ-7654321-0", 1)]
