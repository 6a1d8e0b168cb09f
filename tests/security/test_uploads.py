"""Findings replayed: uploads through the API with a browser session, size caps enforced before the body
is stored, and archives whose real inflated size (not their headers) is what counts."""

import io
import struct
import zipfile
import zlib

import pytest
from django.test import Client

from evidence.models import EvidenceFile
from tests.evidence import support

pytestmark = pytest.mark.django_db


CSRF_SECRET = "aBcDeFgHiJkLmNoPqRsTuVwXyZ012345"  # what a page's CSRF cookie holds


def session_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.cookies["csrftoken"] = CSRF_SECRET
    return client


def test_an_evidence_upload_to_the_api_with_a_browser_session_is_stored_not_a_500(officer, importer_a):
    rfi = support.open_rfi(officer=officer, importer_user=importer_a)
    client = session_client(importer_a)
    token = CSRF_SECRET

    body = support.multipart("payroll.pdf", support.PDF, extra={"target_type": "rfi", "target_id": rfi.pk})
    response = client.generic("POST", "/api/v1/evidence/", body, HTTP_X_CSRFTOKEN=token,
                              content_type=f"multipart/form-data; boundary={support.BOUNDARY}")

    assert response.status_code == 201, response.content
    assert EvidenceFile.objects.get(pk=response.json()["id"]).original_filename == "payroll.pdf"


def test_a_session_upload_without_the_csrf_token_is_refused_and_keeps_nothing(officer, importer_a, settings):
    rfi = support.open_rfi(officer=officer, importer_user=importer_a)
    client = session_client(importer_a)

    body = support.multipart("payroll.pdf", support.PDF, extra={"target_type": "rfi", "target_id": rfi.pk})
    response = client.generic("POST", "/api/v1/evidence/", body,
                              content_type=f"multipart/form-data; boundary={support.BOUNDARY}")

    assert response.status_code == 403
    assert not _uploaded_files().exists()
    assert support.leftover_temp_files(settings) == []


class CountingStream(io.BytesIO):
    def __init__(self, data):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


def test_an_api_upload_declaring_more_than_the_cap_is_refused_before_its_body_is_read(officer, importer_a, settings):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 64 * 1024
    rfi = support.open_rfi(officer=officer, importer_user=importer_a)
    client = session_client(importer_a)
    token = CSRF_SECRET
    body = support.multipart("big.pdf", support.pdf_of_size(3 * 1024 * 1024),
                             extra={"target_type": "rfi", "target_id": rfi.pk})
    stream = CountingStream(body)

    response = client.generic(
        "POST", "/api/v1/evidence/", b"", HTTP_X_CSRFTOKEN=token,
        content_type=f"multipart/form-data; boundary={support.BOUNDARY}",
        **{"wsgi.input": stream, "CONTENT_LENGTH": str(len(body)),
           "CONTENT_TYPE": f"multipart/form-data; boundary={support.BOUNDARY}"},
    )

    assert response.status_code == 413
    assert stream.bytes_read == 0
    assert support.leftover_temp_files(settings) == [] and not _uploaded_files().exists()


def test_an_api_upload_past_the_cap_while_streaming_stops_writing_at_the_cap(officer, importer_a, settings):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 256 * 1024
    rfi = support.open_rfi(officer=officer, importer_user=importer_a)
    client = session_client(importer_a)
    token = CSRF_SECRET
    # Within cap + form allowance by its declared length, over the cap by its file part.
    body = support.multipart("big.pdf", support.pdf_of_size(900 * 1024), extra={"target_type": "rfi",
                                                                               "target_id": rfi.pk})
    response = client.generic("POST", "/api/v1/evidence/", body, HTTP_X_CSRFTOKEN=token,
                              content_type=f"multipart/form-data; boundary={support.BOUNDARY}")

    assert response.status_code == 413
    assert support.leftover_temp_files(settings) == [] and not _uploaded_files().exists()


# --- Archives -----------------------------------------------------------------------------------------

def deflate_of_zeros(total: int, segment: int = 1024 * 1024) -> bytes:
    """A raw deflate stream of `total` zero bytes built without compressing them all: fully flushed
    segments are independent, so one compressed segment repeated is a valid stream."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(b"\0" * segment) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = zlib.compressobj(9, zlib.DEFLATED, -15)
    end = tail.compress(b"") + tail.flush()
    return piece * (total // segment) + end


def zip_with_raw_entry(name: str, raw: bytes, size: int, crc: int, *, copies: int = 1) -> bytes:
    """A ZIP of one deflated entry given as raw data with the sizes and CRC to declare. With copies > 1
    the central directory lists it that many times (each a separate name, all the same bytes): that is
    how a bomb claims gigabytes while staying a few kilobytes on disk."""
    name_bytes = name.encode()
    local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(raw), size,
                        len(name_bytes), 0) + name_bytes
    central = b""
    for n in range(copies):
        listed = name_bytes if copies == 1 else f"{n:04d}-{name}".encode()
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(raw), size,
                               len(listed), 0, 0, 0, 0, 0, 0) + listed
    offset = len(local) + len(raw)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, copies, copies, len(central), offset, 0)
    return local + raw + central + end


def crc_of_zeros(total: int, segment: int = 1024 * 1024) -> int:
    crc, block = 0, b"\0" * segment
    for _ in range(total // segment):
        crc = zlib.crc32(block, crc)
    return crc


def upload_refusal(client_user, officer, data: bytes, name: str) -> tuple[int, str]:
    from tests.api.conftest import client_for

    rfi = support.open_rfi(officer=officer, importer_user=client_user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(client_user).post("/api/v1/evidence/", {
        "target_type": "rfi", "target_id": rfi.pk, "category": "audit_report",
        "file": SimpleUploadedFile(name, data)}, format="multipart")
    return response.status_code, response.content.decode()


def test_a_docx_embedding_a_ten_gib_zip_bomb_is_refused(officer, importer_a):
    part = 64 * 1024 * 1024
    # 160 entries of 64 MiB of zeros each: 10 GiB once inflated, about 75 KB on disk.
    bomb = zip_with_raw_entry("zeros.bin", deflate_of_zeros(part), part, crc_of_zeros(part), copies=160)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as document:
        document.writestr("[Content_Types].xml", b"<Types/>")
        document.writestr("_rels/.rels", b"<Relationships/>")
        document.writestr("word/document.xml", b"<w:document/>")
        # Stored, not compressed: the container's own headers show nothing unusual about it.
        document.writestr("word/embeddings/package.zip", bomb, compress_type=zipfile.ZIP_STORED)
    docx = buffer.getvalue()
    assert len(docx) < 256 * 1024

    status, body = upload_refusal(importer_a, officer, docx, "report.docx")

    assert status == 400 and "zip bomb" in body
    assert not _uploaded_files().exists()


def test_a_zip_whose_headers_under_state_the_inflated_size_is_refused(officer, importer_a):
    real = 8 * 1024 * 1024
    # The headers claim 4 KB; the data inflates to 8 MB (ratio of the claim is harmless, the truth is not).
    liar = zip_with_raw_entry("scan.txt", deflate_of_zeros(real), 4096, crc=zlib.crc32(b"\0" * 4096))

    status, body = upload_refusal(importer_a, officer, liar, "scans.zip")

    assert status == 400
    assert "zip bomb" in body or "sizes that do not match" in body
    assert not _uploaded_files().exists()


def test_an_honest_docx_with_an_embedded_workbook_is_still_accepted(officer, importer_a):
    docx = support.zip_bytes({"[Content_Types].xml": b"<Types/>", "_rels/.rels": b"<Relationships/>",
                              "word/document.xml": b"<w:document/>",
                              "word/embeddings/Sheet1.xlsx": support.xlsx_bytes()})

    status, body = upload_refusal(importer_a, officer, docx, "report.docx")

    assert status == 201, body


def test_the_test_archives_are_what_they_claim():
    bomb = zip_with_raw_entry("zeros.bin", deflate_of_zeros(4 * 1024 * 1024), 4 * 1024 * 1024,
                              crc=crc_of_zeros(4 * 1024 * 1024))
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert archive.read("zeros.bin") == b"\0" * (4 * 1024 * 1024)


@pytest.mark.parametrize("path", ["/api/v1/detentions/", "/queue/assign/", "/api/v1/auth/token/"])
def test_a_large_body_outside_the_evidence_intake_is_refused_unread(officer, path, settings):
    client = session_client(officer)
    body = support.multipart("big.pdf", support.pdf_of_size(4 * 1024 * 1024))
    stream = CountingStream(body)

    response = client.generic("POST", path, b"", HTTP_X_CSRFTOKEN=CSRF_SECRET, **{
        "wsgi.input": stream, "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": f"multipart/form-data; boundary={support.BOUNDARY}"})

    assert response.status_code == 413
    assert stream.bytes_read == 0


def _uploaded_files():
    # The agency's own letters (the notice of detention, the RFI) are generated with the case; uploads are the rest.
    return EvidenceFile.objects.exclude(category="notice")

