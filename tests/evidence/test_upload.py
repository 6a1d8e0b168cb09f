"""Uploading through the real view: every bad input is refused with a 4xx and a message, and leaves
no row, no stored bytes and nothing in the temporary directory."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cases.models import AuditEvent
from evidence.models import CustodyEvent
from tests import factories
from tests.cases import helpers
from tests.evidence import support
from tests.evidence.conftest import login

pytestmark = pytest.mark.django_db


def upload_url(submission):
    return reverse("evidence:upload", args=["submission", submission.pk])


def assert_nothing_kept(settings):
    assert support.uploads().count() == 0
    assert support.stored_blobs(settings) == []
    assert support.leftover_temp_files(settings) == []


def post_file(client, url, name, data, category="audit_report"):
    return client.post(url, {"category": category, "file": SimpleUploadedFile(name, data)})


def test_importer_uploads_a_pdf_to_their_draft_package(client, draft, importer_a, settings,
                                                       django_capture_on_commit_callbacks):
    login(client, importer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_file(client, upload_url(draft), "audit 2026.pdf", support.PDF)
    evidence_file = support.uploads().get()
    assert response.status_code == 302
    assert response["Location"] == reverse("evidence:file", args=[evidence_file.pk])
    assert evidence_file.submission == draft
    assert evidence_file.original_filename == "audit 2026.pdf"
    assert evidence_file.content_type == "application/pdf"
    assert evidence_file.size == len(support.PDF)
    assert evidence_file.scan_status == "clean"
    assert support.stored_blobs(settings) == [evidence_file.storage_key]
    assert evidence_file.storage_key.endswith(evidence_file.sha256)
    assert support.leftover_temp_files(settings) == []


def test_upload_writes_custody_and_audit_events(client, draft, importer_a, django_capture_on_commit_callbacks):
    login(client, importer_a)
    with django_capture_on_commit_callbacks(execute=True):
        post_file(client, upload_url(draft), "audit.pdf", support.PDF)
    evidence_file = support.uploads().get()
    assert list(evidence_file.custody_events.values_list("action", flat=True)) == ["uploaded", "scanned"]
    assert AuditEvent.objects.filter(action="upload_evidence", object_id=str(evidence_file.pk),
                                     detention=draft.detention).exists()


def test_upload_stays_pending_until_the_scan_task_runs(client, draft, importer_a):
    login(client, importer_a)
    post_file(client, upload_url(draft), "audit.pdf", support.PDF)
    assert support.uploads().get().scan_status == "pending"


def test_oversize_file_is_refused_while_streaming(client, draft, importer_a, settings):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 4096
    login(client, importer_a)
    response = post_file(client, upload_url(draft), "big.pdf", support.pdf_of_size(5000))
    assert response.status_code == 413
    assert "larger than 4,096 bytes" in response.content.decode()
    assert_nothing_kept(settings)


def test_body_declared_far_over_the_limit_is_refused_before_it_is_read(client, draft, importer_a, settings):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 4096
    login(client, importer_a)
    response = post_file(client, upload_url(draft), "huge.pdf", support.pdf_of_size(3 * 1024 * 1024))
    assert response.status_code == 413
    assert "the largest file accepted" in response.content.decode()
    assert_nothing_kept(settings)


def test_empty_file_is_refused(client, draft, importer_a, settings):
    login(client, importer_a)
    response = support.post_multipart(client, upload_url(draft), support.multipart("empty.pdf", b""))
    assert response.status_code == 400
    assert "The file is empty" in response.content.decode()
    assert_nothing_kept(settings)


def test_text_named_pdf_is_refused_for_its_content(client, draft, importer_a, settings):
    login(client, importer_a)
    response = post_file(client, upload_url(draft), "report.pdf", b"just some words\n")
    assert response.status_code == 400
    assert "content is a plain text, but its name ends in .pdf" in response.content.decode()
    assert_nothing_kept(settings)


def test_executable_named_pdf_is_refused_for_its_magic_bytes(client, draft, importer_a, settings):
    login(client, importer_a)
    response = post_file(client, upload_url(draft), "report.pdf", support.EXE)
    assert response.status_code == 400
    assert "application/x-msdownload" in response.content.decode()
    assert_nothing_kept(settings)


def test_double_extension_is_refused(client, draft, importer_a, settings):
    login(client, importer_a)
    response = post_file(client, upload_url(draft), "invoice.pdf.exe", support.EXE)
    assert response.status_code == 400
    assert "two extensions (.pdf.exe)" in response.content.decode()
    assert_nothing_kept(settings)


@pytest.mark.parametrize("filename", ["../../etc/passwd.pdf", "..\\..\\boot.pdf", "/etc/audit.pdf", ".."])
def test_filename_with_a_path_is_refused(client, draft, importer_a, settings, filename):
    login(client, importer_a)
    response = support.post_multipart(client, upload_url(draft), support.multipart(filename, support.PDF))
    assert response.status_code == 400
    assert "contains a folder path" in response.content.decode()
    assert_nothing_kept(settings)


def test_filename_with_a_control_character_is_refused(client, draft, importer_a, settings):
    login(client, importer_a)
    response = support.post_multipart(client, upload_url(draft), support.multipart("audit\x07.pdf", support.PDF))
    assert response.status_code == 400
    assert "control character U+0007" in response.content.decode()
    assert_nothing_kept(settings)


def test_filename_with_a_right_to_left_override_is_refused(client, draft, importer_a, settings):
    login(client, importer_a)
    body = support.multipart("invoice\u202efdp.exe", support.PDF)
    response = support.post_multipart(client, upload_url(draft), body)
    assert response.status_code == 400
    assert "text-direction character U+202E" in response.content.decode()
    assert_nothing_kept(settings)


def test_zip_bomb_is_refused(client, draft, importer_a, settings):
    login(client, importer_a)
    bomb = support.zip_bytes({"payroll.csv": b"0" * (20 * 1024 * 1024)})
    assert len(bomb) < 100_000
    response = post_file(client, upload_url(draft), "payroll.zip", bomb, category="payroll_records")
    assert response.status_code == 400
    assert "the mark of a zip bomb" in response.content.decode()
    assert_nothing_kept(settings)


def test_upload_to_another_organisations_package_answers_404(client, draft, importer_b, settings):
    login(client, importer_b)
    response = post_file(client, upload_url(draft), "audit.pdf", support.PDF)
    assert response.status_code == 404
    assert_nothing_kept(settings)


def test_upload_to_an_investigation_by_an_importer_answers_404(client, importer_a, settings):
    investigation = factories.InvestigationFactory()
    login(client, importer_a)
    response = post_file(client, reverse("evidence:upload", args=["investigation", investigation.pk]),
                         "audit.pdf", support.PDF)
    assert response.status_code == 404
    assert_nothing_kept(settings)


def test_interrupted_upload_is_refused_and_cleaned_up(client, draft, importer_a, settings):
    login(client, importer_a)
    body = support.multipart("audit.pdf", support.pdf_of_size(300_000))
    response = support.post_multipart(client, upload_url(draft), body[: len(body) // 2])
    assert response.status_code == 400
    assert "interrupted before the whole file arrived" in response.content.decode()
    assert_nothing_kept(settings)


def test_upload_without_a_file_asks_for_one(client, draft, importer_a, settings):
    login(client, importer_a)
    response = client.post(upload_url(draft), {"category": "audit_report"})
    assert response.status_code == 400
    assert "Choose a file to upload" in response.content.decode()
    assert_nothing_kept(settings)


def test_importer_cannot_file_an_agency_category(client, draft, importer_a, settings):
    login(client, importer_a)
    response = post_file(client, upload_url(draft), "notice.pdf", support.PDF, category="notice")
    assert response.status_code == 400
    assert_nothing_kept(settings)


def test_importer_cannot_add_files_once_the_package_is_filed(client, officer, importer_a, settings):
    submission = helpers.submitted(officer=officer, importer_user=importer_a)
    login(client, importer_a)
    response = post_file(client, upload_url(submission), "late.pdf", support.PDF)
    assert response.status_code == 409
    assert "draft or more information is requested" in response.content.decode()
    assert_nothing_kept(settings)


def test_upload_without_the_csrf_token_is_refused_and_cleaned_up(draft, importer_a, settings):
    client = Client(enforce_csrf_checks=True)
    login(client, importer_a)
    response = post_file(client, upload_url(draft), "audit.pdf", support.PDF)
    assert response.status_code == 403
    assert_nothing_kept(settings)


def test_anonymous_upload_is_sent_to_sign_in(client, draft, settings):
    response = post_file(client, upload_url(draft), "audit.pdf", support.PDF)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert_nothing_kept(settings)


def test_officer_uploads_investigation_evidence(client, officer, settings, django_capture_on_commit_callbacks):
    investigation = factories.InvestigationFactory()
    login(client, officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_file(client, reverse("evidence:upload", args=["investigation", investigation.pk]),
                             "site visit.png", support.PNG, category="investigation_evidence")
    assert response.status_code == 302
    evidence_file = support.uploads().get()
    assert evidence_file.investigation == investigation
    assert evidence_file.content_type == "image/png"
    assert CustodyEvent.objects.filter(file=evidence_file, action="uploaded", actor=officer).exists()


def test_upload_page_lists_only_the_categories_the_importer_may_file(client, draft, importer_a):
    login(client, importer_a)
    page = client.get(upload_url(draft)).content.decode()
    assert 'value="audit_report"' in page
    assert 'value="investigation_evidence"' not in page


def test_docx_is_recognised_through_the_streaming_path(client, draft, importer_a):
    login(client, importer_a)
    response = post_file(client, upload_url(draft), "statement.docx", support.docx_bytes())
    assert response.status_code == 302
    assert support.uploads().get().content_type.endswith("wordprocessingml.document")


def test_upload_can_return_to_the_page_it_came_from(client, draft, importer_a):
    login(client, importer_a)
    response = client.post(upload_url(draft) + "?next=/portal/", {
        "category": "audit_report", "file": SimpleUploadedFile("a.pdf", support.PDF)})
    assert response["Location"] == "/portal/"


def test_upload_never_returns_to_another_site(client, draft, importer_a):
    login(client, importer_a)
    response = client.post(upload_url(draft) + "?next=https://evil.example/", {
        "category": "audit_report", "file": SimpleUploadedFile("a.pdf", support.PDF)})
    assert response["Location"].startswith("/evidence/files/")


def test_upload_page_keeps_the_return_address_in_its_form(client, draft, importer_a):
    login(client, importer_a)
    page = client.get(upload_url(draft) + "?next=/portal/detentions/1/").content.decode()
    assert 'action="' + upload_url(draft) + '?next=%2Fportal%2Fdetentions%2F1%2F"' in page
