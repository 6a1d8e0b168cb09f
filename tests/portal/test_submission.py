"""The admissibility submission in the portal: guided editor, files, review, submit, withdraw."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import AdmissibilitySubmission, AuditEvent, Deadline, IloIndicator
from cases.services import submissions
from cases.services.submissions import start_review
from tests.cases.helpers import complete_answers, noticed, submitted

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def editor_url(detention):
    return reverse("portal:submission_edit", args=[detention.pk])


def full_post(package, version=""):
    data = {"package": package, "summary": "Our gloves are made by paid, free workers.", "version": version}
    data.update({f"answer__{k}": v for k, v in complete_answers(package).items()})
    data.update({f"ilo__{i.value}": "Covered by our audited code of conduct." for i in IloIndicator})
    return data


def attach(client, submission, category, name="document.pdf", data=PDF, next_url="/portal/"):
    """Through the evidence app's upload view; its malware scan runs once the upload commits."""
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    return client.post(reverse("evidence:upload", args=["submission", submission.pk]),
                       {"category": category, "file": upload, "next": next_url})


@pytest.fixture
def wro_case(officer, importer_a):
    return noticed(officer=officer, basis="wro", importer=importer_a.organisation)


def test_editor_has_one_section_per_checklist_item_and_per_ilo_indicator_for_a_wro(client, importer_a, wro_case):
    client.force_login(importer_a)

    page = client.get(editor_url(wro_case)).content.decode()

    assert "Detailed statement tracing the goods" in page
    assert page.count('name="ilo__') == 11
    for indicator in IloIndicator:
        assert indicator.label in page
    assert "Certificate of origin signed by the foreign seller" in page


def test_editor_offers_both_uflpa_packages_and_no_ilo_sections(client, officer, importer_a):
    detention = noticed(officer=officer, basis="uflpa", importer=importer_a.organisation)
    client.force_login(importer_a)

    page = client.get(editor_url(detention)).content.decode()

    assert "UFLPA applicability review" in page and "UFLPA exception request" in page
    assert 'name="ilo__' not in page


def test_editor_for_caatsa_asks_for_clear_and_convincing_evidence(client, officer, importer_a):
    detention = noticed(officer=officer, basis="caatsa", importer=importer_a.organisation)
    client.force_login(importer_a)

    page = client.get(editor_url(detention)).content.decode()

    assert "Clear and convincing evidence that no North Korean nationals" in page


def test_saving_a_draft_keeps_the_statements(client, importer_a, wro_case):
    client.force_login(importer_a)

    response = client.post(editor_url(wro_case), full_post("certificate_and_statement"))

    draft = AdmissibilitySubmission.objects.get(detention=wro_case)
    assert response.status_code == 302
    assert draft.status == "draft"
    assert draft.summary == "Our gloves are made by paid, free workers."
    assert set(draft.ilo_statements) == set(IloIndicator.values) and all(draft.ilo_statements.values())
    page = client.get(editor_url(wro_case)).content.decode()
    assert "Our gloves are made by paid, free workers." in page


def test_saving_with_a_stale_version_is_refused_and_changes_nothing(client, importer_a, wro_case):
    client.force_login(importer_a)
    client.post(editor_url(wro_case), full_post("certificate_and_statement"))
    draft = AdmissibilitySubmission.objects.get(detention=wro_case)
    stale = {**full_post("certificate_and_statement", version=draft.version - 1), "summary": "Overwritten"}

    response = client.post(editor_url(wro_case), stale)

    draft.refresh_from_db()
    assert response.status_code == 200
    assert "changed since the page was loaded" in response.content.decode()
    assert draft.summary != "Overwritten"


def test_review_lists_what_is_still_missing(client, importer_a, wro_case):
    client.force_login(importer_a)
    client.post(editor_url(wro_case), {"package": "certificate_and_statement", "summary": "Started."})
    draft = AdmissibilitySubmission.objects.get(detention=wro_case)

    page = client.get(reverse("portal:submission_review", args=[draft.pk])).content.decode()

    assert "Still missing before you can submit" in page
    assert "Certificate of origin signed by the foreign seller or owner (19 CFR 12.43(a)) (attach a file)" in page
    assert "Statement on the ILO indicator" in page
    assert "Submit the package" not in page


def test_submitting_an_incomplete_package_is_refused_with_what_is_missing(client, importer_a, wro_case):
    client.force_login(importer_a)
    client.post(editor_url(wro_case), {"package": "certificate_and_statement", "summary": "Started."})
    draft = AdmissibilitySubmission.objects.get(detention=wro_case)

    response = client.post(reverse("portal:submission_submit", args=[draft.pk]),
                           {"version": draft.version, "confirm": "on"}, follow=True)

    draft.refresh_from_db()
    assert draft.status == "draft"
    assert "The package is incomplete. Still missing:" in response.content.decode()


def test_attached_files_are_listed_under_their_checklist_item(client, importer_a, wro_case):
    client.force_login(importer_a)
    client.post(editor_url(wro_case), full_post("certificate_and_statement"))
    draft = AdmissibilitySubmission.objects.get(detention=wro_case)

    response = attach(client, draft, "certificate_of_origin", name="certificate.pdf", next_url=editor_url(wro_case))

    assert response.status_code == 302 and response.url == editor_url(wro_case)
    page = client.get(editor_url(wro_case)).content.decode()
    assert "certificate.pdf" in page


def test_a_disallowed_file_is_refused_with_the_reason_and_the_draft_is_kept(client, importer_a, wro_case):
    client.force_login(importer_a)
    client.post(editor_url(wro_case), full_post("certificate_and_statement"))
    draft = AdmissibilitySubmission.objects.get(detention=wro_case)

    response = attach(client, draft, "audit_report", name="audit.exe", data=b"MZ\x90\x00" + b"\x00" * 200)

    assert response.status_code == 400
    assert "The file was not accepted" in response.content.decode()
    draft.refresh_from_db()
    assert draft.summary == "Our gloves are made by paid, free workers."
    assert draft.evidence_files.count() == 0


@pytest.fixture
def complete_package(client, importer_a, django_capture_on_commit_callbacks):
    def build(detention):
        client.post(editor_url(detention), full_post("certificate_and_statement"))
        draft = AdmissibilitySubmission.objects.get(detention=detention)
        for category in ("certificate_of_origin", "supply_chain_map", "audit_report"):
            with django_capture_on_commit_callbacks(execute=True):
                attach(client, draft, category, name=f"{category}.pdf")
        draft.refresh_from_db()
        return draft
    return build


def test_a_complete_package_is_submitted_and_shows_a_read_only_receipt(client, importer_a, wro_case, complete_package):
    client.force_login(importer_a)
    draft = complete_package(wro_case)
    assert "Every required part is present." in client.get(
        reverse("portal:submission_review", args=[draft.pk])).content.decode()

    response = client.post(reverse("portal:submission_submit", args=[draft.pk]),
                           {"version": draft.version, "confirm": "on"}, follow=True)

    draft.refresh_from_db()
    page = response.content.decode()
    assert draft.status == "submitted"
    assert draft.receipt_number in page
    assert "Receipt" in page
    assert '<textarea' not in page
    assert client.get(editor_url(wro_case)).url == reverse("portal:submission", args=[draft.pk])


def test_a_double_submit_files_one_package(client, importer_a, wro_case, complete_package):
    client.force_login(importer_a)
    draft = complete_package(wro_case)
    url = reverse("portal:submission_submit", args=[draft.pk])

    client.post(url, {"version": draft.version, "confirm": "on"})
    second = client.post(url, {"version": draft.version, "confirm": "on"}, follow=True)

    assert AdmissibilitySubmission.objects.filter(detention=wro_case).count() == 1
    assert AuditEvent.objects.filter(action="submit_submission").count() == 1
    draft.refresh_from_db()
    assert "already submitted" in second.content.decode()
    assert draft.receipt_number in second.content.decode()


def test_submitting_after_the_window_closed_says_when_it_closed(client, importer_a, wro_case, complete_package):
    client.force_login(importer_a)
    draft = complete_package(wro_case)
    window = Deadline.objects.get(detention=wro_case, kind="proof_of_admissibility")
    Deadline.objects.filter(pk=window.pk).update(state="lapsed")

    response = client.post(reverse("portal:submission_submit", args=[draft.pk]),
                           {"version": draft.version, "confirm": "on"}, follow=True)

    draft.refresh_from_db()
    assert draft.status == "draft"
    assert f"the window to submit closed on {window.due_date:%d %B %Y}" in response.content.decode()


def test_a_filed_package_can_be_withdrawn_before_review(client, importer_a, wro_case, complete_package):
    client.force_login(importer_a)
    draft = complete_package(wro_case)
    client.post(reverse("portal:submission_submit", args=[draft.pk]), {"version": draft.version, "confirm": "on"})
    draft.refresh_from_db()

    response = client.post(reverse("portal:submission_withdraw", args=[draft.pk]),
                           {"version": draft.version, "reason": "We will export instead."})

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.status == "withdrawn"


def test_withdrawing_with_a_stale_version_is_refused(client, importer_a, wro_case):
    client.force_login(importer_a)
    client.post(editor_url(wro_case), full_post("certificate_and_statement"))
    draft = AdmissibilitySubmission.objects.get(detention=wro_case)

    response = client.post(reverse("portal:submission_withdraw", args=[draft.pk]), {"version": draft.version - 1})

    draft.refresh_from_db()
    assert draft.status == "draft"
    assert "changed since the page was loaded" in response.content.decode()


def test_a_package_under_review_can_no_longer_be_withdrawn(client, officer, importer_a):
    submission = submitted(officer=officer, importer_user=importer_a)
    start_review(actor=officer, detention=submission.detention)
    submission.refresh_from_db()
    client.force_login(importer_a)

    page = client.get(reverse("portal:submission_withdraw", args=[submission.pk])).content.decode()
    client.post(reverse("portal:submission_withdraw", args=[submission.pk]), {"version": submission.version})

    submission.refresh_from_db()
    assert "can no longer be withdrawn" in page
    assert submission.status == "under_review"


def test_the_receipt_page_offers_withdrawal_only_before_review(client, officer, importer_a):
    submission = submitted(officer=officer, importer_user=importer_a)
    client.force_login(importer_a)
    assert "Withdraw this package" in client.get(reverse("portal:submission", args=[submission.pk])).content.decode()

    start_review(actor=officer, detention=submission.detention)

    assert "Withdraw this package" not in client.get(
        reverse("portal:submission", args=[submission.pk])).content.decode()


def test_the_service_and_the_review_page_agree_on_what_is_missing(client, importer_a, wro_case):
    client.force_login(importer_a)
    client.post(editor_url(wro_case), {"package": "certificate_and_statement"})
    draft = AdmissibilitySubmission.objects.get(detention=wro_case)

    page = client.get(reverse("portal:submission_review", args=[draft.pk])).content.decode()

    for part in submissions.submission_missing_parts(draft):
        assert part.replace("'", "&#x27;") in page


def test_an_importer_may_switch_a_uflpa_draft_to_the_exception_package(client, officer, importer_a):
    detention = noticed(officer=officer, basis="uflpa", importer=importer_a.organisation)
    client.force_login(importer_a)
    client.post(editor_url(detention), {"package": "uflpa_applicability", "summary": "First try."})
    draft = AdmissibilitySubmission.objects.get(detention=detention)

    client.post(editor_url(detention), {"package": "uflpa_exception", "summary": "First try.",
                                        "version": draft.version, "answer__due_diligence": "Audited yearly."})

    draft.refresh_from_db()
    assert draft.package == "uflpa_exception"
    assert draft.answers["due_diligence"] == "Audited yearly."
    assert "Complete answers to every inquiry made by the agency" in client.get(editor_url(detention)).content.decode()


def test_a_package_kind_that_does_not_fit_the_basis_is_refused(client, importer_a, wro_case):
    client.force_login(importer_a)

    response = client.post(editor_url(wro_case), {"package": "caatsa_evidence", "summary": "x"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not AdmissibilitySubmission.objects.filter(detention=wro_case).exists()


def test_two_tabs_starting_a_draft_make_one_draft_and_the_second_is_told_to_reload(client, importer_a, wro_case):
    client.force_login(importer_a)
    first_tab = full_post("certificate_and_statement")
    second_tab = {**full_post("certificate_and_statement"), "summary": "From the second tab"}

    client.post(editor_url(wro_case), first_tab)
    response = client.post(editor_url(wro_case), second_tab)

    assert AdmissibilitySubmission.objects.filter(detention=wro_case).count() == 1
    assert AdmissibilitySubmission.objects.get(detention=wro_case).summary != "From the second tab"
    assert "changed since the page was loaded" in response.content.decode()


def test_submitting_without_the_declaration_is_refused_and_files_nothing(client, importer_a, wro_case,
                                                                         complete_package):
    client.force_login(importer_a)
    draft = complete_package(wro_case)
    review_page = client.get(reverse("portal:submission_review", args=[draft.pk])).content.decode()

    response = client.post(reverse("portal:submission_submit", args=[draft.pk]), {"version": draft.version},
                           follow=True)

    assert 'name="confirm"' in review_page and "are true, correct and complete" in review_page
    draft.refresh_from_db()
    assert draft.status == "draft" and not draft.receipt_number
    assert "Tick the box to confirm before you submit the package." in response.content.decode()
    assert not AuditEvent.objects.filter(action="submit_submission").exists()


def test_attaching_a_file_saves_what_was_typed_first(client, importer_a, wro_case):
    client.force_login(importer_a)
    client.post(editor_url(wro_case), {"package": "certificate_and_statement", "summary": "First words."})
    draft = AdmissibilitySubmission.objects.get(detention=wro_case)

    response = client.post(editor_url(wro_case), {**full_post("certificate_and_statement", draft.version),
                                                  "summary": "Typed just before attaching.",
                                                  "next": "attach:certificate_of_origin"})

    draft.refresh_from_db()
    assert draft.summary == "Typed just before attaching."
    assert response.status_code == 302
    assert response.url.startswith(reverse("evidence:upload", args=["submission", draft.pk]))
    upload_page = client.get(response.url).content.decode()
    assert re.search(r'<option value="certificate_of_origin"[^>]*selected', upload_page)
