"""An officer uploads an entries file in a real browser, watches its progress bar reach the end and
downloads the report of refused rows; the bar follows a running import by polling the job."""

import csv
import io

import pytest
from playwright.sync_api import expect

from cases.models import ImportJob, Shipment
from tests import factories
from tests.intake import support

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _import_root(settings, tmp_path):
    settings.ENTRY_IMPORT_ROOT = tmp_path / "entry-imports"


def sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_officer_uploads_an_entries_file_watches_its_progress_bar_and_downloads_the_refused_rows(
        live_server, page, camera, tmp_path):
    officer = factories.UserFactory(role="officer", username="ruiz", first_name="Ana", last_name="Ruiz")
    factories.ImporterOrganisationFactory(importer_number="12-345678900", name="Alpha Imports LLC")
    rows = [support.row("AAA-0000001-1", line=1), support.row("AAA-0000001-1", line=2, hts_code="6307.90.9845"),
            support.row("BBB-0000002-2", line=1, country_of_origin="XX"),
            support.row("CCC-0000003-3", line=1, manufacturer_name='=HYPERLINK("http://x.example","y")'),
            support.row("DDD-0000004-4", line=1)]
    entries_file = tmp_path / "entries.csv"
    entries_file.write_bytes(support.csv_bytes(rows))

    sign_in(page, live_server, officer)
    page.get_by_role("link", name="Entries").click()
    expect(page.get_by_role("heading", name="Entries", level=1)).to_be_visible()
    page.locator("#entries-file").set_input_files(str(entries_file))
    camera.shot("entries-upload")
    page.get_by_role("button", name="Upload and import").click()

    expect(page.get_by_role("heading", name="Import of “entries.csv”")).to_be_visible()
    bar = page.get_by_role("progressbar")
    expect(bar).to_have_attribute("value", "100")
    expect(page.get_by_test_id("rows-done")).to_have_text("5")
    expect(page.get_by_test_id("error-count")).to_have_text("2")
    expect(page.get_by_text("Entries stored: 2 new")).to_be_visible()
    camera.shot("entries-import-done")
    assert set(Shipment.objects.values_list("entry_number", flat=True)) == {"AAA-0000001-1", "DDD-0000004-4"}

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the refused rows (CSV)").click()
    report = list(csv.reader(io.StringIO(pathlib_text(download.value.path()))))
    assert [row[:3] for row in report[1:]] == [["4", "BBB-0000002-2", "1"], ["5", "CCC-0000003-3", "1"]]
    assert "ISO 3166" in report[1][3] and "spreadsheet formula" in report[2][3]

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.get_by_role("progressbar")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    camera.shot("entries-import-390")


def test_the_progress_bar_follows_a_running_import_by_polling(live_server, page, camera):
    officer = factories.UserFactory(role="officer", username="ruiz", first_name="Ana", last_name="Ruiz")
    job = ImportJob.objects.create(created_by=officer, original_filename="big.csv", file_format="csv",
                                   stored_path="/nonexistent", rows_total=1000, rows_done=250, status="running")
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/entries/imports/{job.pk}/")
    bar = page.get_by_role("progressbar")
    expect(bar).to_have_attribute("value", "25")
    ImportJob.objects.filter(pk=job.pk).update(rows_done=600, error_count=3)
    expect(bar).to_have_attribute("value", "60")  # no reload: the fragment polls the job every second
    expect(page.get_by_test_id("error-count")).to_have_text("3")
    ImportJob.objects.filter(pk=job.pk).update(rows_done=1000, status="done")
    expect(bar).to_have_attribute("value", "100")
    expect(page.get_by_text("Done: the whole file was read")).to_be_visible()
    camera.shot("entries-import-polled")


def pathlib_text(path) -> str:
    with open(path, encoding="utf-8-sig") as handle:
        return handle.read()
