"""Entry files as a broker would send them, for the intake tests."""

import csv
import datetime
import io
import json

from cases.services import intake
from cases.services.intake import CSV_COLUMNS

IMPORTED = datetime.date.today() - datetime.timedelta(days=10)


def row(entry="ABC-1234567-8", line=1, **changes) -> dict:
    values = {
        "entry_number": entry, "entry_type": "01", "importer_number": "12-345678900", "port_code": "1001",
        "importation_date": IMPORTED.isoformat(), "presentation_date": "", "line_number": str(line),
        "hts_code": "4015.19.0510", "description": "Nitrile examination gloves", "country_of_origin": "MY",
        "quantity": "100", "quantity_unit": "cartons", "value": "2500.00", "currency": "USD",
        "manufacturer_id": "MYEXAGLO1KLA", "manufacturer_name": "Example Glove Sdn. Bhd.",
        "manufacturer_address": "Lot 1, Jalan Example, Klang, Selangor",
    }
    values.update({key: str(value) for key, value in changes.items()})
    return values


def csv_bytes(rows: list[dict], columns=CSV_COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def entry_object(entry="ABC-1234567-8", lines=1, **header) -> dict:
    first = row(entry)
    data = {name: first[name] for name in ("entry_number", "entry_type", "importer_number", "port_code",
                                           "importation_date", "presentation_date")}
    data.update(header)
    data["lines"] = [{k: v for k, v in row(entry, n).items() if k not in data} for n in range(1, lines + 1)]
    return data


def jsonl_bytes(objects: list) -> bytes:
    return "".join(json.dumps(obj) + "\n" for obj in objects).encode("utf-8")


def run_csv(actor, rows, **kw):
    """Import `rows` (dicts of CSV columns) through the intake service as an uploaded CSV file would be."""
    stream = intake.text_stream(io.BytesIO(csv_bytes(rows)))
    return intake.import_entries(actor=actor, entries=intake.read_csv(stream), source="test", **kw)
