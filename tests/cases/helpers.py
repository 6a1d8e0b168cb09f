"""Build cases in a given state through the real services, as a person would."""

import contextlib
import datetime

from cases.models import (
    AdmissibilitySubmission,
    AuditEvent,
    Deadline,
    Decision,
    Detention,
    IloIndicator,
    Note,
    Notification,
    Protest,
    RequestForInformation,
    Shipment,
)
from cases.services import decisions, detentions, protests, rfis, seizures, submissions
from cases.services.support import as_of
from cases.services.support import today as business_today
from tests import factories

NOTICE = {
    "reason": "Information reasonably indicates the gloves were made with forced labor (WRO).",
    "anticipated_length": "Until the importer proves admissibility or 3 months after importation.",
    "tests_or_inquiries": "Review of supply-chain documents and audit reports.",
    "information_requested": "Certificate of origin and a detailed supply-chain statement.",
}


def detained(*, officer, basis="caatsa", importer=None, importation_date=None, presentation_date=None, **kw):
    today = business_today()  # the historical date inside as_of(), else the real one
    importation_date = importation_date or today - datetime.timedelta(days=3)
    presentation_date = presentation_date or importation_date + datetime.timedelta(days=1)
    shipment = factories.ShipmentFactory(
        importer=importer or factories.ImporterOrganisationFactory(),
        importation_date=importation_date, presentation_date=presentation_date,
    )
    # The order names the producer of the goods it holds (19 CFR 12.42(e)-(f)).
    if basis == "wro" and "wro" not in kw:
        kw["wro"] = factories.WroFactory(effective_date=importation_date - datetime.timedelta(days=365),
                                         entity=shipment.producer)
    if basis == "finding" and "finding" not in kw:
        kw["finding"] = factories.FindingFactory(published_date=importation_date - datetime.timedelta(days=365),
                                                 entity=shipment.producer)
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


def ground(detention, outcome) -> str:
    """A UFLPA release names its route; the ordinary one is the applicability review (not subject to UFLPA)."""
    return "not_subject" if detention.basis == "uflpa" and outcome == "release" else ""


def past_proof_window(kw: dict, outcome: str) -> dict:
    """19 CFR 12.44: with no proof filed, exclusion (WRO) or seizure (Finding) follows the 3-month window
    of 12.43, so such a case is built with goods imported long enough ago for that window to have closed."""
    if kw.get("basis") in ("wro", "finding") and outcome != "release" and "importation_date" not in kw:
        kw = {**kw, "importation_date": business_today() - datetime.timedelta(days=100)}
    return kw


def proposed(*, officer, outcome="release", **kw):
    detention = noticed(officer=officer, **past_proof_window(kw, outcome))
    decisions.propose_decision(actor=officer, detention=detention, outcome=outcome, reasons="On the record.",
                               release_ground=ground(detention, outcome))
    detention.refresh_from_db()
    return detention


# --- Objects in any state of the tables of cases.workflows, built through the services -----------

# The basis each detention state is built under: one whose outcomes and guards lead there. UFLPA's
# exception package needs no attached file, so a package can be filed without the evidence app.
STATE_BASIS = {"seized": "caatsa", "forfeited": "caatsa", "abandoned": "wro"}
# States only the clocks reach: the case is built this many days ago so that the clock has lapsed.
LAPSE_BUILD_DAYS_AGO = {"deemed_excluded": 40, "abandoned": 70}

PROTEST_CONTENTS = {
    "protestant_name": "Alpha Imports LLC",
    "protestant_address": "100 Harbor Way, Long Beach, CA",
    "importer_number": "12-345678900",
    "merchandise": "Nitrile examination gloves",
    "objections": "The goods were made without forced labor; see the audit of March.",
}


def _dated(on):
    return as_of(on) if on else contextlib.nullcontext()


def days_ago(n: int) -> datetime.date:
    return datetime.date.today() - datetime.timedelta(days=n)


def open_deadline(detention, kind, **lookup):
    return Deadline.objects.get(detention=detention, kind=kind, state="open", **lookup)


def in_state(state, *, officer, supervisor, importer_user, basis=None, on=None):
    """A detention in `state`, each act done by the person the law gives it to.

    `on` dates every act (historical entry, cases.services.support.as_of); the states reached only
    when a clock lapses are built far enough back, then the system records the lapse today with the
    clock's own due date as `lapsed_on`.
    """
    basis = basis or STATE_BASIS.get(state, "uflpa")
    if on is None and state in LAPSE_BUILD_DAYS_AGO:
        on = days_ago(LAPSE_BUILD_DAYS_AGO[state])
    people = {"officer": officer, "importer": importer_user.organisation}
    with _dated(on):
        if state == "detained":
            return detained(**people, basis=basis)
        if state == "notice_issued":
            return noticed(**people, basis=basis)
        if state == "awaiting_importer":
            detention = submitted(officer=officer, importer_user=importer_user, basis=basis).detention
            submissions.start_review(actor=officer, detention=detention)
            rfis.send_rfi(actor=officer, detention=_fresh(detention), questions="Provide the payroll for March.")
            return _fresh(detention)
        if state in ("submission_received", "under_review"):
            detention = submitted(officer=officer, importer_user=importer_user, basis=basis).detention
            if state == "under_review":
                submissions.start_review(actor=officer, detention=detention)
            return _fresh(detention)
        if state in ("released", "excluded", "seized", "forfeited", "abandoned"):
            outcome = {"released": "release", "seized": "seize", "forfeited": "seize"}.get(state, "exclude")
            detention = proposed(**people, basis=basis, outcome=outcome)
            decisions.approve_decision(actor=supervisor, detention=detention)
        elif state == "exported":
            detention = noticed(**people, basis=basis)
            detentions.elect_export(actor=importer_user, detention=detention)
        elif state == "deemed_excluded":
            detention = noticed(**people, basis=basis)
        else:
            raise ValueError(f"no recipe for a detention in state {state!r}")
    detention = _fresh(detention)
    if state == "forfeited":
        # Seized goods are forfeited through the seizure record (docs/seizure.md): here the party abandons them.
        with _dated(on):
            seizure = seizures.record_seizure(
                actor=officer, seizure=detention.seizure, goods_description="1,200 cartons of nitrile gloves",
                quantity="1,200 cartons", appraised_value="12000.00", storage_location="CES 2704, Bay 4",
                custody_receipt_number="6051S-2026-1001")
            seizures.abandon_goods(actor=importer_user, seizure=seizure, statement="Forfeiture case 2026-1001-0001.")
    elif state == "deemed_excluded":
        lapsed_on = open_deadline(detention, "admissibility_determination").due_date
        detentions.record_deemed_exclusion(detention=detention, lapsed_on=lapsed_on)
    elif state == "abandoned":
        detentions.record_abandonment(detention=detention, lapsed_on=open_deadline(detention, "abandonment").due_date)
    return _fresh(detention)


def _fresh(obj):
    obj.refresh_from_db()
    return obj


def draft_package(*, officer, importer_user, basis="uflpa", on=None):
    with _dated(on):
        detention = noticed(officer=officer, importer=importer_user.organisation, basis=basis)
        return submissions.save_draft(
            actor=importer_user, detention=detention, package="uflpa_exception", summary="Our supply chain is clean.",
            answers=complete_answers("uflpa_exception"),
        )


def submission_in(state, *, officer, supervisor, importer_user):
    """The detention's admissibility submission in `state` (the detention follows it)."""
    if state in ("draft", "withdrawn"):
        submission = draft_package(officer=officer, importer_user=importer_user)
        if state == "withdrawn":
            submissions.withdraw_submission(actor=importer_user, submission=submission, reason="Filed in error.")
        return _fresh(submission)
    submission = submitted(officer=officer, importer_user=importer_user)
    detention = _fresh(submission.detention)
    if state in ("under_review", "more_information_requested"):
        submissions.start_review(actor=officer, detention=detention)
        if state == "more_information_requested":
            rfis.send_rfi(actor=officer, detention=detention, questions="Provide the payroll for March.")
    elif state in ("accepted", "rejected"):
        outcome = "release" if state == "accepted" else "exclude"
        decisions.propose_decision(actor=officer, detention=detention, outcome=outcome, reasons="On the record.",
                                   release_ground=ground(detention, outcome))
        decisions.approve_decision(actor=supervisor, detention=_fresh(detention))
    elif state != "submitted":
        raise ValueError(f"no recipe for a submission in state {state!r}")
    return _fresh(submission)


def rfi_in(state, *, officer, importer_user):
    """A request for information sent on a noticed detention, in `state`."""
    on = days_ago(40) if state == "lapsed" else None
    with _dated(on):
        detention = noticed(officer=officer, importer=importer_user.organisation, basis="uflpa")
        rfi = rfis.send_rfi(actor=officer, detention=detention, questions="Provide the payroll for March.")
    if state == "answered":
        rfis.answer_rfi(actor=importer_user, rfi=rfi, answer="The payroll is attached.")
    elif state == "lapsed":
        rfis.lapse_rfi(rfi=rfi, lapsed_on=rfi.due_date)
    elif state != "open":
        raise ValueError(f"no recipe for a request for information in state {state!r}")
    return _fresh(rfi)


def file_protest(*, importer_user, detention):
    return protests.file_protest(actor=importer_user, detention=detention,
                                 entry_number=detention.shipment.entry_number, **PROTEST_CONTENTS)


def decide_protest(*, officer, supervisor, protest, outcome: str, reasons: str = "On the record."):
    """The four-eyes decision of a protest: the officer proposes `outcome`, the supervisor approves it."""
    protests.propose_protest_decision(actor=officer, protest=protest, outcome=outcome, reasons=reasons)
    return protests.approve_protest_decision(actor=supervisor, protest=protest)


def protest_in(state, *, officer, supervisor, importer_user):
    """A protest of a CAATSA exclusion, in `state`."""
    on = days_ago(45) if state == "deemed_denied" else None
    with _dated(on):
        detention = in_state("excluded", officer=officer, supervisor=supervisor, importer_user=importer_user)
        protest = file_protest(importer_user=importer_user, detention=detention)
    outcomes = {"allowed": "allow", "partially_allowed": "partially_allow", "denied": "deny"}
    if state in outcomes:
        decide_protest(officer=officer, supervisor=supervisor, protest=protest, outcome=outcomes[state])
    elif state == "withdrawn":
        protests.withdraw_protest(actor=importer_user, protest=protest, reason="Settled.")
    elif state == "deemed_denied":
        lapsed_on = Deadline.objects.get(protest=protest, kind="protest_decision", state="open").due_date
        protests.record_deemed_denial(protest=protest, lapsed_on=lapsed_on)
    elif state != "filed":
        raise ValueError(f"no recipe for a protest in state {state!r}")
    return _fresh(protest)


# --- What a refusal must leave untouched ----------------------------------------------------------

def world() -> dict:
    """Every row a lifecycle service may write, by state; equal before and after a refused action."""
    return {
        "audit_events": AuditEvent.objects.count(),
        "shipments": list(Shipment.objects.order_by("pk").values_list("pk", "release_status", "released_on")),
        "detentions": list(Detention.objects.order_by("pk").values_list(
            "pk", "status", "version", "assigned_officer_id", "notice_issued_on", "decided_on", "closed_on")),
        "submissions": list(AdmissibilitySubmission.objects.order_by("pk").values_list("pk", "status", "version")),
        "rfis": list(RequestForInformation.objects.order_by("pk").values_list("pk", "status", "answer")),
        "decisions": list(Decision.objects.order_by("pk").values_list("pk", "status")),
        "protests": list(Protest.objects.order_by("pk").values_list("pk", "status")),
        "notes": Note.objects.count(),
        "deadlines": list(Deadline.objects.order_by("pk").values_list("pk", "kind", "state", "due_date")),
        "notifications": Notification.objects.count(),
    }


def last_sequence() -> int:
    return AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def events_since(sequence: int) -> list[tuple[str, str]]:
    """(object type, action) of the audit events written after `sequence`, in order."""
    return list(AuditEvent.objects.filter(sequence__gt=sequence).order_by("sequence")
                .values_list("object_type", "action"))


def publish_later_finding(detention, supervisor, *, published_date=None, reference="FIN-2026-0101"):
    """A Finding converted from the WRO the detention is held under (19 CFR 12.42(f)), published today."""
    from cases.services import orders  # noqa: PLC0415

    return orders.publish_finding(actor=supervisor, reference=reference, source_wro=detention.wro,
                                  published_date=published_date or business_today(detention.port_code),
                                  federal_register_citation="91 FR 1234")
