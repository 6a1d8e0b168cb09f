"""The record behind a decision on the staff pages: packages with statements and files, RFIs with their answers
and files, the supervisor's review screen, evidence pages that lead back to their case, documents panels."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import IloIndicator
from cases.services import rfis, submissions
from cases.services.decisions import propose_decision
from evidence import services as evidence_services
from evidence.models import EvidenceFile
from tests import factories
from tests.cases import helpers
from tests.evidence import support

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _evidence(isolated_evidence_storage):
    return isolated_evidence_storage


def pdf(name):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def filed_package_with_file(*, officer, importer_user, filename="audit-2026.pdf"):
    """A UFLPA exception package drafted with one file, then submitted (the file reaches the agency with it)."""
    detention = helpers.noticed(officer=officer, basis="uflpa", importer=importer_user.organisation)
    draft = submissions.save_draft(
        actor=importer_user, detention=detention, package="uflpa_exception", summary="Traced to the farm.",
        answers=helpers.complete_answers("uflpa_exception"),
        ilo_statements={i.value: "Addressed by audits." for i in IloIndicator})
    evidence_services.intake_file(actor=importer_user, target=draft, uploaded_file=pdf(filename),
                                  category="audit_report")
    return submissions.submit_submission(actor=importer_user, submission=draft)


def text(response):
    assert response.status_code == 200
    return response.content.decode()


def test_the_detention_page_shows_each_filed_package_with_its_statements_and_links_its_files(
        client, officer, importer_a):
    package = filed_package_with_file(officer=officer, importer_user=importer_a)
    client.force_login(officer)

    page = text(client.get(reverse("detention", args=[package.detention_id])))

    assert "UFLPA exception request" in page
    assert package.receipt_number in page
    assert reverse("submission", args=[package.pk]) in page
    audit = EvidenceFile.objects.get(original_filename="audit-2026.pdf")
    assert reverse("evidence:file", args=[audit.pk]) in page


def test_the_detention_page_shows_each_rfi_with_its_question_answer_and_files(client, officer, importer_a):
    package = filed_package_with_file(officer=officer, importer_user=importer_a)
    rfi = rfis.send_rfi(actor=officer, detention=package.detention, questions="Send the payroll for March.")
    evidence_services.intake_file(actor=importer_a, target=rfi, uploaded_file=pdf("payroll-march.pdf"),
                                  category="payroll_records")
    rfis.answer_rfi(actor=importer_a, rfi=rfi, answer="The March payroll is attached.")
    client.force_login(officer)

    page = text(client.get(reverse("detention", args=[package.detention_id])))

    assert "Send the payroll for March." in page
    assert "The March payroll is attached." in page
    payroll = EvidenceFile.objects.get(original_filename="payroll-march.pdf")
    assert reverse("evidence:file", args=[payroll.pk]) in page


def test_a_draft_package_and_its_files_stay_private_to_the_importer(client, officer, importer_a):
    draft = support.draft_submission(officer=officer, importer_user=importer_a)
    evidence_services.intake_file(actor=importer_a, target=draft, uploaded_file=pdf("draft-only.pdf"),
                                  category="audit_report")
    client.force_login(officer)

    page = text(client.get(reverse("detention", args=[draft.detention_id])))

    assert "draft-only.pdf" not in page
    assert "No package filed yet" in page
    assert client.get(reverse("submission", args=[draft.pk])).status_code == 404


def test_the_package_page_shows_every_statement_and_file_and_leads_back_to_the_case(client, officer, importer_a):
    package = filed_package_with_file(officer=officer, importer_user=importer_a)
    client.force_login(officer)

    page = text(client.get(reverse("submission", args=[package.pk])))

    for statement in helpers.complete_answers("uflpa_exception").values():
        assert statement in page
    assert "audit-2026.pdf" in page
    assert reverse("detention", args=[package.detention_id]) in page


def test_an_importer_gets_not_found_for_the_staff_package_page(client, officer, importer_a):
    package = filed_package_with_file(officer=officer, importer_user=importer_a)
    client.force_login(importer_a)

    assert client.get(reverse("submission", args=[package.pk])).status_code == 404


def test_the_review_screen_shows_the_proposal_and_the_record_with_a_link_to_each_file(
        client, officer, supervisor, importer_a):
    package = filed_package_with_file(officer=officer, importer_user=importer_a)
    detention = package.detention
    submissions.start_review(actor=officer, detention=detention)
    detention.refresh_from_db()
    propose_decision(actor=officer, detention=detention, outcome="release", reasons="The audit traces the cotton.",
                     release_ground=helpers.ground(detention, "release"))
    client.force_login(supervisor)

    queue = text(client.get(reverse("supervisor")))
    page = text(client.get(reverse("supervisor-review", args=[detention.pk])))

    assert reverse("supervisor-review", args=[detention.pk]) in queue
    assert "2 files" in queue  # the notice of detention (a PDF letter) and the audit report
    assert "The audit traces the cotton." in page
    assert "Traced to the farm." in page
    audit = EvidenceFile.objects.get(original_filename="audit-2026.pdf")
    assert reverse("evidence:file", args=[audit.pk]) in page
    assert reverse("detention-approve", args=[detention.pk]) in page


def test_an_officer_gets_not_found_for_the_review_screen(client, officer, importer_a):
    package = filed_package_with_file(officer=officer, importer_user=importer_a)
    client.force_login(officer)

    assert client.get(reverse("supervisor-review", args=[package.detention_id])).status_code == 404


def test_an_evidence_page_links_back_to_its_case_on_each_side(client, officer, importer_a):
    package = filed_package_with_file(officer=officer, importer_user=importer_a)
    audit = EvidenceFile.objects.get(original_filename="audit-2026.pdf")

    client.force_login(officer)
    staff_page = text(client.get(reverse("evidence:file", args=[audit.pk])))
    client.force_login(importer_a)
    importer_page = text(client.get(reverse("evidence:file", args=[audit.pk])))

    assert reverse("submission", args=[package.pk]) in staff_page
    assert reverse("portal:submission", args=[package.pk]) in importer_page
    assert f'href="{reverse("submission", args=[package.pk])}"' not in importer_page


def test_investigation_and_order_pages_have_a_documents_panel_with_upload(client, officer):
    investigation = factories.InvestigationFactory(status="under_investigation", assigned_officer=officer)
    wro = factories.WroFactory(effective_date=factories.datetime.date(2020, 1, 1))
    client.force_login(officer)

    for url, target in ((reverse("investigation", args=[investigation.pk]), "investigation"),
                        (reverse("order", args=["wro", wro.pk]), "wro")):
        page = text(client.get(url))
        pk = investigation.pk if target == "investigation" else wro.pk
        assert f'{reverse("evidence:upload", args=[target, pk])}?next=' in page


def test_the_documents_panel_says_who_may_see_each_file(client, officer, supervisor):
    detention = helpers.noticed(officer=officer)
    kept = evidence_services.intake_file(actor=officer, target=detention, uploaded_file=pdf("lab-report.pdf"),
                                         category="other")
    sealed = evidence_services.intake_file(actor=officer, target=detention, uploaded_file=pdf("informant.pdf"),
                                           category="other")
    evidence_services.seal_file(actor=supervisor, evidence_file=sealed, reason="Protects a source.")
    client.force_login(officer)

    page = text(client.get(reverse("detention", args=[detention.pk])))

    assert "lab-report.pdf" in page and "Agency only" in page
    assert "informant.pdf" in page and "Sealed: supervisors only" in page
    assert kept.pk


def test_an_upload_from_the_investigation_page_returns_to_it(client, officer):
    investigation = factories.InvestigationFactory(status="under_investigation", assigned_officer=officer)
    client.force_login(officer)
    back = reverse("investigation", args=[investigation.pk])
    url = reverse("evidence:upload", args=["investigation", investigation.pk]) + f"?next={back}"

    response = support.post_multipart(client, url, support.multipart("site-visit.pdf", PDF,
                                                                     category="investigation_evidence"))

    assert response.status_code == 302 and response["Location"] == back
    assert "site-visit.pdf" in text(client.get(back))
