"""`manage.py verify_evidence` re-hashes stored bytes and fails on any change or loss."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, ManagementUtility, call_command

from cases.models import Notification
from evidence import services, tasks
from tests.evidence import support

pytestmark = pytest.mark.django_db


def stored(importer, target, data=support.PDF, name="audit.pdf"):
    return services.intake_file(actor=importer, target=target, uploaded_file=SimpleUploadedFile(name, data),
                                category="audit_report")


def run_verify():
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_evidence", stdout=out, stderr=err)
    except CommandError as error:
        return False, out.getvalue(), err.getvalue() + str(error)
    return True, out.getvalue(), err.getvalue()


def test_intact_files_verify_and_each_gets_a_custody_event(draft, importer_a):
    first = stored(importer_a, draft)
    second = stored(importer_a, draft, name="copy.pdf")
    ok, out, _ = run_verify()
    assert ok
    assert "All 3 evidence files verified intact" in out  # the two uploads and the case's notice of detention
    for evidence_file in (first, second):
        assert evidence_file.custody_events.filter(action="re_verified", detail__startswith="Intact").exists()


def test_modified_bytes_are_reported_and_fail_the_command(draft, importer_a, evidence_storage):
    evidence_file = stored(importer_a, draft)
    with open(os.path.join(evidence_storage, evidence_file.storage_key), "ab") as blob:
        blob.write(b"tampered")
    ok, _, err = run_verify()
    assert not ok
    assert f"evidence file #{evidence_file.pk}" in err
    assert "MODIFIED" in err
    assert "1 of 2 evidence files failed verification" in err  # the notice of detention is intact
    assert evidence_file.custody_events.filter(action="re_verified", detail__startswith="MODIFIED").exists()


def test_missing_bytes_are_reported_for_every_record_of_them(draft, importer_a, evidence_storage):
    first = stored(importer_a, draft)
    second = stored(importer_a, draft, name="copy.pdf")
    os.remove(os.path.join(evidence_storage, first.storage_key))
    ok, _, err = run_verify()
    assert not ok
    assert f"evidence file #{first.pk}" in err and f"evidence file #{second.pk}" in err
    assert err.count("MISSING") == 2


def test_the_command_returns_a_non_zero_exit_status(draft, importer_a, evidence_storage):
    evidence_file = stored(importer_a, draft)
    os.remove(os.path.join(evidence_storage, evidence_file.storage_key))
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "verify_evidence"]).execute()
    assert exited.value.code != 0


def test_weekly_task_tells_supervisors_of_missing_files(draft, importer_a, supervisor, evidence_storage):
    evidence_file = stored(importer_a, draft)
    os.remove(os.path.join(evidence_storage, evidence_file.storage_key))
    assert tasks.verify_evidence.apply().get() == 1
    notice = Notification.objects.get(recipient=supervisor, kind="evidence_integrity")
    assert f"evidence file #{evidence_file.pk}" in notice.body


def test_weekly_task_is_quiet_when_everything_is_intact(draft, importer_a, supervisor):
    stored(importer_a, draft)
    assert tasks.verify_evidence.apply().get() == 0
    assert not Notification.objects.filter(kind="evidence_integrity").exists()
