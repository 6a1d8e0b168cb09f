"""Issuing the annual report to Congress (19 U.S.C. 4453) and keeping what was sent as evidence.

The figures, the PDF and the CSV bundle come from cases.statistics.report; here they are stored by
SHA-256 in the evidence store (the same content-addressed storage, custody log and malware scan as any
file), with an AnnualReport row holding the figures and both hashes, and one audit event, all in one
transaction. Lives in `evidence` because `cases` never imports `evidence`.
"""

import datetime
import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cases.audit import record_event
from cases.errors import ActionNotPermitted
from cases.statistics import report, snapshots
from cases.statistics.figures import StatisticsFilter
from cases.statistics.models import AnnualReport
from cases.statistics.queries import may_generate_annual_report
from evidence import blobs
from evidence.custody import record_custody
from evidence.models import Category, CustodyAction, EvidenceFile
from evidence.screening import enqueue_scan

PDF_TYPE = "application/pdf"
ZIP_TYPE = "application/zip"


def issue_annual_report(*, actor, fiscal_year: int, today: datetime.date) -> AnnualReport:
    """Generate the report for `fiscal_year` and keep the PDF and the CSV bundle as evidence.

    Supervisors and administrators issue it (the report is sent on the Commissioner's behalf); the
    person is recorded as the uploader of both files and in the audit event.
    """
    if not may_generate_annual_report(actor):
        raise ActionNotPermitted("Only supervisors and administrators issue the annual report.")
    generated_at = timezone.now().replace(microsecond=0)
    figures = report.report_figures(fiscal_year, today=today)
    pdf = report.render_pdf(figures, generated_at=generated_at)
    bundle = report.render_bundle(figures, generated_at=generated_at)
    stored = [_store(f"annual-report-fy{fiscal_year}.pdf", pdf, PDF_TYPE),
              _store(f"annual-report-fy{fiscal_year}-tables.zip", bundle, ZIP_TYPE)]
    annual = _record(actor=actor, fiscal_year=fiscal_year, figures=report.serialisable(figures), stored=stored)
    # The statistics page for that year now shows exactly the figures sent.
    snapshots.store(StatisticsFilter(fiscal_year=fiscal_year), figures, generated_at)
    return annual


def _store(name: str, body: bytes, content_type: str) -> dict:
    sha256 = hashlib.sha256(body).hexdigest()
    key, _wrote = blobs.store(sha256, ContentFile(body, name=name))
    return {"name": name, "sha256": sha256, "size": len(body), "key": key, "content_type": content_type}


@transaction.atomic
def _record(*, actor, fiscal_year: int, figures: dict, stored: list[dict]) -> AnnualReport:
    pdf, bundle = stored
    annual = AnnualReport.objects.create(fiscal_year=fiscal_year, generated_by=actor, figures=figures,
                                         pdf_sha256=pdf["sha256"], bundle_sha256=bundle["sha256"])
    files = []
    for item in stored:
        evidence_file = EvidenceFile.objects.create(
            annual_report=annual, category=Category.STATISTICAL_REPORT, original_filename=item["name"],
            storage_key=item["key"], size=item["size"], sha256=item["sha256"], content_type=item["content_type"],
            uploaded_by=actor,
        )
        record_custody(evidence_file=evidence_file, action=CustodyAction.UPLOADED, actor=actor,
                       detail=f"{item['name']}: {item['size']:,} bytes, SHA-256 {item['sha256']}, generated.")
        files.append(evidence_file)
    record_event(actor=actor, action="issue_annual_report", obj=annual,
                 after={"fiscal_year": fiscal_year, "pdf_sha256": pdf["sha256"], "bundle_sha256": bundle["sha256"],
                        "denied_entry": figures["totals"]["denied_entry"]})
    for evidence_file in files:
        transaction.on_commit(lambda pk=evidence_file.pk: enqueue_scan(pk))
    return annual
