"""The scanner client against a stand-in clamd socket (the external boundary), and the scan service."""

import datetime
import io
import shutil
import socket
import struct
import tempfile
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.errors import InvalidTransition
from cases.models import Notification
from evidence import screening, services, tasks
from evidence.scanning import ClamdScanner, parse_reply
from evidence.services import intake_file
from tests.cases import helpers
from tests.evidence import support


class StandInClamd:
    """Accepts one INSTREAM, reads up to `read_limit` bytes of chunks, then answers `reply` and closes."""

    def __init__(self, path, reply: bytes, read_limit: int | None = None):
        self.path = str(path)
        self.reply = reply
        self.read_limit = read_limit
        self.received = 0
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(self.path)
        self.server.listen(1)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        conn, _ = self.server.accept()
        with conn:
            command = conn.recv(len(b"zINSTREAM\0"))
            assert command == b"zINSTREAM\0"
            while True:
                header = conn.recv(4, socket.MSG_WAITALL)
                (length,) = struct.unpack("!I", header)
                if length == 0:
                    break
                remaining = length
                while remaining:
                    remaining -= len(conn.recv(min(remaining, 65536)))
                self.received += length
                if self.read_limit is not None and self.received >= self.read_limit:
                    break
            conn.sendall(self.reply)
        self.server.close()


@pytest.fixture
def socket_path():
    # Unix socket paths are limited to about 107 bytes; pytest's tmp_path can be longer.
    directory = tempfile.mkdtemp(prefix="clamd-")
    yield f"{directory}/s"
    shutil.rmtree(directory, ignore_errors=True)


def test_clean_reply_is_clean():
    assert parse_reply("stream: OK").verdict == "clean"


def test_found_reply_names_the_signature():
    result = parse_reply("stream: Win.Test.EICAR_HDB-1 FOUND")
    assert result.verdict == "infected"
    assert "Win.Test.EICAR_HDB-1" in result.detail


def test_scanner_reads_a_found_reply_from_the_socket(socket_path):
    StandInClamd(socket_path, b"stream: Test.EICAR.NDB.UNOFFICIAL FOUND\0")
    result = ClamdScanner(socket_path, timeout=5).scan(io.BytesIO(support.eicar()))
    assert result.verdict == "infected"
    assert "Test.EICAR.NDB.UNOFFICIAL" in result.detail


def test_size_limit_reply_mid_stream_is_an_error_not_clean(socket_path):
    clamd = StandInClamd(socket_path, b"INSTREAM size limit exceeded. ERROR\0", read_limit=64 * 1024)
    result = ClamdScanner(socket_path, timeout=5).scan(io.BytesIO(b"x" * (8 * 1024 * 1024)))
    assert result.verdict == "error"
    assert "larger than the scanner accepts" in result.detail
    assert clamd.received < 8 * 1024 * 1024


def test_unreachable_scanner_is_an_error(tmp_path):
    result = ClamdScanner(str(tmp_path / "absent.sock"), timeout=1).scan(io.BytesIO(b"x"))
    assert result.verdict == "error"
    assert "could not be reached" in result.detail


@pytest.mark.django_db
def test_a_file_is_scanned_once_however_often_the_task_runs(draft, importer_a, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # enqueue goes to the in-memory broker; scan by hand below
    evidence_file = intake_file(actor=importer_a, target=draft, category="audit_report",
                                uploaded_file=SimpleUploadedFile("a.pdf", support.PDF))
    assert screening.scan_file(evidence_file.pk) is not None
    assert screening.scan_file(evidence_file.pk) is None
    assert evidence_file.custody_events.filter(action="scanned").count() == 1


@pytest.mark.django_db
def test_scanner_outage_releases_the_claim_for_a_retry(draft, importer_a, settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.EVIDENCE_SCANNER = "clamav"
    settings.EVIDENCE_CLAMD_SOCKET = str(tmp_path / "absent.sock")
    evidence_file = intake_file(actor=importer_a, target=draft, category="audit_report",
                                uploaded_file=SimpleUploadedFile("a.pdf", support.PDF))
    assert screening.scan_file(evidence_file.pk, final_attempt=False) is None
    evidence_file.refresh_from_db()
    assert (evidence_file.scan_status, evidence_file.scan_claimed_at) == ("pending", None)
    assert screening.scan_file(evidence_file.pk, final_attempt=True).scan_status == "error"


@pytest.mark.django_db
def test_infected_file_is_quarantined_and_the_uploader_told(draft, importer_a, infected_scanner, settings,
                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        evidence_file = intake_file(actor=importer_a, target=draft, category="audit_report",
                                    uploaded_file=SimpleUploadedFile("audit.txt", support.eicar()))
    evidence_file.refresh_from_db()
    assert evidence_file.scan_status == "infected"
    assert evidence_file.storage_key == f"quarantine/{evidence_file.sha256}"
    assert support.stored_blobs(settings) == [evidence_file.storage_key]
    assert list(evidence_file.custody_events.values_list("action", flat=True)) == [
        "uploaded", "scanned", "quarantined"]
    notice = Notification.objects.get(recipient=importer_a, kind="evidence_quarantined")
    assert "audit.txt" in notice.subject
    assert "upload a clean copy" in notice.body


@pytest.mark.django_db
def test_same_bytes_uploaded_again_after_quarantine_are_refused(draft, importer_a, infected_scanner,
                                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        intake_file(actor=importer_a, target=draft, category="audit_report",
                    uploaded_file=SimpleUploadedFile("audit.txt", support.eicar()))
    with pytest.raises(ValidationError, match="already found to contain malware"):
        intake_file(actor=importer_a, target=draft, category="audit_report",
                    uploaded_file=SimpleUploadedFile("again.txt", support.eicar()))
    assert support.uploads().count() == 1


@pytest.mark.django_db
def test_pending_scans_older_than_the_lease_are_run_again(draft, importer_a, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    evidence_file = intake_file(actor=importer_a, target=draft, category="audit_report",
                                uploaded_file=SimpleUploadedFile("a.pdf", support.PDF))
    assert screening.requeue_stale_scans() == []
    settings.CELERY_TASK_ALWAYS_EAGER = True
    requeued = screening.requeue_stale_scans(older_than=datetime.timedelta(0))
    # The draft's case also holds its notice of detention, whose scan waits the same way.
    assert [pk for pk in requeued if support.uploads().filter(pk=pk).exists()] == [evidence_file.pk]
    evidence_file.refresh_from_db()
    assert evidence_file.scan_status == "clean"


@pytest.mark.django_db
def test_scan_task_records_the_verdict(draft, importer_a, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    evidence_file = intake_file(actor=importer_a, target=draft, category="audit_report",
                                uploaded_file=SimpleUploadedFile("a.pdf", support.PDF))
    assert tasks.scan_file.apply(args=[evidence_file.pk]).get() == "clean"
    assert tasks.scan_file.apply(args=[evidence_file.pk]).get() is None


@pytest.mark.django_db
def test_a_failed_scan_is_run_again_on_an_officers_request(draft, importer_a, officer, settings, tmp_path,
                                                           django_capture_on_commit_callbacks):
    settings.EVIDENCE_SCANNER = "clamav"
    settings.EVIDENCE_CLAMD_SOCKET = str(tmp_path / "absent.sock")
    submission = helpers.submitted(officer=officer, importer_user=importer_a)
    with django_capture_on_commit_callbacks(execute=True):
        evidence_file = intake_file(actor=officer, target=submission, category="translation",
                                    uploaded_file=SimpleUploadedFile("t.pdf", support.PDF))
    evidence_file.refresh_from_db()
    assert evidence_file.scan_status == "error"
    settings.EVIDENCE_SCANNER = "none"
    with django_capture_on_commit_callbacks(execute=True):
        services.rescan_file(actor=officer, evidence_file=evidence_file)
    evidence_file.refresh_from_db()
    assert evidence_file.scan_status == "clean"
    assert evidence_file.custody_events.filter(action="scanned").count() == 2


@pytest.mark.django_db
def test_only_a_failed_scan_is_run_again(draft, importer_a, officer):
    submission = helpers.submitted(officer=officer, importer_user=importer_a)
    evidence_file = intake_file(actor=officer, target=submission, category="translation",
                                uploaded_file=SimpleUploadedFile("t.pdf", support.PDF))
    with pytest.raises(InvalidTransition):
        services.rescan_file(actor=officer, evidence_file=evidence_file)
