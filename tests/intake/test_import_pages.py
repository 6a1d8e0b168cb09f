"""Officers upload entry files in the browser, follow the import's progress and download refused rows."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import AuditEvent, ImportJob, Shipment
from tests import factories
from tests.intake import support

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _import_root(settings, tmp_path):
    settings.ENTRY_IMPORT_ROOT = tmp_path / "entry-imports"


def upload(client, name, data, capture):
    with capture(execute=True):
        return client.post(reverse("entry-import-upload"), {"file": SimpleUploadedFile(name, data)})


def test_officer_uploads_a_csv_and_the_job_imports_it_reporting_refused_rows(
        client, officer, importer_org, django_capture_on_commit_callbacks):
    client.force_login(officer)
    rows = [support.row("AAA-0000001-1", line=1), support.row("AAA-0000001-2", line=1, country_of_origin="XX"),
            support.row("AAA-0000001-3", line=1, manufacturer_name="=HYPERLINK(\"http://x.example\",\"y\")")]
    response = upload(client, "entries.csv", support.csv_bytes(rows), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("entry-import", args=[job.pk])
    assert (job.status, job.rows_total, job.rows_done, job.error_count) == ("done", 3, 3, 2)
    assert (job.entries_created, job.lines_created) == (1, 1)
    assert list(Shipment.objects.values_list("entry_number", flat=True)) == ["AAA-0000001-1"]
    assert AuditEvent.objects.filter(action="upload_entries_file", object_id=str(job.pk)).exists()
    page = client.get(reverse("entry-import", args=[job.pk])).content.decode()
    assert 'value="100"' in page and "Download the refused rows" in page
    report = client.get(reverse("entry-import-errors", args=[job.pk]))
    table = list(csv.reader(io.StringIO(b"".join(report.streaming_content).decode("utf-8-sig"))))
    assert table[0] == ["File row", "Entry number", "Line number", "Why it was refused"]
    assert [r[:3] for r in table[1:]] == [["3", "AAA-0000001-2", "1"], ["4", "AAA-0000001-3", "1"]]
    assert "ISO 3166" in table[1][3]
    # The refused formula is quoted back in the reason; the report neutralises nothing it need not,
    # but no cell of it starts like a formula.
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in table for cell in r)


def test_progress_fragment_polls_while_the_job_runs_and_stops_when_done(client, officer):
    client.force_login(officer)
    job = ImportJob.objects.create(created_by=officer, original_filename="big.csv", file_format="csv",
                                   stored_path="/nonexistent", rows_total=200, rows_done=50, status="running")
    fragment = client.get(reverse("entry-import-progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in fragment and 'value="25"' in fragment and "50</span> of 200" in fragment
    ImportJob.objects.filter(pk=job.pk).update(status="done", rows_done=200)
    fragment = client.get(reverse("entry-import-progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in fragment and 'value="100"' in fragment


def test_reuploading_the_same_file_changes_nothing(client, officer, importer_org, django_capture_on_commit_callbacks):
    client.force_login(officer)
    data = support.csv_bytes([support.row(line=1), support.row(line=2)])
    upload(client, "entries.csv", data, django_capture_on_commit_callbacks)
    upload(client, "entries.csv", data, django_capture_on_commit_callbacks)
    second = ImportJob.objects.order_by("pk").last()
    assert (second.entries_created, second.lines_created, second.entries_unchanged, second.lines_unchanged) == (
        0, 0, 1, 2)
    assert Shipment.objects.get().lines.count() == 2


def test_a_file_over_the_size_limit_is_refused_with_413_and_nothing_kept(client, officer, settings):
    settings.ENTRY_IMPORT_MAX_UPLOAD_BYTES = 4096
    client.force_login(officer)
    response = client.post(reverse("entry-import-upload"),
                           {"file": SimpleUploadedFile("big.csv", b"x" * 10_000)})
    assert response.status_code == 413
    assert "larger than 4,096 bytes" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_that_is_neither_csv_nor_json_lines_is_refused(client, officer):
    client.force_login(officer)
    response = client.post(reverse("entry-import-upload"), {"file": SimpleUploadedFile("entries.xlsx", b"PK..")})
    assert response.status_code == 400 and ".jsonl" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_with_missing_columns_fails_with_the_reason(client, officer, django_capture_on_commit_callbacks):
    client.force_login(officer)
    upload(client, "entries.csv", b"entry_number,hts_code\nABC-1234567-8,4015.19.0510\n",
           django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert job.status == "failed" and "lacks the columns" in job.failure
    assert "lacks the columns" in client.get(reverse("entry-import", args=[job.pk])).content.decode()


def test_importers_and_other_officers_cannot_see_an_import(client, officer, officer2, importer_a):
    job = ImportJob.objects.create(created_by=officer, original_filename="a.csv", file_format="csv",
                                   stored_path="/nonexistent")
    for person in (officer2, importer_a):
        client.force_login(person)
        for name in ("entry-import", "entry-import-progress", "entry-import-errors"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404
    client.force_login(importer_a)
    assert client.post(reverse("entry-import-upload"), {"file": SimpleUploadedFile("a.csv", b"x")}).status_code == 404


def test_supervisor_sees_every_import(client, officer, supervisor):
    job = ImportJob.objects.create(created_by=officer, original_filename="a.csv", file_format="csv",
                                   stored_path="/nonexistent")
    client.force_login(supervisor)
    assert client.get(reverse("entry-import", args=[job.pk])).status_code == 200


def test_officer_registers_an_entry_with_two_lines_in_the_form(client, officer, importer_org):
    client.force_login(officer)
    assert client.get(reverse("entry-register") + "?lines=2").status_code == 200
    data = {"entry_number": "ABC-1234567-8", "entry_type": "01", "importer_number": "12-345678900",
            "port_code": "1001", "importation_date": support.IMPORTED.isoformat(), "presentation_date": "",
            "lines-TOTAL_FORMS": "2", "lines-INITIAL_FORMS": "0", "lines-MIN_NUM_FORMS": "1",
            "lines-MAX_NUM_FORMS": "999"}
    for index, hts in enumerate(["4015.19.0510", "6307.90.9845"]):
        for key, value in support.row(line=index + 1, hts_code=hts).items():
            if key in ("hts_code", "description", "country_of_origin", "quantity", "quantity_unit", "value",
                       "currency", "manufacturer_id", "manufacturer_name", "manufacturer_address"):
                data[f"lines-{index}-{key}"] = value
    response = client.post(reverse("entry-register"), data)
    shipment = Shipment.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("entry", args=[shipment.pk])
    assert list(shipment.lines.values_list("line_number", "hts_code")) == [(1, "4015.19.0510"), (2, "6307.90.9845")]
    page = client.get(reverse("entry", args=[shipment.pk])).content.decode()
    assert "6307.90.9845" in page and "Example Glove Sdn. Bhd." in page
    data["entry_number"] = "ABD-1234567-8"
    data["lines-1-country_of_origin"] = "QQ"
    response = client.post(reverse("entry-register"), data)
    assert response.status_code == 400 and "ISO 3166" in response.content.decode()
    assert Shipment.objects.count() == 1


def test_an_importer_cannot_open_another_importers_entry(client, importer_a):
    other = factories.ShipmentFactory()
    client.force_login(importer_a)
    assert client.get(reverse("entry", args=[other.pk])).status_code == 404
    assert client.get(reverse("entry-register")).status_code == 404


def test_entries_page_lists_recent_imports_in_bounded_queries(client, officer, django_assert_max_num_queries):
    for n in range(15):
        ImportJob.objects.create(created_by=officer, original_filename=f"f{n}.csv", file_format="csv",
                                 stored_path="/x")
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("entry-imports"))
    assert response.status_code == 200 and "f14.csv" in response.content.decode()
