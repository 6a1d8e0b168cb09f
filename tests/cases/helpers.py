"""Build cases in a given state through the real services, as a person would."""

import datetime

from cases.services import decisions, detentions, submissions
from cases.models import IloIndicator
from tests import factories

NOTICE = {
    "reason": "Information reasonably indicates the gloves were made with forced labor (WRO).",
    "anticipated_length": "Until the importer proves admissibility or 3 months after importation.",
    "tests_or_inquiries": "Review of supply-chain documents and audit reports.",
    "information_requested": "Certificate of origin and a detailed supply-chain statement.",
}


def detained(*, officer, basis="caatsa", importer=None, importation_date=None, presentation_date=None, **kw):
    today = datetime.date.today()
    importation_date = importation_date or today - datetime.timedelta(days=3)
    presentation_date = presentation_date or importation_date + datetime.timedelta(days=1)
    shipment = factories.ShipmentFactory(
        importer=importer or factories.ImporterOrganisationFactory(),
        importation_date=importation_date, presentation_date=presentation_date,
    )
    if basis == "wro" and "wro" not in kw:
        kw["wro"] = factories.WroFactory(effective_date=importation_date - datetime.timedelta(days=365))
    if basis == "finding" and "finding" not in kw:
        kw["finding"] = factories.FindingFactory(published_date=importation_date - datetime.timedelta(days=365))
    return detentions.detain_shipment(actor=officer, shipment=shipment, basis=basis,
                                      detained_on=presentation_date, **kw)


def noticed(*, officer, **kw):
    detention = detained(officer=officer, **kw)
    return detentions.issue_notice(actor=officer, detention=detention, **NOTICE)


def complete_answers(package):
    from cases.checklists import CHECKLISTS

    return {item.key: f"Statement for {item.label}" for item in CHECKLISTS[package] if not item.document_category}


def submitted(*, officer, importer_user, package=None, **kw):
    """A filed package; the document checklist is satisfied by a package kind with no required files."""
    kw.setdefault("basis", "uflpa")
    kw.setdefault("importer", importer_user.organisation)
    detention = noticed(officer=officer, **kw)
    package = package or {"uflpa": "uflpa_exception", "caatsa": "caatsa_evidence"}.get(detention.basis,
                                                                                        "certificate_and_statement")
    draft = submissions.save_draft(
        actor=importer_user, detention=detention, package=package, summary="Our supply chain is clean.",
        answers=complete_answers(package), ilo_statements={i.value: "Addressed by audits." for i in IloIndicator},
    )
    return submissions.submit_submission(actor=importer_user, submission=draft)


def proposed(*, officer, outcome="release", **kw):
    detention = noticed(officer=officer, **kw)
    decisions.propose_decision(actor=officer, detention=detention, outcome=outcome, reasons="On the record.")
    detention.refresh_from_db()
    return detention
