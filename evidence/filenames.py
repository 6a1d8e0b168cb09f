"""The uploader's filename, kept as metadata and shown to people, never used as a path.

Names that try to be paths, hide characters, or disguise their type are refused with the reason
rather than silently rewritten: the person learns why and renames the file, and what the record
shows is exactly what they sent.
"""

import unicodedata

from django.core.exceptions import ValidationError

MAX_LENGTH = 255

# Unicode bidirectional controls reorder what is displayed: "invoice\u202Efdp.exe" shows as
# "invoiceexe.pdf". Listed explicitly; the Cf category also holds harmless joiners used in some scripts.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)

# Suffixes that name a file type. Two of them at the end ("scan.pdf.exe") are a disguise.
TYPE_SUFFIXES = frozenset({
    # accepted types
    "pdf", "png", "jpg", "jpeg", "tif", "tiff", "docx", "xlsx", "csv", "txt", "zip",
    # documents and archives that are not accepted
    "doc", "docm", "xls", "xlsm", "ppt", "pptx", "pptm", "odt", "ods", "rtf", "htm", "html", "xml", "svg",
    "7z", "rar", "gz", "tgz", "tar", "bz2", "xz", "iso", "img", "dmg",
    # executables and scripts
    "exe", "com", "scr", "bat", "cmd", "pif", "msi", "msp", "dll", "cpl", "lnk", "hta", "js", "jse", "vbs",
    "vbe", "wsf", "wsh", "ps1", "psm1", "jar", "sh", "bash", "py", "pl", "rb", "php", "apk", "app", "bin",
    "elf", "reg", "inf", "scf", "url",
})


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}{' ' + name if name else ''}"


def clean_original_filename(name: str | None, field: str = "file") -> str:
    """The filename as it will be recorded, or ValidationError saying what is wrong with it."""
    if name is None or not name.strip():
        raise ValidationError({field: "The file has no name. Give it a name such as report.pdf and upload it again."})
    name = unicodedata.normalize("NFC", name)
    if "/" in name or "\\" in name or name.strip() in {".", ".."}:
        raise ValidationError({field: (
            f"The filename “{_printable(name)}” contains a folder path (/, \\ or ..). "
            "Upload the file under its own name only, such as report.pdf."
        )})
    for char in name:
        if char in BIDI_CONTROLS:
            raise ValidationError({field: (
                f"The filename contains the invisible text-direction character {_describe(char)}, which can make "
                "a name display differently from what it is. Rename the file without it and upload it again."
            )})
        if unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn") or char in "\u2028\u2029":
            raise ValidationError({field: (
                f"The filename contains the control character {_describe(char)}. "
                "Rename the file using letters, digits, spaces and punctuation, and upload it again."
            )})
    name = name.strip()
    if len(name) > MAX_LENGTH:
        raise ValidationError({field: f"The filename is longer than {MAX_LENGTH} characters. Shorten it and upload "
                                      "it again."})
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem.strip(". "):
        raise ValidationError({field: (
            f"The filename “{name}” has no extension. Name the file for its type, such as report.pdf."
        )})
    inner = stem.rpartition(".")[2].strip().lower() if "." in stem else ""
    if inner in TYPE_SUFFIXES:
        raise ValidationError({field: (
            f"The filename “{name}” has two extensions (.{inner}.{extension.lower()}), a common way to disguise "
            "a file's type. Rename it with a single extension that matches its content."
        )})
    return name


def extension_of(name: str) -> str:
    return name.rpartition(".")[2].lower()


def _printable(name: str) -> str:
    return "".join(char if char.isprintable() else "?" for char in name)
