"""Reading list files and comparing a new version of a list with the one in force (pure, no writes).

Entity lists (UFLPA Entity List, CAATSA 321(b) entities) use the columns of the shipped file and of
DHS's published table: ``name, aliases, country, address, list_section, added_on, source``; DHS's
headings ("Entity Name", "Also Known As", "Effective Date", ...) are read as the same columns.
Sector lists use ``name, hts_prefixes, added_on, source``.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

import pycountry

from cases.screening.matcher import normalise

MAX_LIST_BYTES = 5 * 1024 * 1024  # the full DHS table is about 30 KB

HEADER_ALIASES = {
    "name": "name", "entity": "name", "entity name": "name", "entity_name": "name", "legal name": "name",
    "aliases": "aliases", "alias": "aliases", "also known as": "aliases", "aka": "aliases",
    "country": "country", "address": "address", "location": "address",
    "list_section": "list_section", "section": "list_section", "list section": "list_section",
    "uflpa section": "list_section",
    "added_on": "added_on", "effective date": "added_on", "effective_date": "added_on", "date added": "added_on",
    "source": "source", "federal register notice": "source", "fr notice": "source", "fr citation": "source",
    "hts_prefixes": "hts_prefixes", "hts": "hts_prefixes", "hts headings": "hts_prefixes",
}
REQUIRED = {"entities": ("name",), "sectors": ("name", "hts_prefixes")}
_HTS_PREFIX = re.compile(r"^\d{2}(\d{2}(\.?\d{2}(\.?\d{2}(\d{2})?)?)?)?$")


class ListFileError(ValueError):
    """The whole file is refused (encoding, size, columns); ``errors`` names each refused row."""

    def __init__(self, message: str, errors: list[str] | None = None):
        super().__init__(message)
        self.errors = errors or []


def _country(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    found = pycountry.countries.get(alpha_2=value.upper()) if len(value) == 2 else None
    if found is None:
        try:
            found = pycountry.countries.lookup(value)
        except LookupError:
            found = {"hong kong": "HK", "hong kong, china": "HK", "hong kong sar": "HK"}.get(value.casefold())
            found = pycountry.countries.get(alpha_2=found) if found else None
    if found is None:
        raise ValueError(f"country '{value}' is not an ISO 3166 country name or code")
    return found.alpha_2


def _date(value: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%B %d, %Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(f"date '{value}' is not a date (write YYYY-MM-DD)")


def _split(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[|;]", value or "") if part.strip()]


def entry_key(kind: str, name: str, section: str = "") -> str:
    """Identity of an entry across versions: its normalised name (and, on entity lists, its section,
    because the UFLPA list names some entities under two sections)."""
    base = normalise(name) or name.strip().casefold()
    return base if kind == "sectors" else f"{base}|{section.strip()}"


def parse_list_file(content: bytes, kind: str) -> list[dict]:
    """The rows of an uploaded list as dicts ready to store; refuses the file if any row is wrong."""
    if len(content) > MAX_LIST_BYTES:
        raise ListFileError(f"The file is {len(content):,} bytes; a list file may be at most {MAX_LIST_BYTES:,}.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ListFileError(f"The file is not UTF-8 text (byte {error.start}); save it as CSV UTF-8.") from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise ListFileError("The file is empty; it needs a header row and one row per entry.")
    columns = [HEADER_ALIASES.get(h.strip().casefold(), "") for h in header]
    missing = [c for c in REQUIRED[kind] if c not in columns]
    if missing:
        raise ListFileError(f"Missing column(s): {', '.join(missing)}. Found: {', '.join(h.strip() for h in header)}.")
    rows, errors, seen = [], [], set()
    for line_number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        raw = {col: cells[i].strip() for i, col in enumerate(columns) if col and i < len(cells)}
        try:
            row = _row(raw, kind)
        except ValueError as error:
            errors.append(f"Row {line_number}: {error}.")
            continue
        if row["key"] in seen:
            errors.append(f"Row {line_number}: '{row['name']}' appears twice in the same section.")
            continue
        seen.add(row["key"])
        rows.append(row)
    if errors:
        raise ListFileError(f"{len(errors)} row(s) refused; nothing was loaded.", errors)
    if not rows:
        raise ListFileError("The file has a header but no entries.")
    return rows


def _row(raw: dict, kind: str) -> dict:
    name = raw.get("name", "")
    if not name:
        raise ValueError("the name is empty")
    if name[0] in "=+-@\t\r":
        raise ValueError(f"the name '{name[:40]}' starts with a formula character")
    section = raw.get("list_section", "")
    prefixes = _split(raw.get("hts_prefixes", ""))
    bad = [p for p in prefixes if not _HTS_PREFIX.match(p)]
    if bad:
        raise ValueError(f"HTS heading(s) {', '.join(bad)} are not 2 to 10 digits")
    return {
        "key": entry_key(kind, name, section), "name": name, "aliases": _split(raw.get("aliases", "")),
        "country": _country(raw.get("country", "")), "address": raw.get("address", ""), "section": section,
        "hts_prefixes": [re.sub(r"\D", "", p) for p in prefixes], "source": raw.get("source", "")[:300],
        "added_on": _date(raw.get("added_on", "")),
    }


COMPARED = ("name", "aliases", "country", "address", "section", "hts_prefixes", "source", "added_on")


@dataclass
class ListDiff:
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    renamed: list[dict] = field(default_factory=list)   # {"key", "from", "to", "row"}
    changed: list[dict] = field(default_factory=list)   # {"key", "fields", "row"}

    def as_json(self) -> dict:
        return {"added": self.added, "removed": self.removed, "renamed": self.renamed, "changed": self.changed}

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.changed)


def _names(entry: dict) -> set[str]:
    return {normalise(n) for n in [entry["name"], *entry.get("aliases", [])]} - {""}


def compare(in_force: list[dict], rows: list[dict]) -> ListDiff:
    """What confirming ``rows`` would change. A removed entry whose name or alias is a name or alias of an
    added entry in the same section is a rename (the UFLPA list keeps the former name as an alias)."""
    old = {e["key"]: e for e in in_force}
    new = {r["key"]: r for r in rows}
    diff = ListDiff()
    added = [new[k] for k in new if k not in old]
    removed = [old[k] for k in old if k not in new]
    for gone in list(removed):
        partner = next((r for r in added if r.get("section", "") == gone.get("section", "")
                        and _names(r) & _names(gone)), None)
        if partner is not None:
            diff.renamed.append({"key": gone["key"], "from": gone["name"], "to": partner["name"], "row": partner})
            added.remove(partner)
            removed.remove(gone)
    diff.added = added
    diff.removed = [{"key": e["key"], "name": e["name"]} for e in removed]
    for key in new.keys() & old.keys():
        fields = [f for f in COMPARED if _comparable(old[key].get(f)) != _comparable(new[key].get(f))]
        if fields:
            diff.changed.append({"key": key, "name": new[key]["name"], "fields": fields, "row": new[key]})
    diff.changed.sort(key=lambda c: c["key"])
    return diff


def _comparable(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value if value not in (None,) else ""
