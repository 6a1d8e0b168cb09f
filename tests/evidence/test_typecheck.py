"""Type detection from the bytes and ZIP inspection without extraction."""

import io
import stat
import zipfile

import pytest
from django.core.exceptions import ValidationError

from evidence import typecheck
from tests.evidence import support


def detect(data: bytes, name: str):
    return typecheck.detect(io.BytesIO(data), name)


def refusal(data: bytes, name: str) -> str:
    with pytest.raises(ValidationError) as caught:
        detect(data, name)
    return " ".join(caught.value.message_dict["file"])


@pytest.mark.parametrize(("data", "name", "content_type"), [
    (support.PDF, "a.pdf", "application/pdf"),
    (support.PNG, "a.png", "image/png"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32, "a.jpeg", "image/jpeg"),
    (b"II*\x00\x08\x00\x00\x00" + b"\x00" * 32, "a.tif", "image/tiff"),
    (support.docx_bytes(), "a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (support.xlsx_bytes(), "a.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (b"name,amount\nAcme,12\n", "a.csv", "text/csv"),
    ("Übersetzung: keine Zwangsarbeit\n".encode(), "a.txt", "text/plain"),
    (support.zip_bytes({"a.pdf": support.PDF}), "a.zip", "application/zip"),
])
def test_accepted_types_are_recognised_from_their_bytes(data, name, content_type):
    assert detect(data, name).content_type == content_type


def test_docx_renamed_to_xlsx_is_refused():
    assert "Word document (DOCX), but its name ends in .xlsx" in refusal(support.docx_bytes(), "a.xlsx")


def test_gif_is_not_accepted():
    assert "image/gif" in refusal(b"GIF89a" + b"\x00" * 32, "a.gif")


def test_text_that_is_not_utf8_is_refused():
    assert "not UTF-8 text" in refusal("Zwangsarbeit – Prüfung".encode("cp1252"), "a.txt")


def test_binary_without_a_signature_is_refused():
    assert "contains binary data" in refusal(b"abc\x00\x01\x02def", "a.txt")


def test_pptx_is_refused_as_an_office_document_of_another_kind():
    pptx = support.zip_bytes({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"})
    assert "Office document of a kind that is not accepted" in refusal(pptx, "a.pptx")


def test_damaged_zip_is_refused():
    assert "damaged or incomplete" in refusal(b"PK\x03\x04" + b"\x00" * 40, "a.zip")


def test_zip_with_a_parent_directory_entry_is_refused():
    assert "points outside the archive" in refusal(support.zip_bytes({"../../etc/cron.d/x": b"x"}), "a.zip")


def test_zip_with_an_absolute_entry_is_refused():
    assert "points outside the archive" in refusal(support.zip_bytes({"/etc/passwd": b"x"}), "a.zip")


def test_zip_with_a_symbolic_link_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("link")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, "/etc/passwd")
    assert "symbolic link" in refusal(buffer.getvalue(), "a.zip")


def test_zip_inside_a_zip_is_refused():
    nested = support.zip_bytes({"inner.bin": support.zip_bytes({"a.pdf": support.PDF})})
    assert "contains another archive" in refusal(nested, "a.zip")


def test_zip_with_too_many_entries_is_refused(settings):
    settings.EVIDENCE_ZIP_MAX_ENTRIES = 3
    archive = support.zip_bytes({f"{i}.txt": b"x" for i in range(4)})
    assert "holds 4 entries; at most 3" in refusal(archive, "a.zip")


def test_zip_over_the_total_unpacked_size_is_refused(settings):
    settings.EVIDENCE_ZIP_MAX_UNCOMPRESSED_BYTES = 1000
    archive = support.zip_bytes({"a.txt": b"x" * 600, "b.txt": b"y" * 600}, compression=zipfile.ZIP_STORED)
    assert "would unpack to more than" in refusal(archive, "a.zip")


def test_encrypted_zip_entry_is_refused():
    data = bytearray(support.zip_bytes({"a.txt": b"secret"}, compression=zipfile.ZIP_STORED))
    # Set the "encrypted" flag in the local and central headers, as an encrypting tool would.
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        position = data.find(signature)
        data[position + flag_offset] |= 0x1
    assert "is encrypted" in refusal(bytes(data), "a.zip")


def test_detection_leaves_the_file_at_its_start():
    stream = io.BytesIO(support.PDF)
    stream.seek(7)
    typecheck.detect(stream, "a.pdf")
    assert stream.tell() == 0
