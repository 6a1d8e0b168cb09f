"""Reading the agency's letters back: the stored PDF of a case, its bytes and its text."""

import io

from pypdf import PdfReader

from evidence import blobs
from evidence.models import EvidenceFile


def stored_document(prefix: str, **target) -> EvidenceFile:
    return EvidenceFile.objects.get(category="notice", original_filename__startswith=prefix, **target)


def pdf_bytes(evidence_file: EvidenceFile) -> bytes:
    with blobs.open_blob(evidence_file.storage_key) as stream:
        return stream.read()


def pdf_text(evidence_file: EvidenceFile) -> str:
    """The PDF's text with whitespace collapsed, so a phrase wrapped over two lines still matches."""
    reader = PdfReader(io.BytesIO(pdf_bytes(evidence_file)))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())
