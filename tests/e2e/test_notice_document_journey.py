"""The importer downloads the notice of detention PDF from the portal, in a real browser."""

import hashlib
import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from cases.models import Role
from tests import factories
from tests.cases import helpers
from tests.e2e.test_portal_journey import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("basis", ["wro", "uflpa"])
def test_importer_downloads_the_notice_of_detention_pdf_from_the_portal(
        live_server, page, camera, isolated_evidence_storage, tmp_path, basis):
    officer = factories.UserFactory(role=Role.OFFICER, username="ruiz", first_name="Ana", last_name="Ruiz")
    organisation = factories.ImporterOrganisationFactory(name="Alpha Imports LLC")
    factories.UserFactory(role=Role.IMPORTER, organisation=organisation, username="alpha")
    detention = helpers.noticed(officer=officer, basis=basis, importer=organisation)
    entry = detention.shipment.entry_number
    filename = f"notice-of-detention-{entry}.pdf"

    sign_in(page, live_server, "alpha")
    page.get_by_role("link", name=entry).click()
    documents = page.get_by_role("region", name="Documents from the port")
    expect(documents).to_contain_text("Notice issued by the agency")
    camera.shot(f"{basis}-documents")
    documents.get_by_role("link", name=filename).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(filename)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download").click()
    download = download_info.value
    assert download.suggested_filename == filename
    saved = tmp_path / filename
    download.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(b"%PDF-")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    assert "Notice of detention" in text and entry in text and "not a final determination" in text
    stored = detention.evidence_files.get(original_filename=filename)
    assert hashlib.sha256(data).hexdigest() == stored.sha256
