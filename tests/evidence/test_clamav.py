"""End to end with a real clamd (started by .ci/clamav.sh with a locally built test signature database)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Notification
from evidence.models import EvidenceFile
from tests.evidence import support
from tests.evidence.conftest import login

pytestmark = [pytest.mark.django_db, pytest.mark.clamav]


def test_eicar_upload_is_caught_quarantined_and_never_served(client, draft, importer_a, clamd_socket, settings,
                                                             django_capture_on_commit_callbacks):
    login(client, importer_a)
    url = reverse("evidence:upload", args=["submission", draft.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"category": "audit_report",
                                     "file": SimpleUploadedFile("audit.txt", support.eicar())})
    assert response.status_code == 302
    evidence_file = EvidenceFile.objects.get(submission=draft)
    assert evidence_file.scan_status == "infected"
    assert "EICAR" in evidence_file.scan_detail.upper()
    assert evidence_file.storage_key.startswith("quarantine/")
    assert client.get(reverse("evidence:download", args=[evidence_file.pk])).status_code == 409
    assert Notification.objects.filter(recipient=importer_a, kind="evidence_quarantined").exists()
    assert support.leftover_temp_files(settings) == []


def test_eicar_inside_a_zip_is_caught(client, draft, importer_a, clamd_socket, django_capture_on_commit_callbacks):
    login(client, importer_a)
    archive = support.zip_bytes({"notes.txt": support.eicar()})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("evidence:upload", args=["submission", draft.pk]),
                    {"category": "other", "file": SimpleUploadedFile("notes.zip", archive)})
    assert EvidenceFile.objects.get(submission=draft).scan_status == "infected"


def test_clean_pdf_passes_clamd(client, draft, importer_a, clamd_socket, django_capture_on_commit_callbacks):
    login(client, importer_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("evidence:upload", args=["submission", draft.pk]),
                    {"category": "audit_report", "file": SimpleUploadedFile("audit.pdf", support.PDF)})
    evidence_file = EvidenceFile.objects.get(submission=draft)
    assert evidence_file.scan_status == "clean"
    assert evidence_file.scan_detail == "No malware found (ClamAV)."
    assert client.get(reverse("evidence:download", args=[evidence_file.pk])).status_code == 200
