"""The importer's journey in the browser: answer a detention with a package of two files."""

import re

import pytest
from playwright.sync_api import expect

from cases.models import AdmissibilitySubmission, Role
from tests import factories
from tests.cases import helpers

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_importer_builds_a_package_with_two_files_submits_it_and_the_officer_finds_it(
        live_server, page, camera, isolated_evidence_storage, tmp_path):
    officer = factories.UserFactory(role=Role.OFFICER, username="ruiz", first_name="Ana", last_name="Ruiz")
    organisation = factories.ImporterOrganisationFactory(name="Alpha Imports LLC")
    factories.UserFactory(role=Role.IMPORTER, organisation=organisation, username="alpha", first_name="Lee",
                          last_name="Chen")
    # CAATSA: two statements-with-files items (workforce records and the supply-chain map) are required.
    detention = helpers.noticed(officer=officer, basis="caatsa", importer=organisation)
    entry = detention.shipment.entry_number
    files = {}
    for name in ("workforce-records.pdf", "supply-chain-map.pdf"):
        files[name] = tmp_path / name
        files[name].write_bytes(PDF)

    sign_in(page, live_server, "alpha")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Alpha Imports LLC")
    expect(page.get_by_text(re.compile(r"days left to submit evidence rebutting"))).to_be_visible()
    camera.shot("portal-home")

    page.get_by_role("link", name=entry).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(entry)
    expect(page.get_by_text(helpers.NOTICE["reason"])).to_be_visible()
    camera.shot("detention")

    page.get_by_role("link", name="Prepare your admissibility submission").click()
    page.get_by_label("Executive summary").fill("Every worker at both sites is a Malaysian or Nepali national.")
    page.get_by_label(re.compile("Clear and convincing evidence that no North Korean")).fill(
        "Payroll and immigration records of all 412 workers; none is a North Korean national.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()

    for index, name in enumerate(("workforce-records.pdf", "supply-chain-map.pdf")):
        # Attaching saves the draft first, then the upload page returns to the editor.
        page.locator("button[form=draft-form][value^='attach:']").nth(index).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Upload")
        page.locator("#id_file").set_input_files(str(files[name]))
        page.get_by_role("button", name="Upload").click()
        expect(page.get_by_role("link", name=name)).to_be_visible()
    camera.shot("draft-with-files")

    page.get_by_role("button", name="Save and review").click()
    expect(page.get_by_text("Every required part is present.")).to_be_visible()
    camera.shot("review")
    page.locator("label.usa-checkbox__label", has_text="are true, correct and complete").click()
    page.get_by_role("button", name="Submit the package").click()

    expect(page.get_by_role("heading", name="Receipt")).to_be_visible()
    submission = AdmissibilitySubmission.objects.get(detention=detention)
    assert submission.status == "submitted" and submission.evidence_files.count() == 2
    expect(page.locator(".receipt-number")).to_have_text(submission.receipt_number)
    expect(page.locator("textarea")).to_have_count(0)
    camera.shot("receipt")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "ruiz")
    page.goto(f"{live_server.url}/queue/?tab=mine&state=submission_received")
    expect(page.get_by_role("link", name=entry)).to_be_visible()
    camera.shot("officer-queue")
    page.get_by_role("link", name=entry).click()
    # The record behind the case names the filed package by its receipt.
    expect(page.locator(".mono", has_text=submission.receipt_number).first).to_be_visible()
    camera.shot("officer-detention")
