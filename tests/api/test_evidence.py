"""Evidence through the API: uploads go through the evidence intake path, downloads through its view."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evidence import services as evidence_services
from evidence.models import EvidenceFile
from tests.api import builders as b
from tests.api.conftest import client_for
from tests.evidence import support
from tests.evidence.conftest import evidence_storage  # noqa: F401 - autouse: files under tmp_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(officer, supervisor, admin_user, importer_a, importer_b, org_a, org_b):
    return b.World(officer, supervisor, admin_user, importer_a, importer_b, org_a, org_b)


def upload(user, target_type, target_id, data=support.PDF, name="audit.pdf", **extra):
    return client_for(user).post("/api/v1/evidence/", {
        "target_type": target_type, "target_id": target_id, "category": "audit_report",
        "file": SimpleUploadedFile(name, data), **extra}, format="multipart")


def test_an_importer_uploads_to_their_answer_and_the_file_waits_for_its_malware_scan(world):
    rfi = b.open_rfi(world)

    response = upload(world.importer_a, "rfi", rfi.pk)

    assert response.status_code == 201
    body = response.json()
    assert (body["target_type"], body["target_id"], body["scan_status"]) == ("rfi", rfi.pk, "pending")
    assert body["size"] == len(support.PDF) and body["content_type"] == "application/pdf"
    stored = EvidenceFile.objects.get(pk=body["id"])
    assert stored.uploaded_by == world.importer_a and stored.custody_events.filter(action="uploaded").exists()


def test_a_file_not_yet_scanned_cannot_be_downloaded(world):
    evidence_file = b.evidence_file(world, clean=False)

    response = client_for(world.importer_a).get(f"/api/v1/evidence/{evidence_file.pk}/download/")

    assert response.status_code == 409
    assert response.json()["error"]["current_state"] == "pending"


def test_a_clean_file_downloads_with_its_bytes_and_the_download_is_in_its_custody_log(world):
    evidence_file = b.evidence_file(world)

    response = client_for(world.officer).get(f"/api/v1/evidence/{evidence_file.pk}/download/",
                                             HTTP_ACCEPT="application/pdf")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == support.PDF
    assert response["Content-Type"] == "application/pdf"
    assert evidence_file.custody_events.filter(action="downloaded", actor=world.officer).exists()


def test_another_organisation_neither_sees_nor_uploads_to_the_case(world):
    evidence_file = b.evidence_file(world)
    stranger = client_for(world.importer_b)

    assert stranger.get(f"/api/v1/evidence/{evidence_file.pk}/").status_code == 404
    assert stranger.get(f"/api/v1/evidence/{evidence_file.pk}/download/").status_code == 404
    assert upload(world.importer_b, "rfi", evidence_file.rfi_id).status_code == 404


def test_a_sealed_file_opens_for_a_supervisor_only(world):
    evidence_file = b.evidence_file(world)
    evidence_services.seal_file(actor=world.supervisor, evidence_file=evidence_file, reason="Law enforcement hold.")

    statuses = [client_for(user).get(f"/api/v1/evidence/{evidence_file.pk}/download/").status_code
                for user in (world.importer_a, world.officer, world.supervisor)]

    assert statuses == [404, 403, 200]


def test_the_intake_refuses_a_file_whose_content_does_not_match_its_name_with_nothing_kept(world):
    rfi = b.open_rfi(world)

    response = upload(world.importer_a, "rfi", rfi.pk, data=b"MZ\x90\x00 not a pdf", name="audit.pdf")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert not EvidenceFile.objects.filter(rfi=rfi).exists()


def test_an_upload_over_the_size_limit_is_refused_with_413(world, settings):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 1024
    rfi = b.open_rfi(world)

    response = upload(world.importer_a, "rfi", rfi.pk, data=support.pdf_of_size(4096))

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "upload_refused"
    assert not EvidenceFile.objects.filter(rfi=rfi).exists()


def test_an_upload_without_a_file_names_the_missing_field(world):
    rfi = b.open_rfi(world)

    response = client_for(world.importer_a).post("/api/v1/evidence/", {
        "target_type": "rfi", "target_id": rfi.pk, "category": "audit_report"}, format="multipart")

    assert response.status_code == 400
    assert "file" in response.json()["error"]["fields"]


def test_a_correction_replaces_the_earlier_version(world):
    evidence_file = b.evidence_file(world)

    response = upload(world.importer_a, "rfi", evidence_file.rfi_id, name="audit-v2.pdf",
                      replaces=evidence_file.pk)

    assert response.status_code == 201
    assert response.json()["replaces"] == evidence_file.pk


def test_evidence_lists_filter_by_case_object(world):
    evidence_file = b.evidence_file(world)
    b.evidence_file(world)

    results = client_for(world.officer).get(f"/api/v1/evidence/?rfi={evidence_file.rfi_id}").json()["results"]

    assert [row["id"] for row in results] == [evidence_file.pk]
