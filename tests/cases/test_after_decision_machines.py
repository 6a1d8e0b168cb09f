"""Seizure, petition, disposition and redelivery: every edge of their state tables, allowed and refused.

The expected tables are the hand-written modules of tests/cases/expected_tables; the expected clocks
are counted by hand from the cited rule (docs/seizure.md).
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cases.actors import SYSTEM
from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import AuditEvent, Deadline, Detention, GoodsDisposition, Seizure
from cases.services import seizures
from cases.services.support import as_of
from tests.cases import helpers
from tests.cases import seizure_builders as b

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def people(officer, supervisor, importer_a):
    return {"officer": officer, "supervisor": supervisor, "importer": importer_a, "system": SYSTEM}


# The tables match the hand-written expectations edge by edge in tests/cases/test_expected_tables.py,
# which compares every machine.

# --- Allowed edges, driven through the services -------------------------------------------------

def _claim(p, s):
    return seizures.file_claim(actor=p["importer"], seizure=s, statement="We own the goods.",
                               cost_bond_amount="1200.00")


SEIZURE_ACTS = {
    "record_seizure": lambda p, s: b.record(p, s),
    "file_petition": lambda p, s: b.petition(p, s),
    "file_supplemental_petition": lambda p, s: b.petition(p, s, kind="supplemental"),
    "file_claim": _claim,
    "abandon": lambda p, s: seizures.abandon_goods(actor=p["importer"], seizure=s),
    "publish_intent_to_forfeit": lambda p, s: b.publish(p, s),
    "declare_forfeiture": lambda p, s: seizures.declare_forfeiture(actor=p["supervisor"], seizure=s,
                                                                   reason="Declaration 2026-2704-0001."),
    "refer_to_us_attorney": lambda p, s: seizures.refer_to_us_attorney(actor=p["supervisor"], seizure=s,
                                                                       reference="USAO 26-1"),
}

SEIZURE_ALLOWED = [
    ("record_seizure", "awaiting_record", "noticed"),
    ("file_petition", "noticed", "petition_pending"),
    ("file_supplemental_petition", "petition_denied", "petition_pending"),
    ("file_claim", "noticed", "claim_filed"),
    ("file_claim", "petition_denied", "claim_filed"),
    ("abandon", "noticed", "forfeited"),
    ("abandon", "petition_denied", "forfeited"),
    ("abandon", "advertised", "forfeited"),
    ("refer_to_us_attorney", "claim_filed", "referred"),
]


@pytest.mark.parametrize(("action", "source", "target"), SEIZURE_ALLOWED)
def test_seizure_edge_is_allowed_from_its_source(people, action, source, target):
    seizure = b.seizure_in(source, people)
    SEIZURE_ACTS[action](people, seizure)
    assert b.fresh(seizure).status == target
    assert AuditEvent.objects.filter(action=action if action != "abandon" else "abandon").exists()


def test_claim_is_allowed_within_20_days_of_publication(people):
    seizure = b.seizure_in("advertised", people)  # published today
    _claim(people, seizure)
    assert b.fresh(seizure).status == "claim_filed"


def test_notice_of_intent_is_published_once_the_election_period_ran_out(people):
    back = helpers.days_ago(45)
    seizure = b.record(people, b.seized(people, on=back), on=back)
    b.publish(people, seizure)
    assert b.fresh(seizure).status == "advertised"


def test_notice_of_intent_is_published_after_the_supplemental_period_of_a_denial(people):
    back = helpers.days_ago(70)
    seizure = b.record(people, b.seized(people, on=back), on=back)
    b.decide(people, b.petition(people, seizure, on=back), "deny", on=back)
    b.publish(people, b.fresh(seizure))
    assert b.fresh(seizure).status == "advertised"


def test_forfeiture_is_declared_after_the_claim_period_and_goes_to_destruction(people):
    back = helpers.days_ago(80)
    seizure = b.record(people, b.seized(people, on=back), on=back)
    b.publish(people, seizure, on=back + datetime.timedelta(days=35))
    SEIZURE_ACTS["declare_forfeiture"](people, b.fresh(seizure))
    seizure = b.fresh(seizure)
    assert (seizure.status, seizure.forfeiture_ground) == ("forfeited", "declaration")
    assert seizure.detention.status == "forfeited"
    assert GoodsDisposition.objects.get(detention=seizure.detention).method == "destruction"


def test_abandonment_forfeits_the_goods_and_orders_destruction(people):
    seizure = b.seizure_in("noticed", people)
    seizures.abandon_goods(actor=people["importer"], seizure=seizure)
    seizure = b.fresh(seizure)
    assert (seizure.status, seizure.forfeiture_ground) == ("forfeited", "abandonment")
    assert seizure.detention.status == "forfeited"
    disposition = GoodsDisposition.objects.get(detention=seizure.detention)
    assert (disposition.method, disposition.status) == ("destruction", "pending")


@pytest.mark.parametrize(("relief", "detention_state", "method"),
                         [("release", "released", "release"), ("export", "exported", "export")])
def test_granted_petition_remits_the_seizure_with_its_disposition(people, relief, detention_state, method):
    seizure = b.seizure_in("noticed", people)
    petition = b.decide(people, b.petition(people, seizure), "grant", disposition=relief)
    assert petition.status == "granted"
    seizure = b.fresh(seizure)
    assert seizure.status == "remitted"
    assert seizure.detention.status == detention_state
    assert GoodsDisposition.objects.get(detention=seizure.detention).method == method


def test_denied_petition_opens_the_supplemental_period(people):
    with as_of(D(2026, 3, 2)):
        seizure = b.record(people, b.seized(people))
        b.decide(people, b.petition(people, seizure), "deny")
    assert b.fresh(seizure).status == "petition_denied"
    clock = Deadline.objects.get(detention=seizure.detention, kind="supplemental_petition", state="open")
    # 60 days after 2 March 2026 is Friday 1 May 2026 (19 CFR 171.61).
    assert (clock.due_date, clock.citation) == (D(2026, 5, 1), "19 CFR 171.61")


def test_denied_supplemental_petition_opens_no_further_period(people):
    seizure = b.seizure_in("petition_denied", people)
    b.decide(people, b.petition(people, seizure, kind="supplemental"), "deny")
    assert b.fresh(seizure).status == "petition_denied"
    assert not Deadline.objects.filter(detention=seizure.detention, kind="supplemental_petition",
                                       state="open").exists()


# --- Refusals: wrong role, wrong state ----------------------------------------------------------

WRONG_ROLE = [
    ("record_seizure", "awaiting_record", "importer"),
    ("file_petition", "noticed", "officer"),
    ("file_claim", "noticed", "supervisor"),
    ("abandon", "noticed", "officer"),
    ("publish_intent_to_forfeit", "noticed", "importer"),
    ("declare_forfeiture", "advertised", "officer"),
    ("refer_to_us_attorney", "claim_filed", "officer"),
]


@pytest.mark.parametrize(("action", "state", "role"), WRONG_ROLE)
def test_seizure_edge_is_refused_to_the_wrong_role(people, action, state, role):
    seizure = b.seizure_in(state, people)
    wrong = {**people, "officer": people[role], "supervisor": people[role], "importer": people[role]}
    with pytest.raises(ActionNotPermitted):
        SEIZURE_ACTS[action](wrong, seizure)
    assert b.fresh(seizure).status == state


WRONG_STATE = [
    ("record_seizure", "noticed"),
    ("file_petition", "awaiting_record"),
    ("file_petition", "remitted"),
    ("file_supplemental_petition", "noticed"),
    ("file_claim", "referred"),
    ("abandon", "claim_filed"),
    ("publish_intent_to_forfeit", "advertised"),
    ("declare_forfeiture", "noticed"),
    ("refer_to_us_attorney", "noticed"),
]


@pytest.mark.parametrize(("action", "state"), WRONG_STATE)
def test_seizure_edge_is_refused_from_the_wrong_state(people, action, state):
    seizure = b.seizure_in(state, people)
    with pytest.raises(InvalidTransition):
        SEIZURE_ACTS[action](people, seizure)
    assert b.fresh(seizure).status == state


# --- Guards -------------------------------------------------------------------------------------

def test_petition_after_the_election_period_is_refused_with_its_end(people):
    back = helpers.days_ago(45)
    seizure = b.record(people, b.seized(people, on=back), on=back)
    with pytest.raises(InvalidTransition, match="171.2"):
        b.petition(people, seizure)
    assert b.fresh(seizure).status == "noticed"
    assert not seizure.petitions.exists()


def test_second_supplemental_petition_is_refused(people):
    seizure = b.seizure_in("petition_denied", people)
    b.decide(people, b.petition(people, seizure, kind="supplemental"), "deny")
    with pytest.raises(InvalidTransition, match="only one is considered"):
        b.petition(people, b.fresh(seizure), kind="supplemental")


def test_supplemental_petition_after_60_days_is_refused(people):
    back = helpers.days_ago(70)
    seizure = b.record(people, b.seized(people, on=back), on=back)
    b.decide(people, b.petition(people, seizure, on=back), "deny", on=back)
    with pytest.raises(InvalidTransition, match="171.61"):
        b.petition(people, b.fresh(seizure), kind="supplemental")


def test_claim_after_the_claim_period_is_refused(people):
    back = helpers.days_ago(80)
    seizure = b.record(people, b.seized(people, on=back), on=back)
    b.publish(people, seizure, on=back + datetime.timedelta(days=35))
    with pytest.raises(InvalidTransition, match="1608"):
        _claim(people, b.fresh(seizure))


def test_publication_during_the_election_period_is_refused(people):
    seizure = b.seizure_in("noticed", people)
    with pytest.raises(InvalidTransition, match="election period runs until"):
        b.publish(people, seizure)


def test_forfeiture_during_the_claim_period_is_refused(people):
    seizure = b.seizure_in("advertised", people)
    with pytest.raises(InvalidTransition, match="no timely claim"):
        SEIZURE_ACTS["declare_forfeiture"](people, seizure)
    assert b.fresh(seizure).status == "advertised"


def test_petition_decision_needs_a_different_supervisor(people):
    seizure = b.seizure_in("noticed", people)
    petition = b.petition(people, seizure)
    seizures.propose_petition_decision(actor=people["supervisor"], petition=petition, outcome="deny",
                                       reasons="No evidence.")
    with pytest.raises(ActionNotPermitted, match="their own proposal"):
        seizures.approve_petition_decision(actor=people["supervisor"], petition=b.fresh(petition))
    with pytest.raises(ActionNotPermitted, match="their own proposal"):
        seizures.send_back_petition_decision(actor=people["supervisor"], petition=b.fresh(petition), reason="x")


def test_petition_decision_without_a_proposal_is_refused(people):
    petition = b.petition(people, b.seizure_in("noticed", people))
    with pytest.raises(InvalidTransition, match="no proposed decision"):
        seizures.approve_petition_decision(actor=people["supervisor"], petition=petition)


def test_second_proposal_on_a_petition_is_refused(people, officer2):
    petition = b.petition(people, b.seizure_in("noticed", people))
    seizures.propose_petition_decision(actor=people["officer"], petition=petition, outcome="deny", reasons="No.")
    with pytest.raises(InvalidTransition, match="already awaiting"):
        seizures.propose_petition_decision(actor=officer2, petition=b.fresh(petition), outcome="deny", reasons="No.")


def test_petition_decision_is_refused_to_an_importer_and_an_officer(people):
    petition = b.petition(people, b.seizure_in("noticed", people))
    with pytest.raises(ActionNotPermitted):
        seizures.propose_petition_decision(actor=people["importer"], petition=petition, outcome="deny", reasons="x")
    seizures.propose_petition_decision(actor=people["officer"], petition=petition, outcome="deny", reasons="x")
    with pytest.raises(ActionNotPermitted):
        seizures.approve_petition_decision(actor=people["officer"], petition=b.fresh(petition))


def test_sent_back_petition_proposal_can_be_proposed_again(people):
    petition = b.petition(people, b.seizure_in("noticed", people))
    seizures.propose_petition_decision(actor=people["officer"], petition=petition, outcome="deny", reasons="x")
    seizures.send_back_petition_decision(actor=people["supervisor"], petition=b.fresh(petition), reason="Look again")
    petition = b.fresh(petition)
    assert (petition.status, petition.proposed_outcome, petition.send_back_reason) == ("filed", "", "Look again")
    with pytest.raises(InvalidTransition):
        seizures.approve_petition_decision(actor=people["supervisor"], petition=petition)


# --- Dispositions -------------------------------------------------------------------------------

DISPOSITION_ALLOWED = [
    ("destruction", "pending", "destroyed"),
    ("export", "pending", "exported"),
    ("export", "exported", "export_proven"),
    ("release", "pending", "released"),
]


@pytest.mark.parametrize(("method", "source", "target"), DISPOSITION_ALLOWED)
def test_disposition_edge_is_allowed_and_closes_the_case_when_done(people, method, source, target):
    disposition = b.disposition_in(source, people, method=method)
    if target == "destroyed":
        seizures.record_destruction(actor=people["officer"], disposition=disposition, destruction_method="Shredded",
                                    witness_name="Lee Park")
    elif target == "exported":
        seizures.record_export(actor=people["officer"], disposition=disposition, inbond_number="V1",
                               port_of_exit="2704")
    elif target == "export_proven":
        seizures.record_proof_of_export(actor=people["officer"], disposition=disposition, proof_reference="ITN X1")
    else:
        seizures.record_release(actor=people["supervisor"], disposition=disposition)
    disposition = b.fresh(disposition)
    assert disposition.status == target
    closed = Detention.objects.get(pk=disposition.detention_id).closed_on
    assert (closed is not None) == (target != "exported")


def test_destruction_of_goods_for_export_is_refused_by_its_method(people):
    disposition = b.disposition_in("pending", people, method="export")
    with pytest.raises(InvalidTransition, match="not destruction"):
        seizures.record_destruction(actor=people["officer"], disposition=disposition, destruction_method="x",
                                    witness_name="y")


@pytest.mark.parametrize(("method", "call"), [
    ("destruction", lambda p, d: seizures.record_export(actor=p["officer"], disposition=d, inbond_number="V1",
                                                        port_of_exit="2704")),
    ("export", lambda p, d: seizures.record_release(actor=p["supervisor"], disposition=d)),
])
def test_disposition_of_another_method_is_refused(people, method, call):
    disposition = b.disposition_in("pending", people, method=method)
    with pytest.raises(InvalidTransition):
        call(people, disposition)


def test_disposition_edges_refuse_the_importer_and_the_wrong_state(people):
    disposition = b.disposition_in("pending", people, method="export")
    with pytest.raises(ActionNotPermitted):
        seizures.record_export(actor=people["importer"], disposition=disposition, inbond_number="V1",
                               port_of_exit="2704")
    with pytest.raises(InvalidTransition):
        seizures.record_proof_of_export(actor=people["officer"], disposition=disposition, proof_reference="ITN")
    released = b.disposition_in("pending", people, method="release")
    with pytest.raises(ActionNotPermitted):
        seizures.record_release(actor=people["officer"], disposition=released)
    destroyed = b.disposition_in("destroyed", people)
    with pytest.raises(InvalidTransition):
        seizures.record_destruction(actor=people["officer"], disposition=destroyed, destruction_method="x",
                                    witness_name="y")


def test_destruction_without_a_witness_is_refused_and_changes_nothing(people):
    disposition = b.disposition_in("pending", people, method="destruction")
    with pytest.raises(ValidationError, match="witness"):
        seizures.record_destruction(actor=people["officer"], disposition=disposition, destruction_method="Shredded",
                                    witness_name="  ")
    disposition = b.fresh(disposition)
    assert (disposition.status, disposition.destroyed_on) == ("pending", None)


def test_export_proof_dated_before_the_export_election_is_refused(people):
    disposition = b.disposition_in("exported", people)
    before = disposition.ordered_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="export election"):
        seizures.record_proof_of_export(actor=people["officer"], disposition=disposition, proof_reference="ITN",
                                        proof_on=before)
    assert b.fresh(disposition).status == "exported"


def test_export_dated_before_the_election_is_refused(people):
    disposition = b.disposition_in("pending", people, method="export")
    with pytest.raises(ValidationError, match="export election"):
        seizures.record_export(actor=people["officer"], disposition=disposition, inbond_number="V1",
                               port_of_exit="2704", exported_on=disposition.ordered_on - datetime.timedelta(days=1))


def test_abandoned_goods_under_a_wro_are_ordered_destroyed(people):
    detention = helpers.in_state("abandoned", officer=people["officer"], supervisor=people["supervisor"],
                                 importer_user=people["importer"])
    disposition = GoodsDisposition.objects.get(detention=detention)
    assert (disposition.method, disposition.status) == ("destruction", "pending")


def test_election_to_export_keeps_the_case_open_until_proof(people):
    detention = helpers.in_state("exported", officer=people["officer"], supervisor=people["supervisor"],
                                 importer_user=people["importer"])
    assert detention.closed_on is None
    assert GoodsDisposition.objects.get(detention=detention).method == "export"


# --- Redelivery ---------------------------------------------------------------------------------

def test_redelivery_edges_allowed(people):
    redelivery = b.redelivery_in("demanded", people)
    seizures.record_redelivered(actor=people["officer"], redelivery=redelivery)
    assert b.fresh(redelivery).status == "redelivered"
    late = b.redelivery_in("not_redelivered", people)
    seizures.claim_liquidated_damages(actor=people["supervisor"], redelivery=late, amount="24000")
    late = b.fresh(late)
    assert (late.status, late.damages_amount) == ("damages_claimed", Decimal("24000.00"))


def test_not_redelivered_before_the_30_days_end_is_refused(people):
    redelivery = b.redelivery_in("demanded", people)
    with pytest.raises(InvalidTransition, match="141.113"):
        seizures.record_not_redelivered(actor=people["supervisor"], redelivery=redelivery)


def test_redelivery_edges_refuse_wrong_roles_and_states(people):
    redelivery = b.redelivery_in("demanded", people)
    with pytest.raises(ActionNotPermitted):
        seizures.record_redelivered(actor=people["importer"], redelivery=redelivery)
    with pytest.raises(InvalidTransition):
        seizures.claim_liquidated_damages(actor=people["supervisor"], redelivery=redelivery, amount="10")
    late = b.redelivery_in("not_redelivered", people)
    with pytest.raises(ActionNotPermitted):
        seizures.claim_liquidated_damages(actor=people["officer"], redelivery=late, amount="10")
    with pytest.raises(InvalidTransition):
        seizures.record_redelivered(actor=people["officer"], redelivery=late)


def test_redelivery_is_demanded_only_of_released_goods(people):
    detention = helpers.in_state("excluded", officer=people["officer"], supervisor=people["supervisor"],
                                 importer_user=people["importer"])
    with pytest.raises(InvalidTransition):
        seizures.demand_redelivery(actor=people["officer"], detention=detention, reason="x", bond_number="B",
                                   goods_value="10")


# --- Bad input ----------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["0", "-5", "abc", "", "NaN"])
def test_seizure_value_that_is_not_positive_is_refused(people, value):
    seizure = b.seized(people)
    with pytest.raises(ValidationError, match="positive amount"):
        seizures.record_seizure(actor=people["officer"], seizure=seizure, goods_description="Gloves", quantity="1",
                                appraised_value=value, storage_location="CES", custody_receipt_number="R1")
    assert b.fresh(seizure).status == "awaiting_record"
    assert not Deadline.objects.filter(detention=seizure.detention, kind="seizure_election").exists()


@pytest.mark.parametrize(("value", "bond"), [("12000.00", "1200.00"), ("100000.00", "5000.00"),
                                             ("1000.00", "250.00")])
def test_cost_bond_below_the_statute_is_refused(people, value, bond):
    # 19 U.S.C. 1608: USD 5,000 or 10% of the value, whichever is lower, but not less than USD 250.
    seizure = b.seized(people)
    seizures.record_seizure(actor=people["officer"], seizure=seizure, goods_description="Gloves", quantity="1",
                            appraised_value=value, storage_location="CES", custody_receipt_number="R1")
    short = str(Decimal(bond) - Decimal("0.01"))
    with pytest.raises(ValidationError, match=re.escape(f"at least ${Decimal(bond):,.2f}:")):
        seizures.file_claim(actor=people["importer"], seizure=b.fresh(seizure), statement="Ours.",
                            cost_bond_amount=short)
    seizures.file_claim(actor=people["importer"], seizure=b.fresh(seizure), statement="Ours.", cost_bond_amount=bond)
    assert b.fresh(seizure).status == "claim_filed"


def test_offer_in_compromise_needs_a_positive_amount(people):
    seizure = b.seizure_in("noticed", people)
    with pytest.raises(ValidationError, match="positive amount"):
        seizures.file_petition(actor=people["importer"], seizure=seizure, kind="offer", grounds="x",
                               offer_amount="-1")
    assert b.fresh(seizure).status == "noticed"


def test_granted_petition_names_a_disposition_other_than_sale(people):
    petition = b.petition(people, b.seizure_in("noticed", people))
    with pytest.raises(ValidationError, match="never sold"):
        seizures.propose_petition_decision(actor=people["officer"], petition=petition, outcome="grant",
                                           reasons="x", disposition="sale", conditions="y")


def test_importer_of_another_organisation_cannot_petition(people, importer_b):
    seizure = b.seizure_in("noticed", people)
    with pytest.raises(ActionNotPermitted):
        seizures.file_petition(actor=importer_b, seizure=seizure, kind="petition", grounds="x")


# --- Clocks, each with its citation, counted by hand ---------------------------------------------

def test_notice_of_seizure_opens_the_30_day_election_clock(people):
    with as_of(D(2026, 3, 2)):
        seizure = b.record(people, b.seized(people))
    clock = Deadline.objects.get(detention=seizure.detention, kind="seizure_election")
    # 30 days after Monday 2 March 2026: Wednesday 1 April 2026 (19 CFR 171.2(b)(1)).
    assert (clock.due_date, clock.party, clock.citation) == (
        D(2026, 4, 1), "importer", "19 U.S.C. 1618; 19 CFR 171.2(b)(1), 162.31")
    kinds = set(seizure.detention.evidence_files.values_list("original_filename", flat=True))
    entry = seizure.detention.shipment.entry_number
    assert {f"seizure-record-{entry}.pdf", f"custody-receipt-{entry}.pdf", f"notice-of-seizure-{entry}.pdf"} <= kinds


def test_publication_opens_the_claim_and_publication_clocks(people):
    with as_of(D(2026, 3, 2)):
        seizure = b.record(people, b.seized(people))
    with as_of(D(2026, 4, 2)):
        b.publish(people, b.fresh(seizure))
    clocks = {d.kind: d for d in Deadline.objects.filter(detention=seizure.detention, state="open")}
    # 20 days after Thursday 2 April 2026: Wednesday 22 April (1608; 162.45(a)(3)); 30 days: Saturday 2 May.
    assert (clocks["forfeiture_claim"].due_date, clocks["forfeiture_claim"].citation) == (
        D(2026, 4, 22), "19 U.S.C. 1608, 1609; 19 CFR 162.45(a)(3)")
    assert clocks["forfeiture_publication"].due_date == D(2026, 5, 2)
    assert "162.45(b)" in clocks["forfeiture_publication"].citation


def test_claim_window_is_not_rolled_past_a_weekend(people):
    with as_of(D(2026, 1, 20)):
        seizure = b.record(people, b.seized(people))
    with as_of(D(2026, 3, 2)):
        b.publish(people, b.fresh(seizure))
    clock = Deadline.objects.get(detention=seizure.detention, kind="forfeiture_claim")
    # 20 days after 2 March 2026 is Sunday 22 March; the statute counts calendar days without roll-forward.
    assert clock.due_date == D(2026, 3, 22)


def test_export_opens_the_proof_clock(people):
    with as_of(D(2026, 3, 2)):
        disposition = b.disposition_in("exported", people)
    clock = Deadline.objects.get(detention=disposition.detention, kind="export_proof")
    assert clock.due_date == D(2026, 4, 1)  # setting CASES_EXPORT_PROOF_DAYS, default 30


def test_demand_opens_the_redelivery_and_protest_clocks(people):
    with as_of(D(2026, 3, 2)):
        redelivery = b.redelivery_in("demanded", people)
    clocks = {d.kind: d for d in Deadline.objects.filter(detention=redelivery.detention, state="open")}
    # 30 days: Wednesday 1 April 2026 (19 CFR 141.113; CF 4647). 180 days: Saturday 29 August, rolled to
    # Monday 31 August (19 U.S.C. 1514(c)(3)).
    assert (clocks["redelivery"].due_date, clocks["redelivery"].citation) == (D(2026, 4, 1),
                                                                                "19 CFR 141.113, 113.62")
    assert (clocks["redelivery_protest"].due_date, clocks["redelivery_protest"].citation) == (
        D(2026, 8, 31), "19 U.S.C. 1514(a)(4), (c)(3)")
    entry = redelivery.detention.shipment.entry_number
    assert redelivery.detention.evidence_files.filter(
        original_filename=f"notice-to-redeliver-{entry}-2026-03-02.pdf").exists()


def test_sweep_records_the_failure_to_redeliver_after_30_days(people):
    from cases.services.sweep import sweep_deadlines

    redelivery = b.redelivery_in("lapsed", people)  # demanded 40 days ago
    sweep_deadlines()
    assert b.fresh(redelivery).status == "not_redelivered"


def test_sweep_tells_the_officer_when_the_election_period_ran_out(people):
    from cases.models import Notification
    from cases.services.sweep import sweep_deadlines

    back = helpers.days_ago(45)
    seizure = b.record(people, b.seized(people, on=back), on=back)
    sweep_deadlines()
    clock = Deadline.objects.get(detention=seizure.detention, kind="seizure_election")
    assert clock.state == "lapsed"
    assert Notification.objects.filter(kind="window_lapsed", body__contains="intent to forfeit").exists()


def test_seizure_record_is_opened_by_the_approved_seizure(people):
    detention = helpers.in_state("seized", officer=people["officer"], supervisor=people["supervisor"],
                                 importer_user=people["importer"])
    assert Seizure.objects.get(detention=detention).status == "awaiting_record"
