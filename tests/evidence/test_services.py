"""Intake by hash, versions, sealing, sharing and atomicity, through the real services."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import AuditEvent, Notification
from cases.services.submissions import attached_document_categories
from evidence import screening, services
from evidence.models import CustodyEvent, EvidenceFile
from evidence.queries import visible_evidence_files
from tests import factories
from tests.cases import helpers
from tests.evidence import support

pytestmark = pytest.mark.django_db


def intake(actor, target, data=support.PDF, name="audit.pdf", category="audit_report", **kw):
    return services.intake_file(actor=actor, target=target, uploaded_file=SimpleUploadedFile(name, data),
                                category=category, **kw)


def test_same_bytes_are_stored_once_but_each_upload_keeps_its_record(draft, importer_a, settings):
    first = intake(importer_a, draft, name="audit.pdf")
    second = intake(importer_a, draft, name="audit copy.pdf")
    assert first.pk != second.pk
    assert first.storage_key == second.storage_key
    assert second.original_filename == "audit copy.pdf"
    assert support.stored_blobs(settings) == [first.storage_key]


def test_storage_key_is_derived_from_the_hash_not_the_name(draft, importer_a):
    evidence_file = intake(importer_a, draft, name="a.pdf")
    assert evidence_file.storage_key == f"sha256/{evidence_file.sha256[:2]}/{evidence_file.sha256[2:4]}/" \
                                        f"{evidence_file.sha256}"


def test_a_correction_is_a_new_version_linked_to_the_old(draft, importer_a):
    original = intake(importer_a, draft, name="audit.pdf")
    corrected = intake(importer_a, draft, data=support.PDF + b"% corrected\n", name="audit v2.pdf",
                       replaces=original)
    original.refresh_from_db()
    assert corrected.replaces == original
    assert original.sha256 != corrected.sha256
    assert "Corrects file #" in corrected.custody_events.get(action="uploaded").detail


def test_a_version_can_be_corrected_only_once(draft, importer_a):
    original = intake(importer_a, draft)
    intake(importer_a, draft, data=support.PDF + b"%2\n", replaces=original)
    with pytest.raises(ValidationError, match="already corrected"):
        intake(importer_a, draft, data=support.PDF + b"%3\n", replaces=original)


def test_database_refuses_two_corrections_of_one_version(draft, importer_a):
    original = intake(importer_a, draft)
    intake(importer_a, draft, data=support.PDF + b"%2\n", replaces=original)
    second = EvidenceFile.objects.get(replaces=original)
    second.pk = None
    with pytest.raises(IntegrityError):
        second.save()


def test_a_correction_belongs_to_the_same_record(officer, importer_a, draft):
    original = intake(importer_a, draft)
    other_detention = helpers.noticed(officer=officer, basis="uflpa", importer=importer_a.organisation)
    with pytest.raises((ValidationError, ActionNotPermitted)):
        intake(officer, other_detention, data=support.PDF + b"%2\n", replaces=original)


def test_supervisor_seals_a_file_and_the_importer_no_longer_sees_it(draft, importer_a, supervisor):
    evidence_file = intake(importer_a, draft)
    services.seal_file(actor=supervisor, evidence_file=evidence_file, reason="Names an informant.")
    evidence_file.refresh_from_db()
    assert evidence_file.sealed and evidence_file.sealed_by == supervisor
    assert evidence_file.custody_events.filter(action="sealed", detail="Names an informant.").exists()
    assert AuditEvent.objects.filter(action="seal_evidence", object_id=str(evidence_file.pk)).exists()
    assert not visible_evidence_files(importer_a).filter(pk=evidence_file.pk).exists()


def test_officer_cannot_seal_a_file(draft, importer_a, officer):
    evidence_file = intake(importer_a, draft)
    with pytest.raises(ActionNotPermitted):
        services.seal_file(actor=officer, evidence_file=evidence_file, reason="x")


def test_sealing_needs_a_reason(draft, importer_a, supervisor):
    evidence_file = intake(importer_a, draft)
    with pytest.raises(ValidationError):
        services.seal_file(actor=supervisor, evidence_file=evidence_file, reason="  ")


def test_unsealing_is_logged(draft, importer_a, supervisor):
    evidence_file = intake(importer_a, draft)
    services.seal_file(actor=supervisor, evidence_file=evidence_file, reason="Informant.")
    services.unseal_file(actor=supervisor, evidence_file=evidence_file, reason="Informant consented.")
    evidence_file.refresh_from_db()
    assert not evidence_file.sealed
    assert list(evidence_file.custody_events.values_list("action", flat=True)) == ["uploaded", "sealed", "unsealed"]


def test_agency_file_is_hidden_from_the_importer_until_shared(officer, importer_a):
    detention = helpers.noticed(officer=officer, basis="uflpa", importer=importer_a.organisation)
    notice = intake(officer, detention, name="notice.pdf", category="notice")
    screening.scan_file(notice.pk)
    assert not visible_evidence_files(importer_a).filter(pk=notice.pk).exists()
    services.share_with_importer(actor=officer, evidence_file=notice)
    assert visible_evidence_files(importer_a).filter(pk=notice.pk).exists()
    assert notice.custody_events.filter(action="shared_with_importer").exists()
    assert Notification.objects.filter(recipient=importer_a, kind="evidence_shared").exists()


def test_a_file_waiting_for_its_scan_is_not_shared(officer, importer_a):
    detention = helpers.noticed(officer=officer, basis="uflpa", importer=importer_a.organisation)
    notice = intake(officer, detention, name="notice.pdf", category="notice")
    with pytest.raises(InvalidTransition, match="passed the malware scan"):
        services.share_with_importer(actor=officer, evidence_file=notice)


def test_investigation_evidence_is_never_shared(officer, importer_a):
    detention = helpers.noticed(officer=officer, basis="uflpa", importer=importer_a.organisation)
    evidence_file = intake(officer, detention, category="investigation_evidence")
    with pytest.raises(InvalidTransition, match="stays within the agency"):
        services.share_with_importer(actor=officer, evidence_file=evidence_file)


def test_importer_never_sees_staff_only_files_even_when_flagged(officer, importer_a):
    detention = helpers.noticed(officer=officer, basis="uflpa", importer=importer_a.organisation)
    evidence_file = intake(officer, detention, category="investigation_evidence")
    EvidenceFile.objects.filter(pk=evidence_file.pk).update(visible_to_importer=True)
    assert not visible_evidence_files(importer_a).filter(pk=evidence_file.pk).exists()


def test_agency_does_not_see_files_of_a_draft_package(draft, importer_a, officer):
    evidence_file = intake(importer_a, draft)
    assert not visible_evidence_files(officer).filter(pk=evidence_file.pk).exists()


def test_importer_answers_an_open_rfi_with_a_file(officer, importer_a):
    rfi = support.open_rfi(officer=officer, importer_user=importer_a)
    evidence_file = intake(importer_a, rfi, category="payroll_records")
    assert evidence_file.rfi == rfi
    assert evidence_file.case_detention == rfi.detention


def test_importer_cannot_attach_to_a_detention_directly(officer, importer_a):
    detention = helpers.noticed(officer=officer, basis="uflpa", importer=importer_a.organisation)
    with pytest.raises(ActionNotPermitted):
        intake(importer_a, detention)


def test_administrator_does_not_handle_case_files(admin_user):
    investigation = factories.InvestigationFactory()
    with pytest.raises(ActionNotPermitted):
        intake(admin_user, investigation)


def test_clean_files_count_toward_the_package_checklist(draft, importer_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        intake(importer_a, draft, category="supply_chain_map")
    assert attached_document_categories(draft) == {"supply_chain_map"}


def test_pending_files_do_not_count_toward_the_package_checklist(draft, importer_a):
    intake(importer_a, draft, category="supply_chain_map")
    assert attached_document_categories(draft) == set()


def test_failed_audit_write_leaves_no_row_and_no_bytes(draft, importer_a, settings, monkeypatch):
    def failing_record_event(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr("evidence.services.record_event", failing_record_event)
    with pytest.raises(RuntimeError):
        intake(importer_a, draft)
    assert support.uploads().count() == 0
    assert CustodyEvent.objects.filter(file__in=support.uploads()).count() == 0
    assert support.stored_blobs(settings) == []


def test_custody_events_cannot_be_changed_or_deleted(draft, importer_a):
    event = intake(importer_a, draft).custody_events.first()
    event.detail = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        CustodyEvent.objects.filter(pk=event.pk).update(detail="rewritten")
    with pytest.raises(PermissionError):
        CustodyEvent.objects.filter(pk=event.pk).delete()


def test_a_file_belongs_to_exactly_one_case_object(draft, importer_a, officer):
    evidence_file = intake(importer_a, draft)
    evidence_file.pk = None
    evidence_file.investigation = factories.InvestigationFactory()
    with pytest.raises(IntegrityError):
        evidence_file.save()
