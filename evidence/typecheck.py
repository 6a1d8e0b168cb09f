"""What a file is, decided from its bytes; the name's extension must agree.

Binary formats are recognised by their signatures (the `filetype` package); DOCX and XLSX are ZIP
archives told apart by their parts ([Content_Types].xml with word/ or xl/); plain text and CSV have
no signature and must be UTF-8 without control characters. Archives are inflated in memory-bounded
chunks, never extracted to disk, counting the bytes that actually come out (headers can lie): the
total and ratio limits keep a zip bomb from reaching the scanner or a person's computer, and
documents embedded in Office documents are opened and inspected the same way.
"""

import codecs
import re
import stat
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

from evidence.filenames import extension_of

HEAD_BYTES = 8192
TEXT_CHUNK_BYTES = 1024 * 1024


@dataclass(frozen=True)
class AcceptedType:
    key: str
    label: str
    content_type: str
    extensions: tuple[str, ...]


ACCEPTED = {
    t.key: t for t in (
        AcceptedType("pdf", "PDF document", "application/pdf", ("pdf",)),
        AcceptedType("png", "PNG image", "image/png", ("png",)),
        AcceptedType("jpeg", "JPEG image", "image/jpeg", ("jpg", "jpeg")),
        AcceptedType("tiff", "TIFF image", "image/tiff", ("tif", "tiff")),
        AcceptedType("docx", "Word document (DOCX)",
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)),
        AcceptedType("xlsx", "Excel workbook (XLSX)",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)),
        AcceptedType("csv", "CSV table", "text/csv", ("csv",)),
        AcceptedType("text", "plain text", "text/plain", ("txt",)),
        AcceptedType("zip", "ZIP archive", "application/zip", ("zip",)),
    )
}
ACCEPTED_LIST = "PDF, PNG, JPEG, TIFF, DOCX, XLSX, CSV, plain text (.txt) or ZIP"

_FILETYPE_TO_ACCEPTED = {"pdf": "pdf", "png": "png", "jpg": "jpeg", "tif": "tiff"}

# Archive signatures looked for at the start of each ZIP entry (nesting hides content from the limits).
_ARCHIVE_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"Rar!", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00",
                  b"MSCF", b"\x28\xb5\x2f\xfd")
_ARCHIVE_SUFFIXES = frozenset({"zip", "rar", "7z", "gz", "tgz", "bz2", "xz", "tar", "cab", "jar", "zst", "iso"})

# Control characters other than tab, line feed, form feed and carriage return mark binary data.
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _refuse(message: str):
    raise ValidationError({"file": message})


def detect(fileobj, filename: str) -> AcceptedType:
    """The accepted type of the file's bytes, checked against its name; ValidationError otherwise.

    `fileobj` is seekable and positioned anywhere; it is left at position 0.
    """
    fileobj.seek(0)
    head = fileobj.read(HEAD_BYTES)
    fileobj.seek(0)
    if not head:
        _refuse("The file is empty. Choose the file again; if it is empty on your computer too, it was not saved.")
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        accepted = _inspect_zip(fileobj)
    else:
        kind = filetype.guess(head)
        if kind is not None:
            key = _FILETYPE_TO_ACCEPTED.get(kind.extension)
            if key is None:
                _refuse(
                    f"The file's content is a {kind.mime} file (.{kind.extension}), which is not accepted. "
                    f"Upload a {ACCEPTED_LIST} file."
                )
            accepted = ACCEPTED[key]
        else:
            _check_text(fileobj)
            accepted = ACCEPTED["csv"] if extension_of(filename) == "csv" else ACCEPTED["text"]
    extension = extension_of(filename)
    if extension not in accepted.extensions:
        _refuse(
            f"The file's content is a {accepted.label}, but its name ends in .{extension}. "
            f"Rename it to end in .{accepted.extensions[0]} (or upload the file you meant)."
        )
    fileobj.seek(0)
    return accepted


def _check_text(fileobj) -> None:
    """Text has no signature: require UTF-8 throughout and no control characters (NUL marks binary)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
    offset = 0
    while True:
        chunk = fileobj.read(TEXT_CHUNK_BYTES)
        final = not chunk
        try:
            text = decoder.decode(chunk, final=final)
        except UnicodeDecodeError:
            _refuse(
                "The file's content is not a recognised type: it has no known signature and is not UTF-8 text. "
                f"Upload a {ACCEPTED_LIST} file; save text and CSV files as UTF-8."
            )
        control = _TEXT_CONTROL.search(text)
        if control is not None:
            _refuse(
                "The file's content is not a recognised type: it has no known signature and contains binary "
                f"data (byte {ord(control.group()):#04x} near position {offset}). Upload a {ACCEPTED_LIST} file."
            )
        offset += len(chunk)
        if final:
            break
    fileobj.seek(0)


def _inspect_zip(fileobj) -> AcceptedType:
    archive = _open_zip(fileobj, "The file")
    entries = archive.infolist()
    names = {info.filename for info in entries}
    is_office = "[Content_Types].xml" in names
    if is_office and any(n.startswith("word/") for n in names):
        accepted = ACCEPTED["docx"]
    elif is_office and any(n.startswith("xl/") for n in names):
        accepted = ACCEPTED["xlsx"]
    elif is_office:
        _refuse(f"The file is an Office document of a kind that is not accepted. Upload a {ACCEPTED_LIST} file.")
    else:
        accepted = ACCEPTED["zip"]
    size = fileobj.seek(0, 2)
    fileobj.seek(0)
    budget = _Budget(archive_size=max(size, 1))
    # Office documents may embed other documents (OLE objects, charts, workbooks): those are inflated
    # and inspected too. A plain ZIP may not hold another archive at all.
    _inspect_entries(archive, entries, budget, depth=0, nested_allowed=accepted.key != "zip")
    return accepted


# How deep documents embedded in documents are followed (a .docx holding an .xlsx holding a chart...).
_MAX_NESTING = 3
_INFLATE_CHUNK = 256 * 1024


class _Budget:
    """Bytes actually inflated so far, over the archive and everything embedded in it."""

    def __init__(self, archive_size: int):
        self.archive_size = archive_size
        self.inflated = 0

    def add(self, count: int) -> None:
        self.inflated += count
        max_total = settings.EVIDENCE_ZIP_MAX_UNCOMPRESSED_BYTES
        if self.inflated > max_total:
            _refuse(f"The archive would unpack to more than {max_total // (1024 * 1024):,} MB. "
                    "Upload the documents in smaller archives.")
        if self.inflated > 1024 * 1024 and self.inflated > settings.EVIDENCE_ZIP_MAX_RATIO * self.archive_size:
            _refuse("The file unpacks to far more than its own size, the mark of a zip bomb. It was refused.")


def _open_zip(fileobj, what: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        _refuse(f"{what} looks like a ZIP archive but is damaged or incomplete. Create the archive again.")


def _check_entry_header(info: zipfile.ZipInfo) -> None:
    name = info.filename
    path = PurePosixPath(name.replace("\\", "/"))
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or ".." in path.parts:
        _refuse(f"The archive entry “{name}” points outside the archive (an absolute path or ..). "
                "Create the archive again from the folder that holds the files.")
    if stat.S_ISLNK(info.external_attr >> 16):
        _refuse(f"The archive entry “{name}” is a symbolic link. Archive the files themselves, not links.")
    if info.flag_bits & 0x1:
        _refuse(f"The archive entry “{name}” is encrypted, so it cannot be checked for malware. "
                "Upload the archive without a password.")


def _inspect_entries(archive: zipfile.ZipFile, entries, budget: _Budget, *, depth: int, nested_allowed: bool) -> None:
    """Inflate every entry, counting the bytes that actually come out (never the headers' claims)."""
    max_entries = settings.EVIDENCE_ZIP_MAX_ENTRIES
    if len(entries) > max_entries:
        _refuse(f"The archive holds {len(entries):,} entries; at most {max_entries:,} are accepted. "
                "Split it into smaller archives.")
    for info in entries:
        _check_entry_header(info)
        if info.is_dir():
            continue
        suffix = info.filename.rpartition(".")[2].lower() if "." in info.filename else ""
        if not nested_allowed and suffix in _ARCHIVE_SUFFIXES:
            _refuse_nested(info)
        embedded = _inflate_entry(archive, info, budget, nested_allowed=nested_allowed)
        if embedded is not None:
            with embedded:
                if depth + 1 > _MAX_NESTING:
                    _refuse(f"The document embeds documents more than {_MAX_NESTING} levels deep "
                            f"(“{info.filename}”). Save the embedded documents as separate files.")
                inner = _open_zip(embedded, f"The embedded file “{info.filename}”")
                _inspect_entries(inner, inner.infolist(), budget, depth=depth + 1, nested_allowed=True)


def _raw_chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """The entry's data as it really inflates, read from its raw bytes: zipfile would stop at the size the
    headers claim, while a scanner or an unzip tool inflates everything that is there."""
    fp = archive.fp
    fp.seek(info.header_offset)
    header = fp.read(30)
    if len(header) < 30 or not header.startswith(b"PK\x03\x04"):
        raise zipfile.BadZipFile("bad local header")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    fp.seek(info.header_offset + 30 + name_length + extra_length)
    remaining = info.compress_size
    if info.compress_type == zipfile.ZIP_STORED:
        while remaining:
            data = fp.read(min(_INFLATE_CHUNK, remaining))
            if not data:
                raise zipfile.BadZipFile("truncated entry")
            remaining -= len(data)
            yield data
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise NotImplementedError("compression method")
    inflater = zlib.decompressobj(-15)
    while not inflater.eof:
        if inflater.unconsumed_tail:
            data = inflater.unconsumed_tail
        else:
            data = fp.read(min(_INFLATE_CHUNK, remaining))
            if not data:
                raise zipfile.BadZipFile("truncated entry")
            remaining -= len(data)
        out = inflater.decompress(data, _INFLATE_CHUNK)
        if out:
            yield out


def _inflate_entry(archive, info: zipfile.ZipInfo, budget: _Budget, *, nested_allowed: bool):
    """Inflate one entry; returns a spooled copy when it is itself a ZIP container to look inside."""
    max_ratio = settings.EVIDENCE_ZIP_MAX_RATIO
    inflated = 0
    crc = 0
    spool = None
    unreadable = (f"The archive entry “{info.filename}” cannot be read (damaged, sizes that do not match its "
                  "content, or an unsupported compression). Create the archive again with standard ZIP compression.")
    try:
        for chunk in _raw_chunks(archive, info):
            if inflated == 0 and chunk.startswith(_ARCHIVE_MAGIC):
                if not nested_allowed:
                    _refuse_nested(info)
                if not chunk.startswith(b"PK\x03\x04"):
                    _refuse(f"The document embeds an archive (“{info.filename}”) that cannot be inspected. "
                            "Remove the embedded archive or upload its files separately.")
                spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - returned
            inflated += len(chunk)
            budget.add(len(chunk))
            if inflated > 1024 * 1024 and inflated > max_ratio * max(info.compress_size, 1):
                _refuse(f"The archive entry “{info.filename}” expands more than {max_ratio:,} times its "
                        "compressed size, the mark of a zip bomb. It was refused.")
            crc = zlib.crc32(chunk, crc)
            if spool is not None:
                spool.write(chunk)
        if inflated != info.file_size or crc != info.CRC:
            # What comes out is not what the headers describe (e.g. sizes under-stated to pass a check).
            _refuse(unreadable)
    except ValidationError:
        if spool is not None:
            spool.close()
        raise
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, zlib.error, struct.error):
        if spool is not None:
            spool.close()
        _refuse(unreadable)
    if spool is not None:
        spool.seek(0)
    return spool


def _refuse_nested(info: zipfile.ZipInfo) -> None:
    _refuse(f"The archive contains another archive (“{info.filename}”). Archives inside archives are not "
            "accepted; upload the inner files directly or as separate archives.")
