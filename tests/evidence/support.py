"""Building blocks for the evidence tests: real file bytes, raw multipart bodies, case objects in the
states that take files (built through the real services)."""

import io
import os
import zipfile

from cases.services import rfis, submissions
from evidence.models import CustodyAction, EvidenceFile
from tests.cases import helpers

BOUNDARY = "----evidence-test-boundary-7d1f"

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 64


def eicar() -> bytes:
    """The EICAR test file, assembled here so the repository never holds it in one piece."""
    first = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$"
    second = "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
    return (first + second).encode("ascii")


def pdf_of_size(size: int) -> bytes:
    return (PDF + b"%" + b"x" * size)[:size] if size > len(PDF) else PDF[:size]


def zip_bytes(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes({"[Content_Types].xml": b"<Types/>", "_rels/.rels": b"<Relationships/>",
                      "word/document.xml": b"<w:document/>"})


def xlsx_bytes() -> bytes:
    return zip_bytes({"[Content_Types].xml": b"<Types/>", "_rels/.rels": b"<Relationships/>",
                      "xl/workbook.xml": b"<workbook/>"})


def multipart(filename: str, data: bytes, *, category: str = "audit_report", extra: dict | None = None,
              truncate_at: int | None = None) -> bytes:
    """A multipart body with the filename exactly as given (the test client would reduce it to a basename)."""
    parts = []
    for name, value in {"category": category, **(extra or {})}.items():
        parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    header = (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
              "Content-Type: application/octet-stream\r\n\r\n").encode()
    body = b"".join(parts) + header + data + f"\r\n--{BOUNDARY}--\r\n".encode()
    return body[:truncate_at] if truncate_at is not None else body


def post_multipart(client, url: str, body: bytes):
    return client.generic("POST", url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}")


def leftover_temp_files(settings) -> list[str]:
    directory = settings.EVIDENCE_UPLOAD_TEMP_DIR
    return os.listdir(directory) if os.path.isdir(directory) else []


def uploads():
    """The files people uploaded, leaving out the letters the agency's acts generate (cases.documents):
    building a case through the services issues a notice of detention, and an RFI its letter."""
    return EvidenceFile.objects.exclude(custody_events__action=CustodyAction.GENERATED)


def stored_blobs(settings) -> list[str]:
    """Stored bytes other than the generated letters'."""
    root = settings.EVIDENCE_ROOT
    letters = set(EvidenceFile.objects.filter(custody_events__action=CustodyAction.GENERATED)
                  .values_list("storage_key", flat=True))
    found = []
    for dirpath, _dirs, files in os.walk(root):
        found.extend(os.path.relpath(os.path.join(dirpath, f), root) for f in files)
    return sorted(key for key in found if key not in letters)


def draft_submission(*, officer, importer_user):
    """The importer's draft package on a UFLPA detention of their organisation."""
    detention = helpers.noticed(officer=officer, basis="uflpa", importer=importer_user.organisation)
    return submissions.save_draft(actor=importer_user, detention=detention, package="uflpa_exception",
                                  summary="Our supply chain is traced to the farm.")


def open_rfi(*, officer, importer_user):
    submission = helpers.submitted(officer=officer, importer_user=importer_user)
    return rfis.send_rfi(actor=officer, detention=submission.detention, questions="Send the payroll for March.")
