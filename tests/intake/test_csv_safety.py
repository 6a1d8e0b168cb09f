"""Formula-looking cells are neutralised in every CSV the system writes (OWASP CSV injection)."""

import csv
import io

import pytest
from django.urls import reverse

from cases.csv_safety import neutralise
from tests.cases import helpers


@pytest.mark.parametrize(("cell", "written"), [
    ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
    ("+1+1", "'+1+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"),
    ("Top Glove", "Top Glove"), ("", ""), (-5, -5), (None, None),
])
def test_neutralise_prefixes_an_apostrophe_to_formula_text_only(cell, written):
    assert neutralise(cell) == written


@pytest.mark.django_db
def test_queue_export_neutralises_a_producer_name_that_looks_like_a_formula(client, officer):
    detention = helpers.detained(officer=officer, basis="uflpa")
    producer = detention.shipment.producer
    producer.name = '=HYPERLINK("http://evil.example","click")'
    producer.save()
    client.force_login(officer)
    body = b"".join(client.get(reverse("queue-export"), {"tab": "all"}).streaming_content).decode()
    row = list(csv.reader(io.StringIO(body)))[1]
    assert row[2] == '\'=HYPERLINK("http://evil.example","click")'


@pytest.mark.django_db
def test_import_error_report_neutralises_an_entry_number_that_looks_like_a_formula(client, officer, settings, tmp_path):
    from cases.models import ImportJob, ImportJobError

    job = ImportJob.objects.create(created_by=officer, original_filename="a.csv", file_format="csv", stored_path="/x")
    ImportJobError.objects.create(job=job, row=2, entry_number="=1+2", line_number="@1", message="-bad")
    client.force_login(officer)
    body = b"".join(client.get(reverse("entry-import-errors", args=[job.pk])).streaming_content).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(body)))[1] == ["2", "'=1+2", "'@1", "'-bad"]


