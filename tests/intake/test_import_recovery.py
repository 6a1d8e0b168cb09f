"""An import is not lost when its task is dropped or its worker dies, and uploaded files do not pile up."""

import datetime
import os
import time
from unittest import mock

import pytest
from django.utils import timezone

from cases.models import AuditEvent, EntryLine, ImportJob, ImportJobError, Shipment
from cases.services import imports
from tests.intake import support

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _import_root(settings, tmp_path):
    settings.ENTRY_IMPORT_ROOT = tmp_path / "entry-imports"
    settings.ENTRY_IMPORT_STALL_MINUTES = 10
    settings.ENTRY_IMPORT_MAX_ATTEMPTS = 3


def _job(officer, rows, **fields):
    path = imports.import_dir() / f"{len(os.listdir(imports.import_dir()))}.csv"
    path.write_bytes(support.csv_bytes(rows))
    return ImportJob.objects.create(created_by=officer, original_filename="entries.csv", file_format="csv",
                                    stored_path=str(path), rows_total=len(rows), **fields)


def _minutes_ago(n):
    return timezone.now() - datetime.timedelta(minutes=n)


@pytest.fixture
def enqueued():
    with mock.patch.object(imports, "_enqueue") as fake:
        yield fake


def test_a_job_whose_worker_stopped_is_queued_again_and_its_second_run_stores_each_line_once(
        officer, importer_org, enqueued, django_capture_on_commit_callbacks):
    rows = [support.row("AAA-0000001-1", line=1), support.row("AAA-0000001-1", line=2),
            support.row("AAA-0000002-9", line=1, country_of_origin="XX")]
    job = _job(officer, rows, status="queued", queued_at=timezone.now())
    # The first worker imports everything, then dies before marking the job done: the job stays running
    # with the heartbeat of its last batch.
    assert imports.run_import(job.pk) == "done"
    ImportJob.objects.filter(pk=job.pk).update(status="running", heartbeat_at=_minutes_ago(11), finished_at=None,
                                               file_removed_at=None)
    job.refresh_from_db()
    with open(job.stored_path, "wb") as still_there:  # the file is still on disk when a worker dies
        still_there.write(support.csv_bytes(rows))

    with django_capture_on_commit_callbacks(execute=True):
        report = imports.recover_imports()
    assert report["restarted"] == 1
    enqueued.assert_called_once_with(job.pk)
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.error_count) == ("queued", 0, 0)
    assert not ImportJobError.objects.filter(job=job).exists()
    event = AuditEvent.objects.get(action="restart_stalled_import", object_id=str(job.pk))
    assert "worker stopped" in event.reason

    assert imports.run_import(job.pk) == "done"
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error_count) == ("done", 2, 1)
    assert (job.entries_created, job.entries_unchanged, job.lines_unchanged) == (0, 1, 2)
    assert Shipment.objects.filter(entry_number="AAA-0000001-1").count() == 1
    assert EntryLine.objects.filter(shipment__entry_number="AAA-0000001-1").count() == 2
    assert ImportJobError.objects.filter(job=job).count() == 1


def test_a_running_job_that_still_beats_is_left_alone(officer, enqueued):
    job = _job(officer, [support.row("AAA-0000001-1", line=1)], status="running", heartbeat_at=_minutes_ago(9),
               attempts=1)
    assert imports.recover_imports()["restarted"] == 0
    job.refresh_from_db()
    assert job.status == "running"
    enqueued.assert_not_called()


def test_a_job_queued_while_redis_was_down_is_queued_again_once_per_stall_period(
        officer, enqueued, django_capture_on_commit_callbacks):
    lost = _job(officer, [support.row("AAA-0000001-1", line=1)], status="queued", queued_at=_minutes_ago(11))
    waiting = _job(officer, [support.row("AAA-0000002-9", line=1)], status="queued", queued_at=_minutes_ago(2))
    with django_capture_on_commit_callbacks(execute=True):
        assert imports.recover_imports()["requeued"] == 1
    enqueued.assert_called_once_with(lost.pk)
    # Queued again just now: the next run leaves it to the queue.
    with django_capture_on_commit_callbacks(execute=True):
        assert imports.recover_imports()["requeued"] == 0
    enqueued.assert_called_once_with(lost.pk)
    lost.refresh_from_db()
    waiting.refresh_from_db()
    assert (lost.status, waiting.status) == ("queued", "queued")


def test_after_three_starts_the_job_fails_with_a_reason_and_its_file_is_deleted(
        officer, enqueued, django_capture_on_commit_callbacks):
    job = _job(officer, [support.row("AAA-0000001-1", line=1)], status="running", heartbeat_at=_minutes_ago(30),
               attempts=3)
    with django_capture_on_commit_callbacks(execute=True):
        assert imports.recover_imports()["failed"] == 1
    job.refresh_from_db()
    assert job.status == "failed" and "stopped 3 times" in job.failure and job.finished_at
    assert not os.path.exists(job.stored_path) and job.file_removed_at
    assert AuditEvent.objects.filter(action="fail_stalled_import", object_id=str(job.pk)).exists()
    enqueued.assert_not_called()


def test_a_finished_import_deletes_its_uploaded_file(officer, importer_org):
    job = _job(officer, [support.row("AAA-0000001-1", line=1)], status="queued")
    assert os.path.exists(job.stored_path)
    imports.run_import(job.pk)
    job.refresh_from_db()
    assert not os.path.exists(job.stored_path) and job.file_removed_at is not None


def test_a_file_refused_as_a_whole_is_deleted_too(officer):
    path = imports.import_dir() / "bad.csv"
    path.write_bytes(b"not,the,columns\n1,2,3\n")
    job = ImportJob.objects.create(created_by=officer, original_filename="bad.csv", file_format="csv",
                                   stored_path=str(path), status="queued")
    assert imports.run_import(job.pk) == "failed"
    assert not path.exists()


def test_leftover_files_are_removed_but_files_of_waiting_jobs_are_kept(officer, enqueued):
    waiting = _job(officer, [support.row("AAA-0000001-1", line=1)], status="queued", queued_at=timezone.now())
    ended = _job(officer, [support.row("AAA-0000002-9", line=1)], status="done")
    orphan = imports.import_dir() / "rolled-back.csv"
    orphan.write_bytes(b"x")
    fresh_orphan = imports.import_dir() / "being-uploaded.csv"
    fresh_orphan.write_bytes(b"x")
    two_days_ago = time.time() - 2 * 86400
    for path in (orphan, waiting.stored_path):
        os.utime(path, (two_days_ago, two_days_ago))

    assert imports.recover_imports()["files_removed"] == 2
    assert os.path.exists(waiting.stored_path) and fresh_orphan.exists()
    assert not orphan.exists() and not os.path.exists(ended.stored_path)
