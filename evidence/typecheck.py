"""What a file is, decided from its bytes; the name's extension must agree.

Binary formats are recognised by their signatures (the `filetype` package); DOCX and XLSX are ZIP
archives told apart by their parts ([Content_Types].xml with word/ or xl/); plain text and CSV have
no signature and must be UTF-8 without control characters. Archives are inspected through their
central directory, never extracted: the limits keep a zip bomb from reaching the scanner or a
person's computer.
"""

import codecs
import re
import stat
import zipfile
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
    try:
        archive = zipfile.ZipFile(fileobj)
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        _refuse("The file looks like a ZIP archive but is damaged or incomplete. Create the archive again.")
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
    _check_archive_limits(archive, entries, nested_allowed=accepted.key != "zip")
    return accepted


def _check_archive_limits(archive: zipfile.ZipFile, entries, *, nested_allowed: bool) -> None:
    max_entries = settings.EVIDENCE_ZIP_MAX_ENTRIES
    max_total = settings.EVIDENCE_ZIP_MAX_UNCOMPRESSED_BYTES
    max_ratio = settings.EVIDENCE_ZIP_MAX_RATIO
    if len(entries) > max_entries:
        _refuse(f"The archive holds {len(entries):,} entries; at most {max_entries:,} are accepted. "
                "Split it into smaller archives.")
    total = 0
    for info in entries:
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
        total += info.file_size
        if total > max_total:
            _refuse(f"The archive would unpack to more than {max_total // (1024 * 1024):,} MB. "
                    "Upload the documents in smaller archives.")
        if info.file_size > 1024 * 1024 and info.file_size > max_ratio * max(info.compress_size, 1):
            _refuse(f"The archive entry “{name}” expands {info.file_size // max(info.compress_size, 1):,} times "
                    "its compressed size, the mark of a zip bomb. It was refused.")
        if not nested_allowed and not info.is_dir():
            _refuse_nested(archive, info)


def _refuse_nested(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    suffix = info.filename.rpartition(".")[2].lower() if "." in info.filename else ""
    nested = suffix in _ARCHIVE_SUFFIXES
    if not nested and info.file_size:
        try:
            # Only the first bytes of the entry are decompressed, in memory, to read its signature.
            with archive.open(info) as entry:
                nested = entry.read(8).startswith(_ARCHIVE_MAGIC)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError):
            _refuse(f"The archive entry “{info.filename}” cannot be read (damaged or an unsupported compression). "
                    "Create the archive again with standard ZIP compression.")
    if nested:
        _refuse(f"The archive contains another archive (“{info.filename}”). Archives inside archives are not "
                "accepted; upload the inner files directly or as separate archives.")
