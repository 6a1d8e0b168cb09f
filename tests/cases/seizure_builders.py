"""Seizures, petitions, dispositions and redeliveries in any state, built through the services."""

import contextlib

from cases.models import GoodsDisposition, Redelivery, Seizure, SeizurePetition
from cases.services import seizures
from cases.services.support import as_of
from tests.cases import helpers

VALUE = "12000.00"  # appraised domestic value; its cost bond is USD 1,200 (10%, between 250 and 5,000)


def _dated(on):
    return as_of(on) if on else contextlib.nullcontext()


def fresh(obj):
    obj.refresh_from_db()
    return obj


def seized(people, on=None) -> Seizure:
    detention = helpers.in_state("seized", officer=people["officer"], supervisor=people["supervisor"],
                                 importer_user=people["importer"], on=on)
    return detention.seizure


def record(people, seizure, on=None) -> Seizure:
    with _dated(on):
        return seizures.record_seizure(
            actor=people["officer"], seizure=seizure, goods_description="1,200 cartons of nitrile gloves",
            quantity="1,200 cartons", appraised_value=VALUE, storage_location="CES 2704, Bay 4",
            custody_receipt_number="6051S-2026-0042")


def petition(people, seizure, kind="petition", on=None) -> SeizurePetition:
    with _dated(on):
        return seizures.file_petition(actor=people["importer"], seizure=seizure, kind=kind,
                                      grounds="The gloves were made at an audited plant; see the audit.",
                                      offer_amount="500.00" if kind == "offer" else None)


def decide(people, petition_, outcome, on=None, disposition="release") -> SeizurePetition:
    with _dated(on):
        if outcome == "grant":
            seizures.propose_petition_decision(actor=people["officer"], petition=petition_, outcome="grant",
                                               reasons="Admissibility shown.", disposition=disposition,
                                               conditions="Payment of storage costs.", payment="350.00")
        else:
            seizures.propose_petition_decision(actor=people["officer"], petition=petition_, outcome="deny",
                                               reasons="No evidence of a clean supply chain.")
        return seizures.approve_petition_decision(actor=people["supervisor"], petition=fresh(petition_))


def publish(people, seizure, on=None) -> Seizure:
    with _dated(on):
        return seizures.publish_intent_to_forfeit(actor=people["officer"], seizure=seizure)


def seizure_in(state, people) -> Seizure:
    """A seizure in `state`; states behind a period are built far enough back for it to have run."""
    if state == "awaiting_record":
        return seized(people)
    if state == "advertised":
        back = helpers.days_ago(45)
        return publish(people, record(people, seized(people, on=back), on=back))
    if state == "petition_denied":
        back = helpers.days_ago(10)
        s = record(people, seized(people, on=back), on=back)
        decide(people, petition(people, s, on=back), "deny", on=back)
        return fresh(s)
    s = record(people, seized(people))
    if state == "noticed":
        return s
    if state == "petition_pending":
        petition(people, s)
    elif state == "remitted":
        decide(people, petition(people, s), "grant")
    elif state in ("claim_filed", "referred"):
        seizures.file_claim(actor=people["importer"], seizure=s, statement="We own the goods.",
                            cost_bond_amount="1200.00")
        if state == "referred":
            seizures.refer_to_us_attorney(actor=people["supervisor"], seizure=fresh(s), reference="USAO-CDCA 26-1")
    elif state == "forfeited":
        seizures.abandon_goods(actor=people["importer"], seizure=s)
    else:
        raise ValueError(state)
    return fresh(s)


def disposition_in(state, people, method=None) -> GoodsDisposition:
    """Destruction after abandonment, export after an election, release after relief granted."""
    method = method or {"destroyed": "destruction", "exported": "export", "export_proven": "export",
                        "released": "release"}.get(state, "destruction")
    if method == "destruction":
        detention = seizure_in("forfeited", people).detention
    elif method == "export":
        detention = helpers.in_state("exported", officer=people["officer"], supervisor=people["supervisor"],
                                     importer_user=people["importer"])
    else:
        detention = seizure_in("remitted", people).detention
    disposition = GoodsDisposition.objects.get(detention=detention)
    if state == "destroyed":
        seizures.record_destruction(actor=people["officer"], disposition=disposition, destruction_method="Shredded",
                                    witness_name="Lee Park", witness_title="Import specialist")
    elif state in ("exported", "export_proven"):
        seizures.record_export(actor=people["officer"], disposition=disposition, inbond_number="V123456789",
                               port_of_exit="2704")
        if state == "export_proven":
            seizures.record_proof_of_export(actor=people["officer"], disposition=fresh(disposition),
                                            proof_reference="ITN X20260101000001")
    elif state == "released":
        seizures.record_release(actor=people["supervisor"], disposition=disposition)
    return fresh(disposition)


def redelivery_in(state, people) -> Redelivery:
    back = helpers.days_ago(40) if state in ("not_redelivered", "damages_claimed", "lapsed") else None
    with _dated(back):
        detention = helpers.in_state("released", officer=people["officer"], supervisor=people["supervisor"],
                                     importer_user=people["importer"])
        redelivery = seizures.demand_redelivery(
            actor=people["officer"], detention=detention, reason="Goods found to be covered by a Finding.",
            bond_number="BOND-99-001", goods_value="8000.00")
    if state in ("not_redelivered", "damages_claimed"):
        seizures.record_not_redelivered(actor=people["supervisor"], redelivery=redelivery)
        if state == "damages_claimed":
            seizures.claim_liquidated_damages(actor=people["supervisor"], redelivery=fresh(redelivery),
                                              amount="24000.00")
    elif state == "redelivered":
        seizures.record_redelivered(actor=people["officer"], redelivery=redelivery)
    return fresh(redelivery)
