"""The annual report to Congress: its PDF carries the page's figures, and what was sent is kept as evidence."""

import hashlib
import io
import re
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from pypdf import PdfReader

from cases.listing import money
from cases.models import AuditEvent
from cases.statistics.figures import StatisticsFilter, staff_figures
from cases.statistics.models import AnnualReport
from evidence import blobs
from evidence.annual_reports import issue_annual_report
from tests.statistics.conftest import D

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("isolated_evidence_storage")]
TODAY = D(2026, 12, 6)


def _pdf_text(evidence_file) -> str:
    with blobs.open_blob(evidence_file.storage_key) as stream:
        reader = PdfReader(io.BytesIO(stream.read()))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_the_pdf_states_the_figures_of_the_statistics_page_for_the_year(records, protest, supervisor, client):
    annual = issue_annual_report(actor=supervisor, fiscal_year=2026, today=TODAY)
    text = _pdf_text(annual.evidence_files.get(content_type="application/pdf"))
    client.force_login(supervisor)
    page = client.get(reverse("statistics"), {"fiscal_year": 2026}).context["figures"]
    assert page["totals"]["denied_entry"] == 5  # by hand: 2 excluded, 2 seized or forfeited, 1 exported
    assert f"denial of entry: {page['totals']['denied_entry']} of {page['totals']['count']} shipments" in text
    for outcome in page["totals"]["outcomes"]:
        assert f"{outcome['label']} {outcome['count']} {money(outcome['value'])}" in text
    assert f"All outcomes {page['totals']['count']} {money(page['totals']['value'])}" in text
    decision = page["decision_time"]
    assert f"median {decision['median_days']} days, 90th percentile {decision['p90_days']} days" in text
    notice = next(c for c in page["clocks"] if c["kind"] == "detention_notice")
    assert f"{notice['label']} {notice['citation']} {notice['on_time']} {notice['late']} {notice['lapsed']}" in text
    assert "19 U.S.C. 4453" in text and "Alpha Imports" not in text


def test_the_pdf_writes_values_in_dollars_with_cents_like_the_pages(records, supervisor):
    annual = issue_annual_report(actor=supervisor, fiscal_year=2026, today=TODAY)
    text = _pdf_text(annual.evidence_files.get(content_type="application/pdf"))
    # By hand from tests/statistics/conftest.py: detained in fiscal year 2026 (1 Oct 2025 - 30 Sep 2026), 8
    # shipments; in U.S. dollars 2,000 + 300 + 700 + 100 + 250 + 1,200 + 80 (the 900 in euros is counted, not summed).
    assert "All outcomes 8 $4,630.00" in text
    assert "4630.00" not in text


def test_the_report_is_kept_as_evidence_with_the_sha256_of_its_bytes(records, supervisor,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        annual = issue_annual_report(actor=supervisor, fiscal_year=2026, today=TODAY)
    files = {f.content_type: f for f in annual.evidence_files.all()}
    assert set(files) == {"application/pdf", "application/zip"}
    for evidence_file in files.values():
        with blobs.open_blob(evidence_file.storage_key) as stream:
            assert hashlib.sha256(stream.read()).hexdigest() == evidence_file.sha256
        assert evidence_file.custody_events.filter(action="uploaded").exists()
        evidence_file.refresh_from_db()
        assert evidence_file.scan_status == "clean"  # scanned like any file once the report committed
    assert (annual.pdf_sha256, annual.bundle_sha256) == (files["application/pdf"].sha256,
                                                         files["application/zip"].sha256)
    event = AuditEvent.objects.get(action="issue_annual_report")
    assert event.after["pdf_sha256"] == annual.pdf_sha256 and event.after["denied_entry"] == 5


def test_the_csv_bundle_holds_each_table_and_their_checksums(records, supervisor):
    annual = issue_annual_report(actor=supervisor, fiscal_year=2026, today=TODAY)
    bundle = annual.evidence_files.get(content_type="application/zip")
    with blobs.open_blob(bundle.storage_key) as stream:
        archive = zipfile.ZipFile(io.BytesIO(stream.read()))
    sums = dict(line.split("  ")[::-1] for line in archive.read("SHA256SUMS.txt").decode().splitlines()
                if "  " in line)
    assert "fy2026-outcomes.csv" in sums and "fy2026-denied-by-hts-heading.csv" in sums
    for name, digest in sums.items():
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest
    outcomes = archive.read("fy2026-outcomes.csv").decode("utf-8-sig")
    figures = staff_figures(StatisticsFilter(fiscal_year=2026), today=TODAY)
    assert f"All outcomes,{figures['totals']['count']},{figures['totals']['value']}" in outcomes


def test_the_command_issues_the_report_for_a_fiscal_year(records, supervisor, capsys):
    call_command("annual_report", "--fiscal-year", "2026", "--username", supervisor.username)
    assert AnnualReport.objects.get().fiscal_year == 2026
    assert "denied entry: 5" in capsys.readouterr().out


def test_the_command_refuses_an_officer_and_an_unknown_user(records, officer):
    with pytest.raises(CommandError, match="Only supervisors and administrators"):
        call_command("annual_report", "--fiscal-year", "2026", "--username", officer.username)
    with pytest.raises(CommandError, match="No active user"):
        call_command("annual_report", "--fiscal-year", "2026", "--username", "nobody")
    assert not AnnualReport.objects.exists()


def test_a_supervisor_issues_the_report_from_its_page(records, supervisor, client):
    client.force_login(supervisor)
    response = client.post(reverse("annual-report"), {"fiscal_year": 2026})
    assert response.status_code == 302
    page = client.get(reverse("annual-report")).content.decode()
    annual = AnnualReport.objects.get()
    assert annual.pdf_sha256 in page and "annual-report-fy2026.pdf" in page


def test_the_report_page_refuses_bad_input_and_officers(records, supervisor, officer, client):
    client.force_login(supervisor)
    response = client.post(reverse("annual-report"), {"fiscal_year": "next"})
    assert response.status_code == 400 and b"Enter a fiscal year as four digits" in response.content
    client.force_login(officer)
    assert client.get(reverse("annual-report")).status_code == 200
    assert client.post(reverse("annual-report"), {"fiscal_year": 2026}).status_code == 404
    assert not AnnualReport.objects.exists()


def test_importers_cannot_reach_the_report_files(records, supervisor, importer_a, client):
    annual = issue_annual_report(actor=supervisor, fiscal_year=2026, today=TODAY)
    client.force_login(importer_a)
    for evidence_file in annual.evidence_files.all():
        assert client.get(reverse("evidence:file", args=[evidence_file.pk])).status_code == 404
        assert client.get(reverse("evidence:download", args=[evidence_file.pk])).status_code == 404
