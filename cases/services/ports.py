"""The ports reference data: loading the shipped list or an official one with the same columns."""

import csv
import io
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from cases.actors import SYSTEM
from cases.audit import record_event, snapshot
from cases.errors import ActionNotPermitted
from cases.models import Port, Role

SHIPPED_PORTS = Path(__file__).resolve().parent.parent / "fixtures" / "ports.csv"
COLUMNS = ("code", "name", "time_zone", "dc_area")
_TRUE, _FALSE = {"true", "yes", "1", "y"}, {"false", "no", "0", "n", ""}


def parse_ports(text: str) -> list[dict]:
    """Rows of a ports CSV (code, name, time_zone, dc_area), validated; every bad row is named."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in COLUMNS[:3] if column not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(f"The file lacks the column(s) {', '.join(missing)}; expected {', '.join(COLUMNS)}.")
    rows, errors, seen = [], [], set()
    for line, raw in enumerate(reader, start=2):
        flag = (raw.get("dc_area") or "").strip().lower()
        if flag not in _TRUE | _FALSE:
            errors.append(f"line {line}: dc_area must be true or false, not {flag!r}")
            continue
        port = Port(code=(raw.get("code") or "").strip(), name=(raw.get("name") or "").strip(),
                    time_zone=(raw.get("time_zone") or "").strip(), dc_area=flag in _TRUE)
        try:
            port.full_clean(validate_unique=False)
        except ValidationError as exc:
            errors.append(f"line {line}: " + "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()))
            continue
        if port.code in seen:
            errors.append(f"line {line}: port {port.code} appears twice")
            continue
        seen.add(port.code)
        rows.append({"code": port.code, "name": port.name, "time_zone": port.time_zone, "dc_area": port.dc_area})
    if errors:
        raise ValidationError(errors)
    return rows


@transaction.atomic
def load_ports(*, actor, text: str) -> dict[str, int]:
    """Add new ports and update changed ones; a port missing from the file is kept (dates refer to it)."""
    if actor is not SYSTEM and getattr(actor, "role", None) != Role.ADMIN:
        raise ActionNotPermitted("Only administrators load reference data.")
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    fields = ["name", "time_zone", "dc_area"]
    for row in parse_ports(text):
        port = Port.objects.select_for_update().filter(code=row["code"]).first()
        if port is None:
            port = Port.objects.create(**row)
            counts["added"] += 1
            record_event(actor=actor, action="load_port", obj=port, after=snapshot(port, ["code", *fields]),
                         reason="Ports reference data loaded")
            continue
        before = snapshot(port, fields)
        for name in fields:
            setattr(port, name, row[name])
        if snapshot(port, fields) == before:
            counts["unchanged"] += 1
            continue
        port.save(update_fields=fields)
        counts["updated"] += 1
        record_event(actor=actor, action="update_port", obj=port, before=before, after=snapshot(port, fields),
                     reason="Ports reference data loaded")
    return counts
