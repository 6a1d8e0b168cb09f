"""Files of the demo data set: small generated PDFs and spreadsheets, taken in through the real intake.

cases.demo builds the cases and calls the attacher registered here (cases never imports evidence), so
every file has its hash, custody log and malware check like an uploaded one.
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from evidence import services


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def simple_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF 1.4 with a title and lines of Helvetica text, cross-reference table included."""
    text = ["BT", "/F1 16 Tf", "72 760 Td", f"({_escape(title)}) Tj", "/F1 11 Tf", "0 -28 Td"]
    for line in lines:
        text += [f"({_escape(line)}) Tj", "0 -16 Td"]
    stream = "\n".join(text + ["ET"]).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def simple_xlsx(title: str, header: list[str], rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def attach_demo_file(*, actor, target, filename: str, category: str, title: str, lines: list[str]):
    """Take one generated file in for `target` as `actor` would upload it: a PDF, or an .xlsx whose rows are
    the `lines` split on " | "."""
    if filename.endswith(".xlsx"):
        rows = [line.split(" | ") for line in lines]
        data = simple_xlsx(title, rows[0], rows[1:])
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        data, content_type = simple_pdf(title, lines), "application/pdf"
    upload = SimpleUploadedFile(filename, data, content_type=content_type)
    return services.intake_file(actor=actor, target=target, uploaded_file=upload, category=category)
