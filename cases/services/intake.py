"""Entry intake: one service behind the officer's form, file imports, the bulk API and import_entries.

An entry arrives as a header (entry number, entry type, importer of record, port, dates) and its lines.
Each entry is validated whole before anything is written: one bad line refuses the entry, and every row
of it is reported with the reason, while the other entries go on. Entries are written in batches (one
transaction each, bulk inserts or, on PostgreSQL, COPY (cases/bulk_copy.py), one audit event per entry
stored); if the database refuses a batch (another writer stored the same entry meanwhile) the batch is
retried one entry at a time.

Re-sending an entry changes nothing: a line already recorded under the same entry number and line
number with the same values is counted as unchanged; with different values it is refused (corrections
are not made by import). Lines not yet recorded are added to the entry, whose header summary is then
recomputed (docs/intake.md).

The readers (`read_csv`, `read_jsonl`) stream: they hold one entry at a time, whatever the file size.
"""

import csv
import datetime
import functools
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pycountry
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from cases import bulk_copy
from cases.audit import record_events
from cases.clocks import DeadlineKind
from cases.models import EntryLine, EntryType, ImporterOrganisation, Shipment
from cases.services.deadlines import open_clock
from cases.services.shipments import lines_arrived, require_staff
from cases.services.support import today
from cases.validators import (
    ENTRY_NUMBER_RE,
    MID_RE,
    PORT_CODE_RE,
)

HEADER_FIELDS = ("entry_number", "entry_type", "importer_number", "port_code", "importation_date",
                 "presentation_date")
LINE_FIELDS = ("line_number", "hts_code", "description", "country_of_origin", "quantity", "quantity_unit", "value",
               "currency", "manufacturer_id", "manufacturer_name", "manufacturer_address")
CSV_COLUMNS = HEADER_FIELDS + LINE_FIELDS
REQUIRED_COLUMNS = ("entry_number", "importer_number", "port_code", "importation_date", "line_number", "hts_code",
                    "description", "country_of_origin", "quantity", "value")
MAX_LINES_PER_ENTRY = 999  # CBP Form 7501 line numbers run 001-999
BATCH_ENTRIES = 500
MAX_AMOUNT = Decimal("999999999999.99")  # 14 digits, 2 decimal places
HTS_DIGITS_RE = re.compile(r"^\d{10}$")
FORMULA_START = ("=", "+", "@", "\t", "\r")
TEXT_LIMITS = {"description": 2000, "manufacturer_name": 300, "manufacturer_address": 1000, "quantity_unit": 20}
ENTRY_TYPES = {choice.value for choice in EntryType}
SUMMARY_FIELDS = ["country_of_origin", "hts_codes", "description", "quantity", "quantity_unit", "value", "currency"]


class FileRefused(Exception):
    """The file as a whole cannot be read (encoding, columns): nothing in it was imported."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class RawEntry:
    """One entry as read: the header fields and its lines, each with the row (file line) it came from."""

    header: dict
    lines: list[tuple[int, dict]] = field(default_factory=list)
    first_row: int = 0
    problem: str = ""  # the row could not be read at all (broken JSON)


@dataclass
class RowError:
    row: int
    entry_number: str
    line_number: str
    message: str


@dataclass
class IntakeResult:
    entries_created: int = 0
    entries_extended: int = 0
    entries_unchanged: int = 0
    entries_refused: int = 0
    lines_created: int = 0
    lines_unchanged: int = 0
    rows_done: int = 0
    errors: list[RowError] = field(default_factory=list)
    errors_reported: int = 0  # errors already handed to on_error (and no longer kept)
    shipments: list = field(default_factory=list)  # entries stored or extended, when asked to keep them

    @property
    def error_count(self) -> int:
        return self.errors_reported + len(self.errors)

    def as_dict(self) -> dict:
        return {key: getattr(self, key) for key in (
            "entries_created", "entries_extended", "entries_unchanged", "entries_refused", "lines_created",
            "lines_unchanged", "rows_done")} | {"errors": self.error_count}


# ---- reading ------------------------------------------------------------------------------------------

def text_stream(binary, *, encoding: str = "utf-8-sig") -> io.TextIOBase:
    """A strict UTF-8 text view of an uploaded file, read in chunks (a BOM is dropped)."""
    return io.TextIOWrapper(binary, encoding=encoding, errors="strict", newline="")


def _decode_guard(iterator: Iterator, what: str) -> Iterator:
    try:
        yield from iterator
    except UnicodeDecodeError as error:
        raise FileRefused(
            f"The {what} is not UTF-8 text (a byte at position {error.start} of a block could not be read). "
            "Save it as UTF-8 (for example \"CSV UTF-8\" in a spreadsheet) and upload it again."
        ) from None


def read_csv(stream: io.TextIOBase) -> Iterator[RawEntry]:
    """Entries from a CSV file, one row per line; consecutive rows with the same entry number are one entry."""
    reader = csv.reader(_decode_guard(stream, "file"))
    try:
        columns = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise FileRefused("The file is empty: the first row must name the columns.") from None
    except csv.Error as error:
        raise FileRefused(f"The first row could not be read as CSV ({error}).") from None
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise FileRefused(
            f"The file lacks the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}. The first row "
            f"must name the columns; expected: {', '.join(CSV_COLUMNS)}."
        )
    index = {name: columns.index(name) for name in CSV_COLUMNS if name in columns}
    current: RawEntry | None = None
    row_number = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            row_number = reader.line_num
            if current is not None:
                yield current
                current = None
            yield RawEntry(header={}, first_row=row_number, problem=f"The row could not be read as CSV ({error}).")
            continue
        row_number = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        values = {name: (row[i] if i < len(row) else "") for name, i in index.items()}
        if len(row) > len(columns):
            values["_extra"] = "yes"
        header = {name: values.get(name, "") for name in HEADER_FIELDS}
        line = {name: values.get(name, "") for name in LINE_FIELDS}
        if "_extra" in values:
            line["_extra"] = "yes"
        if current is not None and current.header.get("entry_number", "").strip().upper() == \
                header["entry_number"].strip().upper():
            current.lines.append((row_number, line | {"_header": header}))
            continue
        if current is not None:
            yield current
        current = RawEntry(header=header, lines=[(row_number, line | {"_header": header})], first_row=row_number)
    if current is not None:
        yield current


def read_jsonl(stream: io.TextIOBase) -> Iterator[RawEntry]:
    """Entries from JSON Lines: one entry object per line, its lines under "lines"."""
    for number, text in enumerate(_decode_guard(stream, "file"), start=1):
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except ValueError as error:
            yield RawEntry(header={}, first_row=number, problem=f"The line is not valid JSON ({error.msg}).")
            continue
        yield from entries_from_objects([data], first_row=number)


def entries_from_objects(objects: Iterable, *, first_row: int = 1) -> Iterator[RawEntry]:
    """Entries given as JSON objects (JSON Lines, the bulk API): a header with a list of lines."""
    for offset, data in enumerate(objects):
        row = first_row + offset
        if not isinstance(data, dict):
            yield RawEntry(header={}, first_row=row, problem="Each entry must be a JSON object with its lines.")
            continue
        lines = data.get("lines")
        if not isinstance(lines, list) or not lines or not all(isinstance(line, dict) for line in lines):
            yield RawEntry(header={"entry_number": _text(data.get("entry_number"))}, first_row=row,
                           problem='The entry must have "lines": a list of at least one line object.')
            continue
        header = {name: _text(data.get(name)) for name in HEADER_FIELDS}
        yield RawEntry(header=header, first_row=row,
                       lines=[(row, {name: _text(line.get(name)) for name in LINE_FIELDS}) for line in lines])


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def count_rows(binary, *, fmt: str) -> int:
    """Rows a file holds (CSV: data rows; JSON Lines: entries), counted in one streamed pass."""
    total = 0
    last = b"\n"
    while chunk := binary.read(1024 * 1024):
        total += chunk.count(b"\n")
        last = chunk[-1:]
    if last != b"\n":
        total += 1
    binary.seek(0)
    return max(total - 1, 0) if fmt == "csv" else total


# ---- validation ---------------------------------------------------------------------------------------


def _without_nul(raw: dict, problems: list[str]) -> dict:
    """A NUL character is refused with its field named, and taken out of what is checked and echoed, so that no
    message or stored value holds one (PostgreSQL's text cannot)."""
    clean = {}
    for name, value in raw.items():
        if isinstance(value, str) and "\x00" in value:
            problems.append(f"{name}: holds a NUL character.")
            value = value.replace("\x00", "")
        clean[name] = value
    return clean


class _Checker:
    """Validates raw entries into clean values; caches the look-ups an import repeats."""

    def __init__(self):
        self._importers: dict[str, ImporterOrganisation | None] = {}
        self._countries: dict[str, bool] = {}
        self._currencies: dict[str, bool] = {}
        self._today: dict[str, datetime.date] = {}

    def importer(self, number: str):
        if number not in self._importers:
            self._importers[number] = ImporterOrganisation.objects.filter(importer_number=number).first()
        return self._importers[number]

    def country(self, code: str) -> bool:
        if code not in self._countries:
            self._countries[code] = len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None
        return self._countries[code]

    def currency(self, code: str) -> bool:
        if code not in self._currencies:
            self._currencies[code] = len(code) == 3 and pycountry.currencies.get(alpha_3=code) is not None
        return self._currencies[code]

    def today(self, port_code: str) -> datetime.date:
        if port_code not in self._today:
            self._today[port_code] = today(port_code)
        return self._today[port_code]

    def header(self, raw: dict) -> tuple[dict, list[str]]:
        problems = []
        raw = _without_nul(raw, problems)
        clean = {}
        entry_number = raw.get("entry_number", "").strip().upper()
        if not ENTRY_NUMBER_RE.match(entry_number):
            problems.append(f"entry_number: '{entry_number}' is not an entry number; write the "
                            "3-character filer code, 7 digits and the check digit, for example ABC-1234567-8.")
        clean["entry_number"] = entry_number
        entry_type = raw.get("entry_type", "").strip() or EntryType.CONSUMPTION
        if entry_type not in ENTRY_TYPES:
            problems.append(f"entry_type: '{entry_type}' is not an entry type this system takes "
                            f"({', '.join(sorted(ENTRY_TYPES))}).")
        clean["entry_type"] = entry_type
        importer_number = raw.get("importer_number", "").strip()
        importer = self.importer(importer_number) if importer_number else None
        if importer is None:
            problems.append(f"importer_number: no importer of record numbered '{importer_number}' is registered; "
                            "an administrator registers the organisation first.")
        clean["importer"] = importer
        port_code = raw.get("port_code", "").strip()
        if not PORT_CODE_RE.match(port_code):
            problems.append(f"port_code: '{port_code}' is not a port code; write 4 digits DDPP (for example 1001).")
            port_code = ""
        clean["port_code"] = port_code
        for name, what, required in (("importation_date", "date of importation", True),
                                     ("presentation_date", "presentation date", False)):
            text = raw.get(name, "").strip()
            clean[name] = None
            if not text:
                if required:
                    problems.append(f"{name}: give the {what} as YYYY-MM-DD.")
                continue
            try:
                value = datetime.date.fromisoformat(text)
            except ValueError:
                problems.append(f"{name}: '{text}' is not a date; write YYYY-MM-DD (for example 2026-10-01).")
                continue
            if value > self.today(port_code or None):
                problems.append(f"{name}: the {what} {value:%d %B %Y} is in the future.")
                continue
            clean[name] = value
        if clean["presentation_date"] and clean["importation_date"] and \
                clean["presentation_date"] < clean["importation_date"]:
            problems.append("presentation_date: the goods cannot be presented before the date of importation.")
        return clean, problems

    def line(self, raw: dict) -> tuple[dict, list[str]]:
        problems = []
        raw = _without_nul(raw, problems)
        clean = {}
        if raw.get("_extra"):
            problems.append("The row has more cells than the first row names columns; check for an unquoted comma.")
        number_text = raw.get("line_number", "").strip()
        try:
            number = int(number_text)
        except ValueError:
            number = 0
        if not 1 <= number <= MAX_LINES_PER_ENTRY:
            problems.append(f"line_number: '{number_text}' is not a line number (a whole number from 1 to "
                            f"{MAX_LINES_PER_ENTRY}).")
        clean["line_number"] = number
        hts = raw.get("hts_code", "").strip()
        digits = hts.replace(".", "")
        if not HTS_DIGITS_RE.match(digits) or (hts != digits and len(hts) != 12):
            problems.append(f"hts_code: '{hts}' is not a 10-digit HTSUS number; write NNNN.NN.NNNN "
                            "(for example 4015.19.0510).")
        clean["hts_code"] = f"{digits[:4]}.{digits[4:6]}.{digits[6:]}"
        country = raw.get("country_of_origin", "").strip().upper()
        if not self.country(country):
            problems.append(f"country_of_origin: '{country}' is not an ISO 3166-1 alpha-2 country code "
                            "(two letters, for example CN or MY).")
        clean["country_of_origin"] = country
        for name, what in (("quantity", "quantity"), ("value", "value")):
            text = raw.get(name, "").strip().replace(",", "")
            try:
                amount = Decimal(text)
            except (InvalidOperation, ValueError):
                amount = None
            if amount is None or not amount.is_finite() or amount <= 0 or amount > MAX_AMOUNT \
                    or amount != amount.quantize(Decimal("0.01")):
                problems.append(f"{name}: '{text}' is not a {what}; give a number greater than zero with at most "
                                "2 decimal places.")
                amount = None
            clean[name] = amount
        currency = raw.get("currency", "").strip().upper() or "USD"
        if not self.currency(currency):
            problems.append(f"currency: '{currency}' is not an ISO 4217 currency code (for example USD).")
        clean["currency"] = currency
        mid = raw.get("manufacturer_id", "").strip().upper()
        if mid and (len(mid) > 15 or not MID_RE.match(mid) or not self.country(mid[:2])):
            problems.append(f"manufacturer_id: '{mid}' is not a manufacturer ID (MID): country code, up to 6 letters "
                            "of the name, up to 4 digits of the address, up to 3 letters of the city.")
        clean["manufacturer_id"] = mid
        for name in ("description", "quantity_unit", "manufacturer_name", "manufacturer_address"):
            text = raw.get(name, "").strip() if name != "quantity_unit" else (raw.get(name, "").strip() or "units")
            if text.startswith(FORMULA_START) or "\r" in text:
                problems.append(f"{name}: '{text[:40]}' starts like a spreadsheet formula (=, +, @) or holds a "
                                "control character; give the text as declared.")
            elif len(text) > TEXT_LIMITS[name]:
                problems.append(f"{name}: longer than {TEXT_LIMITS[name]} characters.")
            clean[name] = text
        if not clean["description"]:
            problems.append("description: describe the goods of the line.")
        return clean, problems


@dataclass
class _ValidEntry:
    header: dict
    lines: list[dict]
    rows: list[tuple[int, int]]  # (row, line_number)
    first_row: int


def _check_entry(checker: _Checker, raw: RawEntry) -> tuple[_ValidEntry | None, list[RowError]]:
    # Echoed in every refusal of the entry (and stored with a file's refused rows): without a NUL character.
    entry_number = raw.header.get("entry_number", "").replace("\x00", "").strip().upper()
    if raw.problem:
        return None, [RowError(raw.first_row, entry_number, "", raw.problem)]
    header, header_problems = checker.header(raw.header)
    row_problems: dict[int, list[str]] = {}
    lines = []
    seen: dict[int, int] = {}
    currencies = set()
    for row, raw_line in raw.lines:
        line, problems = checker.line(raw_line)
        line_header = raw_line.get("_header")
        if line_header is not None and row != raw.first_row and line_header != raw.header:
            differing = [name for name in HEADER_FIELDS
                         if line_header.get(name, "").strip().upper() != raw.header.get(name, "").strip().upper()]
            if differing:
                problems.append(f"{', '.join(differing)}: differs from the entry's first row (row {raw.first_row}); "
                                "every row of an entry repeats the same header.")
        if line["line_number"] in seen:
            problems.append(f"line_number: line {line['line_number']} appears twice in this entry "
                            f"(also row {seen[line['line_number']]}).")
        seen.setdefault(line["line_number"], row)
        currencies.add(line["currency"])
        if problems:
            row_problems[row] = problems
        lines.append((row, line))
    if len(raw.lines) > MAX_LINES_PER_ENTRY:
        header_problems.append(f"An entry has at most {MAX_LINES_PER_ENTRY} lines; this one has {len(raw.lines)}.")
    if len(currencies) > 1:
        header_problems.append(f"currency: the lines of one entry are valued in one currency, not "
                               f"{', '.join(sorted(currencies))}.")
    if not header_problems and not row_problems:
        return _ValidEntry(header=header, lines=[line for _, line in lines],
                           rows=[(row, line["line_number"]) for row, line in lines], first_row=raw.first_row), []
    errors = []
    for row, line in lines:
        problems = row_problems.get(row, [])
        if row == raw.first_row:
            problems = header_problems + problems
        if problems:
            reason = " ".join(problems)
        else:
            bad = sorted(row_problems) or [raw.first_row]
            reason = f"Not stored: the entry is refused as a whole because of row {bad[0]}."
        errors.append(RowError(row, entry_number, str(line["line_number"] or ""), reason))
    return None, errors


# ---- writing ------------------------------------------------------------------------------------------

def summary_of(lines: list) -> dict:
    """The entry header's summary of its lines (see docs/intake.md)."""
    def get(line, name):
        return line[name] if isinstance(line, dict) else getattr(line, name)

    lines = sorted(lines, key=lambda line: get(line, "line_number"))
    codes = []
    for line in lines:
        for code in [get(line, "hts_code"), *(get(line, "additional_hts_codes") if not isinstance(line, dict)
                                              else line.get("additional_hts_codes", []))]:
            if code not in codes:
                codes.append(code)
    units = {get(line, "quantity_unit") for line in lines}
    descriptions = []
    for line in lines:
        if get(line, "description") not in descriptions:
            descriptions.append(get(line, "description"))
    description = "; ".join(descriptions)
    if len(description) > 2000:
        description = description[:1990].rstrip() + " ..."
    return {
        "country_of_origin": get(lines[0], "country_of_origin"), "hts_codes": codes, "description": description,
        "quantity": sum((get(line, "quantity") for line in lines), Decimal(0)),
        "quantity_unit": units.pop() if len(units) == 1 else "mixed",
        "value": sum((get(line, "value") for line in lines), Decimal(0)), "currency": get(lines[0], "currency"),
    }


@functools.cache
def _line_maker() -> Callable[[Shipment, dict], EntryLine]:
    """New EntryLine instances from clean line values, built the fast way (bulk_copy.constructor)."""
    make = bulk_copy.constructor(EntryLine)
    cache_shipment = EntryLine.shipment.field.set_cached_value

    def new_line(shipment: Shipment, line: dict) -> EntryLine:
        obj = make({"id": None, "shipment_id": shipment.pk, **line})
        cache_shipment(obj, shipment)
        return obj

    return new_line


@functools.cache
def _shipment_maker() -> Callable[..., Shipment]:
    """New Shipment instances from a valid entry's header, built the fast way (bulk_copy.constructor)."""
    make = bulk_copy.constructor(Shipment)
    cache_importer = Shipment.importer.field.set_cached_value
    cache_creator = Shipment.created_by.field.set_cached_value

    def new_shipment(header: dict, lines: list[dict], actor) -> Shipment:
        obj = make({"id": None, "entry_number": header["entry_number"], "entry_type": header["entry_type"],
                    "importer_id": header["importer"].pk, "port_code": header["port_code"],
                    "importation_date": header["importation_date"], "presentation_date": header["presentation_date"],
                    "created_by_id": actor.pk, **summary_of(lines)})
        cache_importer(obj, header["importer"])
        cache_creator(obj, actor)
        return obj

    return new_shipment


def _same_line(stored: EntryLine, line: dict) -> bool:
    return all(getattr(stored, name) == line[name] for name in LINE_FIELDS)


class _Writer:
    def __init__(self, *, actor, source: str, result: IntakeResult, keep_shipments: bool):
        self.actor = actor
        self.source = source
        self.result = result
        self.keep = keep_shipments

    def write(self, batch: list[_ValidEntry]) -> None:
        if not batch:
            return
        try:
            with transaction.atomic():
                self._write(batch)
        except DatabaseError:
            # Someone stored one of these entries meanwhile, or one row breaks a database rule: one at a time.
            for entry in batch:
                try:
                    with transaction.atomic():
                        self._write([entry])
                except DatabaseError as error:
                    self.result.entries_refused += 1
                    self.result.errors.extend(
                        RowError(row, entry.header["entry_number"], str(number),
                                 f"The database refused the entry ({type(error).__name__}); nothing of it was stored.")
                        for row, number in entry.rows)
        self.result.rows_done += sum(len(entry.rows) for entry in batch)

    def _write(self, batch: list[_ValidEntry]) -> None:
        result = IntakeResult()
        numbers = [entry.header["entry_number"] for entry in batch]
        existing = self._existing(numbers)
        stored_lines: dict[int, dict[int, EntryLine]] = {}
        for line in EntryLine.objects.filter(shipment__in=list(existing.values())):
            stored_lines.setdefault(line.shipment_id, {})[line.line_number] = line
        new_shipments, new_entries, extended, errors = [], [], [], []
        new_shipment = _shipment_maker()
        seen_in_batch = set()
        for entry in batch:
            number = entry.header["entry_number"]
            shipment = existing.get(number)
            if number in seen_in_batch:  # the same entry twice in one batch: write it in the next round
                raise DatabaseError("entry repeated within a batch")
            seen_in_batch.add(number)
            if shipment is None:
                shipment = new_shipment(entry.header, entry.lines, self.actor)
                new_shipments.append(shipment)
                new_entries.append((shipment, entry))
                continue
            problem = self._conflict(shipment, entry)
            stored = stored_lines.get(shipment.pk, {})
            additions, unchanged, changed = [], 0, []
            for line in entry.lines:
                if line["line_number"] not in stored:
                    additions.append(line)
                elif _same_line(stored[line["line_number"]], line):
                    unchanged += 1
                else:
                    changed.append(line["line_number"])
            if problem or changed:
                reason = problem or (f"Line {', '.join(map(str, changed))} of entry {number} is already recorded with "
                                     "other values; corrections are not made by import. Nothing of it was stored.")
                errors.extend(RowError(row, number, str(line_number), reason) for row, line_number in entry.rows)
                result.entries_refused += 1
                continue
            result.lines_unchanged += unchanged
            if not additions:
                result.entries_unchanged += 1
                continue
            extended.append((shipment, entry, additions, list(stored.values())))
        # COPY on PostgreSQL, bulk inserts elsewhere (cases/bulk_copy.py); a unique entry number stored
        # meanwhile by another writer fails the batch either way, and write() retries it entry by entry.
        bulk_copy.insert(Shipment, new_shipments)
        new_line = _line_maker()
        lines = []
        for shipment, entry in new_entries:
            lines.extend(new_line(shipment, line) for line in entry.lines)
        for shipment, _, additions, _ in extended:
            lines.extend(new_line(shipment, line) for line in additions)
        bulk_copy.insert(EntryLine, lines, batch_size=2000)
        # No entry line exists unscreened: the lists are checked in the same transaction (cases/screening/).
        lines_arrived(lines, actor=self.actor)
        for shipment, _entry, additions, stored in extended:
            summary = summary_of(stored + [EntryLine(shipment=shipment, **line) for line in additions])
            for name, value in summary.items():
                setattr(shipment, name, value)
            shipment.save(update_fields=[*SUMMARY_FIELDS, "updated_at"])
        for shipment, entry in new_entries:
            if entry.header["presentation_date"]:
                open_clock(kind=DeadlineKind.DETENTION_DECISION, start=entry.header["presentation_date"],
                           shipment=shipment)
        record_events(actor=self.actor, action="register_shipment", reason=f"Entry intake ({self.source})", changes=[
            (shipment, {"entry_number": shipment.entry_number, "importer": shipment.importer_id,
                        "lines": [line["line_number"] for line in entry.lines]})
            for shipment, entry in new_entries], copy=True)
        record_events(actor=self.actor, action="add_entry_lines", reason=f"Entry intake ({self.source})", changes=[
            (shipment, {"lines": [line["line_number"] for line in additions]})
            for shipment, _, additions, _ in extended], copy=True)
        result.entries_created = len(new_entries)
        result.entries_extended = len(extended)
        result.lines_created = len(lines)
        # Only now, with everything written, does the batch count.
        for name in ("entries_created", "entries_extended", "entries_unchanged", "entries_refused", "lines_created",
                     "lines_unchanged"):
            setattr(self.result, name, getattr(self.result, name) + getattr(result, name))
        self.result.errors.extend(errors)
        if self.keep:
            self.result.shipments.extend(shipment for shipment, _ in new_entries)
            self.result.shipments.extend(shipment for shipment, *_ in extended)

    @staticmethod
    def _existing(numbers: list[str]) -> dict[str, Shipment]:
        """The entries of a batch already recorded, locked until the batch is written."""
        return {shipment.entry_number: shipment
                for shipment in Shipment.objects.select_for_update().filter(entry_number__in=numbers)}

    @staticmethod
    def _conflict(shipment: Shipment, entry: _ValidEntry) -> str:
        header = entry.header
        differing = [name for name, stored in (
            ("importer_number", shipment.importer_id != header["importer"].pk),
            ("port_code", shipment.port_code != header["port_code"]),
            ("importation_date", shipment.importation_date != header["importation_date"]),
            ("entry_type", shipment.entry_type != header["entry_type"]),
        ) if stored]
        if differing:
            return (f"Entry {shipment.entry_number} is already recorded with another {', '.join(differing)}; "
                    "nothing of it was stored.")
        return ""


def import_entries(
    *, actor, entries: Iterable[RawEntry], source: str, batch_entries: int = BATCH_ENTRIES,
    progress: Callable[[IntakeResult], None] | None = None, keep_shipments: bool = False,
    on_error: Callable[[RowError], None] | None = None,
) -> IntakeResult:
    """Validate and store entries; bad entries are reported row by row and never block the good ones.

    `progress` is called after each batch; `on_error` receives each refused row as it is found (so a
    caller can stream errors out instead of keeping them).
    """
    require_staff(actor, "register entries")
    checker = _Checker()
    result = IntakeResult()
    writer = _Writer(actor=actor, source=source, result=result, keep_shipments=keep_shipments)
    batch: list[_ValidEntry] = []
    batch_rows = 0

    def drain():
        if on_error:
            for error in result.errors:
                on_error(error)
            result.errors_reported += len(result.errors)
            result.errors.clear()

    def flush():
        nonlocal batch, batch_rows
        writer.write(batch)
        batch, batch_rows = [], 0
        drain()
        if progress:
            progress(result)

    for raw in entries:
        entry, errors = _check_entry(checker, raw)
        if entry is None:
            result.entries_refused += 1
            result.rows_done += max(len(raw.lines), 1)
            result.errors.extend(errors)
            drain()
            continue
        if any(queued.header["entry_number"] == entry.header["entry_number"] for queued in batch[-5:]):
            flush()
        batch.append(entry)
        batch_rows += len(entry.lines)
        if len(batch) >= batch_entries or batch_rows >= batch_entries * 4:
            flush()
    flush()
    return result


def register_entry(*, actor, header: dict, lines: list[dict], source: str = "form") -> Shipment:
    """Register one entry with its lines (the officer's form): stored whole, or a ValidationError naming each fault."""
    raw = RawEntry(header={name: _text(header.get(name)) for name in HEADER_FIELDS},
                   lines=[(index, {name: _text(line.get(name)) for name in LINE_FIELDS})
                          for index, line in enumerate(lines, start=1)], first_row=1)
    if not raw.lines:
        raise ValidationError({"lines": "Give at least one line."})
    result = import_entries(actor=actor, entries=[raw], source=source, keep_shipments=True)
    if result.errors:
        raise ValidationError({"__all__": [
            f"Line {error.line_number or error.row}: {error.message}" for error in result.errors
            if not error.message.startswith("Not stored:")
        ]})
    if result.entries_unchanged:
        raise ValidationError({"entry_number": f"Entry {raw.header['entry_number'].strip().upper()} is already "
                                               "recorded with these lines."})
    return result.shipments[0]


def open_upload(path: str, fmt: str) -> Iterator[RawEntry]:
    """Entries of a stored upload, streamed; raises FileRefused for a file that cannot be read."""
    binary = open(path, "rb")  # noqa: SIM115 - closed when the generator ends
    try:
        stream = text_stream(binary)
        yield from (read_csv(stream) if fmt == "csv" else read_jsonl(stream))
    finally:
        binary.close()


__all__ = ["CSV_COLUMNS", "FileRefused", "IntakeResult", "RawEntry", "RowError", "count_rows", "require_staff",
           "entries_from_objects", "import_entries", "open_upload", "read_csv", "read_jsonl", "register_entry",
           "summary_of", "text_stream"]
