"""What each letter says: the facts of the case and the law's consequences, gathered for its template.

Sources: 19 U.S.C. 1499(c)(2)-(5) and 19 CFR 151.16(c) (the notice of detention), 19 CFR 12.43-12.44
(proof of admissibility, exclusion, abandonment), 19 U.S.C. 1514 (protest), UFLPA sec. 3 and CBP's
guidance (domain.md section 5) for what importers are asked to submit.
"""

import datetime

from django.db import models

from cases import clocks
from cases.clocks import DeadlineKind
from cases.models import Basis, Deadline, Detention, Port
from cases.services.support import business_calendar, today
from cases.validators import country_name


class DocumentKind(models.TextChoices):
    NOTICE_OF_DETENTION = "notice_of_detention", "Notice of detention (CBP Form 6051D)"
    EXCLUSION_NOTICE = "exclusion_notice", "Notice of exclusion (19 CFR 12.44)"
    REQUEST_FOR_INFORMATION = "request_for_information", "Request for information (CBP Form 28)"
    SEIZURE_RECORD = "seizure_record", "Seizure record (19 U.S.C. 1595a(c))"
    CUSTODY_RECEIPT = "custody_receipt", "Custody receipt for seized property (CBP Form 6051S practice)"
    NOTICE_OF_SEIZURE = "notice_of_seizure", "Notice of seizure (19 CFR 162.31)"
    NOTICE_TO_REDELIVER = "notice_to_redeliver", "Notice to redeliver (CBP Form 4647 practice)"


# UFLPA applicability review: the documents CBP asks for (CBP's UFLPA operational guidance) [S].
UFLPA_APPLICABILITY_DOCUMENTS = (
    "Packing lists, bills of lading and manifests",
    "Documents naming every party in the manufacture and export of the goods, with a flow chart",
    "Invoices, contracts, purchase orders and proof of payment for the raw materials",
    "English translations of every document in another language",
    "An executive summary and a table of contents",
)
# UFLPA exception (sec. 3(b)): the evidence CBP asks for [S]; the three conditions are in the statute [V].
UFLPA_EXCEPTION_DOCUMENTS = (
    "Your due-diligence system: supplier engagement, supply-chain mapping, code of conduct, training, "
    "monitoring, remediation and independent audits",
    "Supply-chain tracing of the goods and every component to the raw materials",
    "Proof that no part of the goods has a nexus with the Xinjiang Uyghur Autonomous Region or an entity on "
    "the UFLPA Entity List or, if any has, that the goods were not made with forced labor",
)


def _deadline(detention: Detention, kind: DeadlineKind) -> Deadline | None:
    """The clock of this kind: the open one, or the last that closed."""
    return Deadline.objects.filter(detention=detention, kind=kind).order_by("-id").first()


def deemed_exclusion_date(detention: Detention) -> datetime.date:
    """The day silence becomes an exclusion for protest: the day after the 30 days of 1499(c)(5)(A)."""
    row = _deadline(detention, DeadlineKind.ADMISSIBILITY_DETERMINATION)
    due = row.due_date if row else clocks.due_date(
        DeadlineKind.ADMISSIBILITY_DETERMINATION, detention.presented_on,
        calendar=business_calendar(detention.port_code))
    return due + datetime.timedelta(days=1)


def _officer_contact(detention: Detention, officer) -> dict:
    return {
        "name": officer.display_name if officer else "",
        "role": officer.get_role_display() if officer else "",
        "phone": detention.notice_contact_phone,
        "email": detention.notice_contact_email or (officer.email if officer else ""),
    }


def _common(detention: Detention, actor) -> dict:
    shipment = detention.shipment
    return {
        "detention": detention,
        "shipment": shipment,
        "importer": shipment.importer,
        "order": detention.order,
        "country": country_name(shipment.country_of_origin),
        "generated_on": today(detention.port_code),
        "port": Port.objects.filter(code=detention.port_code).first(),
        "officer": _officer_contact(detention, actor),
        "is_wro": detention.basis == Basis.WRO,
        "is_finding": detention.basis == Basis.FINDING,
        "is_caatsa": detention.basis == Basis.CAATSA,
        "is_uflpa": detention.basis == Basis.UFLPA,
    }


def _notice(detention: Detention, actor, **_ignored) -> dict:
    entry = detention.shipment.entry_number
    deemed_on = deemed_exclusion_date(detention)
    return {
        "title": f"Notice of detention, entry {entry}",
        "filename": f"notice-of-detention-{entry}.pdf",
        "deemed_exclusion_on": deemed_on,
        "deemed_exclusion_due": deemed_on - datetime.timedelta(days=1),
        "proof_window": _deadline(detention, DeadlineKind.PROOF_OF_ADMISSIBILITY),
        "uflpa_window": _deadline(detention, DeadlineKind.UFLPA_RESPONSE),
        "caatsa_window": _deadline(detention, DeadlineKind.CAATSA_EVIDENCE),
        "uflpa_applicability_documents": UFLPA_APPLICABILITY_DOCUMENTS,
        "uflpa_exception_documents": UFLPA_EXCEPTION_DOCUMENTS,
    }


def _exclusion(detention: Detention, actor, decision=None, **_ignored) -> dict:
    entry = detention.shipment.entry_number
    return {
        "title": f"Notice of exclusion, entry {entry}",
        "filename": f"exclusion-notice-{entry}.pdf",
        "decision": decision,
        "protest_window": _deadline(detention, DeadlineKind.PROTEST_FILING),
        "abandonment": _deadline(detention, DeadlineKind.ABANDONMENT),
    }


def _rfi(detention: Detention, actor, rfi=None, **_ignored) -> dict:
    entry = detention.shipment.entry_number
    return {
        "title": f"Request for information, entry {entry}",
        "filename": f"request-for-information-{entry}-{rfi.sent_on:%Y-%m-%d}.pdf",
        "rfi": rfi,
    }


def _seizure_common(detention: Detention, prefix: str, title: str) -> dict:
    entry = detention.shipment.entry_number
    seizure = detention.seizure
    return {"title": f"{title}, entry {entry}", "filename": f"{prefix}-{entry}.pdf", "seizure": seizure}


def _seizure_record(detention: Detention, actor, **_ignored) -> dict:
    return _seizure_common(detention, "seizure-record", "Seizure record")


def _custody_receipt(detention: Detention, actor, **_ignored) -> dict:
    return _seizure_common(detention, "custody-receipt", "Custody receipt for seized property")


def _notice_of_seizure(detention: Detention, actor, **_ignored) -> dict:
    from cases.services.seizures import required_cost_bond  # noqa: PLC0415 (the services import this module)

    context = _seizure_common(detention, "notice-of-seizure", "Notice of seizure")
    context["election"] = _deadline(detention, DeadlineKind.SEIZURE_ELECTION)
    context["cost_bond"] = required_cost_bond(detention.seizure.appraised_value)
    return context


def _notice_to_redeliver(detention: Detention, actor, redelivery=None, **_ignored) -> dict:
    entry = detention.shipment.entry_number
    return {
        "title": f"Notice to redeliver, entry {entry}",
        "filename": f"notice-to-redeliver-{entry}-{redelivery.demanded_on:%Y-%m-%d}.pdf",
        "redelivery": redelivery,
        "redelivery_clock": _deadline(detention, DeadlineKind.REDELIVERY),
        "protest_clock": _deadline(detention, DeadlineKind.REDELIVERY_PROTEST),
    }


_BUILDERS = {
    DocumentKind.NOTICE_OF_DETENTION: _notice,
    DocumentKind.EXCLUSION_NOTICE: _exclusion,
    DocumentKind.REQUEST_FOR_INFORMATION: _rfi,
    DocumentKind.SEIZURE_RECORD: _seizure_record,
    DocumentKind.CUSTODY_RECEIPT: _custody_receipt,
    DocumentKind.NOTICE_OF_SEIZURE: _notice_of_seizure,
    DocumentKind.NOTICE_TO_REDELIVER: _notice_to_redeliver,
}


def build_context(kind: DocumentKind, *, detention: Detention, actor, rfi=None, decision=None, **extra) -> dict:
    context = _common(detention, actor)
    context.update(_BUILDERS[DocumentKind(kind)](detention, actor, rfi=rfi, decision=decision, **extra))
    context["kind"] = DocumentKind(kind)
    return context
