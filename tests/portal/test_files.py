"""Files on portal pages: listed through the evidence app's scoped reads, uploaded through its intake."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.services import submissions
from evidence import services as evidence_services
from tests.portal.builders import noticed, with_rfi

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def pdf(name):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_the_detention_page_lists_files_the_port_shared_and_no_others(client, officer, importer_a,
                                                                      django_capture_on_commit_callbacks):
    detention = noticed(officer=officer, importer=importer_a.organisation)
    with django_capture_on_commit_callbacks(execute=True):  # the malware scan runs once the upload commits
        shared = evidence_services.intake_file(actor=officer, target=detention,
                                               uploaded_file=pdf("notice-6051D.pdf"), category="notice")
    shared.refresh_from_db()
    evidence_services.share_with_importer(actor=officer, evidence_file=shared)
    evidence_services.intake_file(actor=officer, target=detention, uploaded_file=pdf("internal-lab-report.pdf"),
                                  category="other")
    client.force_login(importer_a)

    page = client.get(reverse("portal:detention", args=[detention.pk])).content.decode()

    assert "notice-6051D.pdf" in page
    assert "internal-lab-report.pdf" not in page
    assert reverse("evidence:upload", args=["detention", detention.pk]) not in page


def test_the_rfi_page_lists_the_files_of_the_answer_and_offers_an_upload_while_open(client, officer, importer_a):
    rfi = with_rfi(officer=officer, importer=importer_a.organisation)
    evidence_services.intake_file(actor=importer_a, target=rfi, uploaded_file=pdf("mill-list.pdf"),
                                  category="supply_chain_map")
    client.force_login(importer_a)

    page = client.get(reverse("portal:rfi", args=[rfi.pk])).content.decode()

    assert "mill-list.pdf" in page
    assert reverse("evidence:upload", args=["rfi", rfi.pk]) in page


def test_files_of_a_kind_outside_the_checklist_are_listed_as_other_supporting_documents(client, officer,
                                                                                        importer_a):
    detention = noticed(officer=officer, basis="caatsa", importer=importer_a.organisation)
    draft = submissions.save_draft(actor=importer_a, detention=detention, summary="Draft")
    evidence_services.intake_file(actor=importer_a, target=draft, uploaded_file=pdf("remediation.pdf"),
                                  category="remediation_plan")
    client.force_login(importer_a)

    page = client.get(reverse("portal:submission_edit", args=[detention.pk])).content.decode()

    assert "Other supporting documents" in page
    assert "remediation.pdf" in page
