"""The record behind a decision and documents, in Chromium: an officer opens a filed package and its files from
the detention page, a supervisor approves from a review screen that shows that record, and an officer uploads a
document to an investigation and lands back on it. Screenshots at 1366 and 390 px (test-artifacts/, ignored)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from cases.models import Decision, IloIndicator, Role
from cases.services import submissions
from evidence import services as evidence_services
from evidence.models import EvidenceFile
from tests import factories
from tests.cases import helpers
from tests.e2e.test_journeys import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
FITS = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def shoot_both(camera, page, name):
    """A screenshot at 1366 px and one at 390 px; at 390 px the page must not scroll sideways."""
    camera.shot(f"{name}-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    # Charts redraw for the new width a moment after the resize; give the page up to 3 s to settle.
    try:
        page.wait_for_function(FITS, timeout=3000)
    except PlaywrightTimeout:
        pytest.fail(f"{name} scrolls sideways at 390 px")
    camera.shot(f"{name}-390")
    page.set_viewport_size({"width": 1366, "height": 768})


def test_officer_opens_the_package_and_its_files_and_a_supervisor_approves_from_the_review_screen(
        live_server, page, camera, isolated_evidence_storage):
    officer = factories.UserFactory(role=Role.OFFICER, username="ruiz", first_name="Ana", last_name="Ruiz")
    factories.UserFactory(role=Role.SUPERVISOR, username="diaz", first_name="Sam", last_name="Diaz")
    org = factories.ImporterOrganisationFactory(name="Alpha Imports LLC")
    importer = factories.UserFactory(role=Role.IMPORTER, username="alpha", organisation=org)
    detention = helpers.noticed(officer=officer, basis="uflpa", importer=org)
    draft = submissions.save_draft(
        actor=importer, detention=detention, package="uflpa_exception", summary="Cotton traced to farms in Texas.",
        answers=helpers.complete_answers("uflpa_exception"),
        ilo_statements={i.value: "Addressed by audits." for i in IloIndicator})
    evidence_services.intake_file(actor=importer, target=draft, category="audit_report",
                                  uploaded_file=SimpleUploadedFile("mill-audit.pdf", PDF))
    package = submissions.submit_submission(actor=importer, submission=draft)
    entry = detention.shipment.entry_number

    sign_in(page, live_server, "ruiz")
    page.goto(f"{live_server.url}/detentions/{detention.pk}/")
    expect(page.get_by_role("heading", name="The record")).to_be_visible()
    expect(page.get_by_text(package.receipt_number)).to_be_visible()
    shoot_both(camera, page, "detention-with-record")
    page.get_by_role("link", name="Read the whole package").click()
    expect(page.get_by_role("heading", name="UFLPA exception request", level=1)).to_be_visible()
    expect(page.get_by_text("Cotton traced to farms in Texas.")).to_be_visible()
    shoot_both(camera, page, "package")
    page.get_by_role("link", name="mill-audit.pdf").click()
    expect(page.get_by_role("heading", name="mill-audit.pdf", level=1)).to_be_visible()
    shoot_both(camera, page, "package-file")
    page.get_by_role("link", name=f"Back to {package}").click()
    expect(page.get_by_role("heading", name="UFLPA exception request", level=1)).to_be_visible()
    page.get_by_role("link", name=f"Back to the detention of entry {entry}").click()
    page.get_by_role("button", name="Start the review").click()
    expect(page.get_by_text("Review started.")).to_be_visible()
    page.locator("label.usa-radio__label", has_text=re.compile("^Release$")).click()  # USWDS draws it on the label
    page.get_by_label("Ground of release (UFLPA)").select_option("not_subject")
    page.get_by_label("Reasons").fill("The audit traces the cotton to Texas.")
    page.get_by_role("button", name="Propose the decision").click()
    expect(page.get_by_text("Decision proposed")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, live_server, "diaz")
    page.goto(f"{live_server.url}/supervisor/")
    shoot_both(camera, page, "review-queue")
    page.get_by_role("link", name=f"Review the record of entry {entry}").click()
    expect(page.get_by_role("heading", name=f"Review the proposal on entry {entry}")).to_be_visible()
    expect(page.get_by_text("The audit traces the cotton to Texas.")).to_be_visible()
    expect(page.get_by_text("Cotton traced to farms in Texas.")).to_be_visible()
    expect(page.get_by_role("link", name="mill-audit.pdf")).to_be_visible()
    shoot_both(camera, page, "review-screen")
    page.get_by_role("button", name="Approve: release").click()
    page.get_by_role("button", name="Yes, approve the proposed decision").click()
    expect(page.get_by_text("Decision approved")).to_be_visible()

    assert Decision.objects.get(detention=detention).status == "approved"


def test_officer_uploads_a_document_to_an_investigation_and_returns_to_it(live_server, page, camera, tmp_path,
                                                                          isolated_evidence_storage):
    officer = factories.UserFactory(role=Role.OFFICER, username="ruiz", first_name="Ana", last_name="Ruiz")
    investigation = factories.InvestigationFactory(status="under_investigation", assigned_officer=officer)
    report = tmp_path / "site-visit-report.pdf"
    report.write_bytes(PDF)

    sign_in(page, live_server, "ruiz")
    page.goto(f"{live_server.url}/investigations/{investigation.pk}/")
    expect(page.get_by_role("heading", name="Documents of the investigation")).to_be_visible()
    shoot_both(camera, page, "investigation")
    page.get_by_role("link", name="Upload a file").click()
    page.get_by_label("What kind of document is this?").select_option("investigation_evidence")
    page.locator("#id_file").set_input_files(str(report))
    shoot_both(camera, page, "upload-form")
    page.get_by_role("button", name="Upload").click()

    expect(page.get_by_role("heading", name=f"Investigation {investigation.reference}")).to_be_visible()
    expect(page.get_by_text("“site-visit-report.pdf” was received")).to_be_visible()
    expect(page.get_by_role("link", name="site-visit-report.pdf")).to_be_visible()
    shoot_both(camera, page, "investigation-with-document")
    assert EvidenceFile.objects.get(original_filename="site-visit-report.pdf").investigation_id == investigation.pk
