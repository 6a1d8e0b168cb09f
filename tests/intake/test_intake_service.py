"""The intake service: whole entries or nothing, bad rows never block good ones, re-import changes nothing."""

import datetime
import io
from decimal import Decimal

import pytest

from cases.models import AuditEvent, Deadline, EntryLine, Shipment
from cases.services import intake
from tests import factories
from tests.intake import support
from tests.intake.support import run_csv

pytestmark = pytest.mark.django_db


def test_csv_rows_of_one_entry_become_one_entry_with_its_lines(officer, importer_org):
    result = run_csv(officer, [
        support.row(line=1), support.row(line=2, hts_code="6307909845", description="Face masks",
                                         quantity_unit="pieces", value="100.50"),
    ])
    assert (result.entries_created, result.lines_created, result.error_count) == (1, 2, 0)
    shipment = Shipment.objects.get(entry_number="ABC-1234567-8")
    lines = list(shipment.lines.order_by("line_number"))
    assert [line.hts_code for line in lines] == ["4015.19.0510", "6307.90.9845"]
    assert lines[0].manufacturer_name == "Example Glove Sdn. Bhd." and lines[0].manufacturer_id == "MYEXAGLO1KLA"
    # The header summarises the lines: every HTSUS number, total value, units mixed.
    assert shipment.hts_codes == ["4015.19.0510", "6307.90.9845"]
    assert shipment.value == Decimal("2600.50") and shipment.quantity == Decimal("200")
    assert shipment.quantity_unit == "mixed" and shipment.importer == importer_org
    assert AuditEvent.objects.filter(action="register_shipment", object_id=str(shipment.pk)).count() == 1


def test_reimporting_the_same_file_changes_nothing(officer, importer_org):
    rows = [support.row(line=1), support.row(line=2), support.row("XYZ-7654321-0", line=1)]
    run_csv(officer, rows)
    events = AuditEvent.objects.count()
    again = run_csv(officer, rows)
    assert (again.entries_created, again.lines_created, again.entries_unchanged, again.lines_unchanged) == (0, 0, 2, 3)
    assert again.error_count == 0
    assert EntryLine.objects.count() == 3 and AuditEvent.objects.count() == events


def test_a_later_file_adds_new_lines_to_an_entry_and_refuses_changed_ones(officer, importer_org):
    run_csv(officer, [support.row(line=1)])
    result = run_csv(officer, [support.row(line=1), support.row(line=2, value="10")])
    assert (result.entries_extended, result.lines_created, result.lines_unchanged) == (1, 1, 1)
    assert Shipment.objects.get().value == Decimal("2510.00")
    changed = run_csv(officer, [support.row(line=1, value="999"), support.row(line=3)])
    assert changed.entries_refused == 1 and changed.lines_created == 0
    assert "already recorded with other values" in changed.errors[0].message
    assert EntryLine.objects.count() == 2


def test_one_bad_line_refuses_its_whole_entry_but_not_the_others(officer, importer_org):
    result = run_csv(officer, [
        support.row("AAA-0000001-1", line=1), support.row("AAA-0000001-1", line=2, hts_code="4015.19"),
        support.row("BBB-0000002-2", line=1),
    ])
    assert not Shipment.objects.filter(entry_number="AAA-0000001-1").exists()
    assert Shipment.objects.filter(entry_number="BBB-0000002-2").exists()
    assert [(e.row, e.line_number) for e in result.errors] == [(2, "1"), (3, "2")]
    assert "10-digit HTSUS" in result.errors[1].message
    assert "refused as a whole because of row 3" in result.errors[0].message


@pytest.mark.parametrize(("changes", "expected"), [
    ({"entry": "AB-1234567-8"}, "entry_number"),
    ({"hts_code": "40151905"}, "10-digit HTSUS"),
    ({"country_of_origin": "XX"}, "ISO 3166"),
    ({"country_of_origin": "CHN"}, "ISO 3166"),
    ({"importation_date": (datetime.date.today() + datetime.timedelta(days=2)).isoformat()}, "in the future"),
    ({"presentation_date": (datetime.date.today() + datetime.timedelta(days=2)).isoformat()}, "in the future"),
    ({"importation_date": "01/10/2026"}, "YYYY-MM-DD"),
    ({"manufacturer_name": '=HYPERLINK("http://evil.example","x")'}, "spreadsheet formula"),
    ({"description": "@SUM(1+1)"}, "spreadsheet formula"),
    ({"quantity": "-5"}, "greater than zero"),
    ({"value": "12.345"}, "2 decimal places"),
    ({"currency": "ZZZ"}, "ISO 4217"),
    ({"importer_number": "99-999999999"}, "no importer of record"),
    ({"port_code": "NY"}, "port code"),
    ({"line_number": "0"}, "line number"),
    ({"manufacturer_id": "my glove"}, "manufacturer ID"),
])
def test_bad_values_are_refused_per_row_with_the_reason(officer, importer_org, changes, expected):
    entry = changes.pop("entry", "ABC-1234567-8")
    result = run_csv(officer, [support.row(entry, **changes)])
    assert result.entries_refused == 1 and Shipment.objects.count() == 0
    assert expected in result.errors[0].message


def test_presentation_opens_the_release_or_detain_clock(officer, importer_org):
    presented = support.IMPORTED + datetime.timedelta(days=1)
    run_csv(officer, [support.row(presentation_date=presented.isoformat())])
    clock = Deadline.objects.get(shipment__entry_number="ABC-1234567-8")
    assert (clock.kind, clock.starts_on, clock.state) == ("detention_decision", presented, "open")


def test_missing_columns_refuse_the_whole_file(officer, importer_org):
    data = support.csv_bytes([support.row()], columns=["entry_number", "line_number", "hts_code"])
    with pytest.raises(intake.FileRefused, match="lacks the columns"):
        list(intake.read_csv(intake.text_stream(io.BytesIO(data))))


def test_a_file_not_in_utf8_is_refused_with_the_reason(officer, importer_org):
    data = support.csv_bytes([support.row(manufacturer_name="Société Générale")]).decode().encode("utf-16")
    with pytest.raises(intake.FileRefused, match="not UTF-8"):
        run_csv_bytes(officer, data)


def run_csv_bytes(actor, data):
    return intake.import_entries(actor=actor, entries=intake.read_csv(intake.text_stream(io.BytesIO(data))),
                                 source="test")


def test_json_lines_one_entry_per_line_and_broken_lines_reported(officer, importer_org):
    data = support.jsonl_bytes([support.entry_object("AAA-0000001-1", lines=2)]) + b"{not json\n" + \
        support.jsonl_bytes([support.entry_object("BBB-0000002-2")])
    result = intake.import_entries(actor=officer, entries=intake.read_jsonl(intake.text_stream(io.BytesIO(data))),
                                   source="test")
    assert result.entries_created == 2 and result.lines_created == 3
    assert [(e.row, e.message[:26]) for e in result.errors] == [(2, "The line is not valid JSON")]


def test_importers_cannot_register_entries(importer_a, importer_org):
    from cases.errors import ActionNotPermitted

    with pytest.raises(ActionNotPermitted):
        run_csv(importer_a, [support.row()])


def test_rows_of_one_entry_must_repeat_the_same_header(officer, importer_org):
    result = run_csv(officer, [support.row(line=1), support.row(line=2, port_code="5201")])
    assert result.entries_refused == 1 and "differs from the entry's first row" in result.errors[1].message


def test_an_entry_number_held_by_another_importer_is_refused(officer, importer_org):
    factories.ShipmentFactory(entry_number="ABC-1234567-8")
    result = run_csv(officer, [support.row()])
    assert result.entries_refused == 1 and "already recorded with another importer_number" in result.errors[0].message


def test_register_entry_stores_the_form_entry_or_names_each_fault(officer, importer_org):
    header = {k: v for k, v in support.row().items() if k in intake.HEADER_FIELDS}
    shipment = intake.register_entry(actor=officer, header=header, lines=[
        {k: v for k, v in support.row(line=n).items() if k in intake.LINE_FIELDS} for n in (1, 2)])
    assert shipment.lines.count() == 2
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="ISO 3166"):
        intake.register_entry(actor=officer, header={**header, "entry_number": "ABD-1234567-8"}, lines=[
            {k: v for k, v in support.row(line=1, country_of_origin="QQ").items() if k in intake.LINE_FIELDS}])
    assert not Shipment.objects.filter(entry_number="ABD-1234567-8").exists()
