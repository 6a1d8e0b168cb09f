"""After the decision in the browser: goods held under a Finding are seized, the importer petitions from the
portal, an officer proposes and a different supervisor decides the petition, the importer abandons the goods
and an officer records their witnessed destruction. Every page fits 390 px and has no serious or critical
axe-core violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from cases.models import GoodsDisposition, Role, Seizure
from tests import factories
from tests.cases import helpers
from tests.e2e.test_journeys import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fits_390(page) -> bool:
    page.set_viewport_size({"width": 390, "height": 844})
    fits = page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    if not fits:
        print("TOO WIDE:", page.evaluate("""Array.from(document.querySelectorAll('body *')).filter(e =>
            e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0).slice(0, 12).map(e =>
            e.tagName + '.' + e.className + ' ' + e.scrollWidth + '/' + e.clientWidth + ' '
            + (e.textContent || '').slice(0, 60))"""))
    page.set_viewport_size({"width": 1366, "height": 768})
    return fits


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"]
            if v.get("impact") in ("serious", "critical")]


def open_act(page, label):
    page.locator("summary", has_text=label).first.click()


def confirm(page, label):
    """An act that cannot be undone stops at its confirmation step (cases.actions declares which)."""
    expect(page.get_by_role("heading", name=f"{label}?")).to_be_visible()
    page.get_by_role("button", name=f"Yes, {label[0].lower()}{label[1:]}").click()


PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def test_finding_case_goes_from_seizure_through_a_petition_to_destruction(live_server, page, camera, tmp_path,
                                                                          isolated_evidence_storage):
    officer = factories.UserFactory(role=Role.OFFICER, username="ruiz", first_name="Ana", last_name="Ruiz")
    supervisor = factories.UserFactory(role=Role.SUPERVISOR, username="diaz", first_name="Sam", last_name="Diaz")
    org = factories.ImporterOrganisationFactory(name="Alpha Imports LLC")
    alpha = factories.UserFactory(role=Role.IMPORTER, username="alpha", organisation=org)
    detention = helpers.in_state("seized", officer=officer, supervisor=supervisor, importer_user=alpha,
                                 basis="finding")
    staff_url = f"{live_server.url}/detentions/{detention.pk}/"
    portal_url = f"{live_server.url}/portal/detentions/{detention.pk}/"

    # The officer records the seizure: the record, the custody receipt and the notice of seizure.
    sign_in(page, live_server, "ruiz")
    page.goto(staff_url)
    open_act(page, "Record the seizure and send the notice")
    page.get_by_label("Goods seized").fill("1,200 cartons of nitrile gloves")
    page.get_by_label("Quantity").fill("1,200 cartons")
    page.get_by_label("Appraised domestic value (USD)").fill("12000.00")
    page.get_by_label("Storage location").fill("CES 2704, Bay 4")
    page.get_by_label("Custody receipt number (CBP Form 6051S)").fill("6051S-2026-0042")
    camera.shot("record-seizure")
    page.get_by_role("button", name="Record the seizure and send the notice").click()
    # The confirmation step shows what was typed before the notice goes to the parties.
    expect(page.get_by_text("6051S-2026-0042")).to_be_visible()
    assert fits_390(page)
    assert serious_violations(page) == []
    confirm(page, "Record the seizure and send the notice")
    expect(page.get_by_text("Recorded.")).to_be_visible()
    expect(page.get_by_text("Notice of seizure sent").first).to_be_visible()
    assert fits_390(page)
    assert serious_violations(page) == []

    # The importer petitions for relief from the portal.
    page.context.clear_cookies()
    sign_in(page, live_server, "alpha")
    page.goto(portal_url)
    expect(page.get_by_role("heading", name="After the decision: seizure, disposition, redelivery")).to_be_visible()
    open_act(page, "File the petition or offer")
    page.locator("label.usa-radio__label", has_text="Petition for relief").click()
    page.get_by_label("Facts and grounds for relief").fill("The gloves come from an audited plant outside the "
                                                           "entity named in the Finding.")
    camera.shot("petition")
    page.get_by_role("button", name="File the petition or offer").click()
    # Filing goes on to the petition's documents, through the evidence intake.
    expect(page.get_by_text("Your petition was filed. Attach the documents that support it.")).to_be_visible()
    audit_pdf = tmp_path / "plant-audit.pdf"
    audit_pdf.write_bytes(PDF)
    page.get_by_label("What kind of document is this?").select_option("audit_report")
    page.locator("#id_file").set_input_files(str(audit_pdf))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Petition pending").first).to_be_visible()
    expect(page.get_by_role("link", name="plant-audit.pdf")).to_be_visible()
    assert fits_390(page)
    assert serious_violations(page) == []

    # The officer proposes to deny it; a different person, the supervisor, approves.
    page.context.clear_cookies()
    sign_in(page, live_server, "ruiz")
    page.goto(f"{live_server.url}/queue/after-decision/")
    expect(page.get_by_role("heading", name="Seizures in progress")).to_be_visible()
    assert fits_390(page)
    assert serious_violations(page) == []
    page.goto(staff_url)
    expect(page.get_by_role("link", name="plant-audit.pdf")).to_be_visible()  # the petition's document
    open_act(page, "Propose the petition decision")
    page.locator("label.usa-radio__label", has_text="Deny").click()
    page.get_by_label("Reasons", exact=True).last.fill("The audit does not cover the mill named in the Finding.")
    page.get_by_role("button", name="Propose the petition decision").click()
    expect(page.get_by_text("Recorded.")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, live_server, "diaz")
    page.goto(staff_url)
    open_act(page, "Approve the proposed petition decision")
    page.get_by_role("button", name="Approve the proposed petition decision").click()
    confirm(page, "Approve the proposed petition decision")
    expect(page.get_by_text("Petition denied").first).to_be_visible()
    camera.shot("petition-denied")

    # The importer abandons the goods; they are forfeited and go to destruction.
    page.context.clear_cookies()
    sign_in(page, live_server, "alpha")
    page.goto(portal_url)
    open_act(page, "Abandon the goods")
    page.get_by_role("button", name="Abandon the goods").click()
    confirm(page, "Abandon the goods")
    expect(page.get_by_text("Recorded.")).to_be_visible()

    # The officer records the destruction; without a witness it is refused.
    page.context.clear_cookies()
    sign_in(page, live_server, "ruiz")
    page.goto(staff_url)
    open_act(page, "Record the witnessed destruction")
    page.get_by_label("How the goods were destroyed").fill("Shredded and incinerated")
    page.get_by_role("button", name="Record the witnessed destruction").click()
    confirm(page, "Record the witnessed destruction")
    expect(page.get_by_text("Name the witness of the destruction")).to_be_visible()
    open_act(page, "Record the witnessed destruction")
    page.get_by_label("How the goods were destroyed").fill("Shredded and incinerated")
    page.get_by_label("Witness", exact=True).fill("Lee Park")
    page.get_by_role("button", name="Record the witnessed destruction").click()
    confirm(page, "Record the witnessed destruction")
    expect(page.get_by_text("witnessed by Lee Park")).to_be_visible()
    camera.shot("destroyed")
    assert fits_390(page)
    assert serious_violations(page) == []

    seizure = Seizure.objects.get(detention=detention)
    assert (seizure.status, seizure.forfeiture_ground) == ("forfeited", "abandonment")
    assert GoodsDisposition.objects.get(detention=detention).status == "destroyed"
    detention.refresh_from_db()
    assert detention.status == "forfeited" and detention.closed_on is not None
