"""Downloads go through the scoped query, stream the bytes with safe headers, and log custody."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evidence import screening, services
from tests.cases import helpers
from tests.evidence import support
from tests.evidence.conftest import login

pytestmark = pytest.mark.django_db


def scanned(actor, target, data=support.PDF, name="audit.pdf", category="audit_report"):
    evidence_file = services.intake_file(actor=actor, target=target, uploaded_file=SimpleUploadedFile(name, data),
                                         category=category)
    screening.scan_file(evidence_file.pk)
    evidence_file.refresh_from_db()
    return evidence_file


def download(client, evidence_file, view="download"):
    return client.get(reverse(f"evidence:{view}", args=[evidence_file.pk]))


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


def test_importer_downloads_their_own_file_with_safe_headers(client, draft, importer_a):
    evidence_file = scanned(importer_a, draft, name="Prüfbericht 2026 “final”.pdf")
    login(client, importer_a)
    response = download(client, evidence_file)
    assert response.status_code == 200
    assert body_of(response) == support.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(support.PDF))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Pr%C3%BCfbericht%202026%20%E2%80%9Cfinal%E2%80%9D.pdf")


def test_ascii_filename_with_quotes_is_escaped_in_the_header(client, draft, importer_a):
    evidence_file = scanned(importer_a, draft, name='audit "q1".pdf')
    login(client, importer_a)
    assert download(client, evidence_file)["Content-Disposition"] == 'attachment; filename="audit \\"q1\\".pdf"'


def test_download_is_logged_in_the_chain_of_custody(client, draft, importer_a):
    evidence_file = scanned(importer_a, draft)
    login(client, importer_a)
    body_of(download(client, evidence_file))
    event = evidence_file.custody_events.get(action="downloaded")
    assert event.actor == importer_a


def test_opening_an_image_in_the_browser_is_logged_as_viewed(client, draft, importer_a):
    evidence_file = scanned(importer_a, draft, data=support.PNG, name="map.png", category="supply_chain_map")
    login(client, importer_a)
    response = download(client, evidence_file, view="view")
    assert response["Content-Disposition"] == 'inline; filename="map.png"'
    assert response["Content-Security-Policy"] == "sandbox"
    assert evidence_file.custody_events.filter(action="viewed").exists()


def test_a_pdf_is_never_shown_inline(client, draft, importer_a):
    evidence_file = scanned(importer_a, draft)
    login(client, importer_a)
    assert download(client, evidence_file, view="view")["Content-Disposition"].startswith("attachment;")


def test_importer_cannot_download_another_organisations_file(client, draft, importer_a, importer_b):
    evidence_file = scanned(importer_a, draft)
    login(client, importer_b)
    assert download(client, evidence_file).status_code == 404
    assert client.get(reverse("evidence:file", args=[evidence_file.pk])).status_code == 404
    assert not evidence_file.custody_events.filter(action="downloaded").exists()


def test_file_waiting_for_its_scan_is_not_served(client, draft, importer_a):
    evidence_file = services.intake_file(actor=importer_a, target=draft, category="audit_report",
                                         uploaded_file=SimpleUploadedFile("audit.pdf", support.PDF))
    login(client, importer_a)
    response = download(client, evidence_file)
    assert response.status_code == 409
    assert "still being checked for malware" in response.content.decode()


def test_infected_upload_is_quarantined_and_never_downloadable(client, draft, importer_a, infected_scanner,
                                                                settings, django_capture_on_commit_callbacks):
    login(client, importer_a)
    url = reverse("evidence:upload", args=["submission", draft.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"category": "audit_report", "file": SimpleUploadedFile("audit.txt", support.eicar())})
    evidence_file = draft.evidence_files.get()
    assert evidence_file.scan_status == "infected"
    response = download(client, evidence_file)
    assert response.status_code == 409
    assert "quarantined" in response.content.decode()
    page = client.get(reverse("evidence:file", args=[evidence_file.pk])).content.decode()
    assert "Malware found: this file was quarantined" in page
    assert support.leftover_temp_files(settings) == []


def test_sealed_file_opens_only_for_supervisors(client, draft, importer_a, officer, supervisor):
    evidence_file = scanned(importer_a, draft)
    services.seal_file(actor=supervisor, evidence_file=evidence_file, reason="Names an informant.")
    login(client, importer_a)
    assert download(client, evidence_file).status_code == 404
    login(client, supervisor)
    # A draft's files reach the agency once filed: seal a file the agency already sees for the officer check.
    detention = helpers.noticed(officer=officer, basis="uflpa", importer=importer_a.organisation)
    agency_file = scanned(officer, detention, name="informant.pdf", category="investigation_evidence")
    services.seal_file(actor=supervisor, evidence_file=agency_file, reason="Informant.")
    assert download(client, agency_file).status_code == 200
    login(client, officer)
    response = download(client, agency_file)
    assert response.status_code == 403
    assert "only supervisors may open it" in response.content.decode()


def test_supervisor_seals_through_the_file_page(client, officer, supervisor, importer_a):
    detention = helpers.noticed(officer=officer, basis="uflpa", importer=importer_a.organisation)
    evidence_file = scanned(officer, detention, category="investigation_evidence")
    login(client, supervisor)
    response = client.post(reverse("evidence:seal", args=[evidence_file.pk]), {"reason": "Informant."})
    assert response.status_code == 302
    evidence_file.refresh_from_db()
    assert evidence_file.sealed


def test_officer_seal_request_is_refused_with_403(client, officer, importer_a):
    detention = helpers.noticed(officer=officer, basis="uflpa", importer=importer_a.organisation)
    evidence_file = scanned(officer, detention, category="investigation_evidence")
    login(client, officer)
    response = client.post(reverse("evidence:seal", args=[evidence_file.pk]), {"reason": "Informant."})
    assert response.status_code == 403
    assert "Only a supervisor may seal a file" in response.content.decode()


def test_file_page_shows_the_chain_of_custody(client, draft, importer_a):
    evidence_file = scanned(importer_a, draft)
    login(client, importer_a)
    page = client.get(reverse("evidence:file", args=[evidence_file.pk])).content.decode()
    assert "Chain of custody" in page
    assert "Uploaded" in page and "Scanned" in page
    assert evidence_file.sha256 in page


def test_importer_does_not_see_who_at_the_agency_opened_their_file(client, officer, importer_a):
    submission = helpers.submitted(officer=officer, importer_user=importer_a)
    evidence_file = scanned(officer, submission.detention, category="notice", name="notice.pdf")
    services.share_with_importer(actor=officer, evidence_file=evidence_file)
    login(client, officer)
    body_of(download(client, evidence_file))
    login(client, importer_a)
    page = client.get(reverse("evidence:file", args=[evidence_file.pk])).content.decode()
    assert "Shared with the importer" in page
    assert "Downloaded" not in page


def test_file_page_lists_the_versions(client, draft, importer_a):
    original = scanned(importer_a, draft, name="audit.pdf")
    services.intake_file(actor=importer_a, target=draft, category="audit_report", replaces=original,
                         uploaded_file=SimpleUploadedFile("audit v2.pdf", support.PDF + b"%v2\n"))
    login(client, importer_a)
    page = client.get(reverse("evidence:file", args=[original.pk])).content.decode()
    assert "audit v2.pdf" in page and "(this version)" in page
