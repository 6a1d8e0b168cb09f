"""manage.py import_entries: the same intake from a terminal, with a progress bar and an error report."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from cases.models import Shipment
from tests.intake import support

pytestmark = pytest.mark.django_db


def test_command_imports_a_csv_writes_refused_rows_and_shows_progress(tmp_path, officer, importer_org):
    path = tmp_path / "entries.csv"
    path.write_bytes(support.csv_bytes([support.row("AAA-0000001-1"), support.row("AAA-0000001-2", hts_code="12")]))
    errors = tmp_path / "refused.csv"
    out, err = io.StringIO(), io.StringIO()
    call_command("import_entries", str(path), "--as", "officer", "--errors", str(errors), stdout=out, stderr=err)
    assert "Entries: 1 new" in out.getvalue() and "Rows refused: 1" in out.getvalue()
    assert "Importing" in err.getvalue() and "100%" in err.getvalue()
    rows = list(csv.reader(errors.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[1][:3] == ["3", "AAA-0000001-2", "1"] and "10-digit HTSUS" in rows[1][3]
    call_command("import_entries", str(path), "--as", "officer", "--no-progress", stdout=out, stderr=err)
    assert Shipment.objects.count() == 1 and "1 unchanged" in out.getvalue()


def test_command_refuses_a_file_without_the_columns(tmp_path, officer):
    path = tmp_path / "entries.jsonl"
    path.write_bytes(b'{"entry_number": "ABC-1234567-8"}\n')
    out = io.StringIO()
    call_command("import_entries", str(path), "--as", "officer", "--no-progress", stdout=out, stderr=io.StringIO())
    assert "1 refused" in out.getvalue()
    bad = tmp_path / "entries.csv"
    bad.write_bytes(b"a,b\n1,2\n")
    with pytest.raises(CommandError, match="lacks the columns"):
        call_command("import_entries", str(bad), "--as", "officer", "--no-progress", stdout=out, stderr=out)


def test_command_refuses_an_importer_account(tmp_path, importer_a):
    path = tmp_path / "entries.csv"
    path.write_bytes(support.csv_bytes([support.row()]))
    with pytest.raises(CommandError, match="may not register entries"):
        call_command("import_entries", str(path), "--as", importer_a.username, "--no-progress",
                     stdout=io.StringIO(), stderr=io.StringIO())
