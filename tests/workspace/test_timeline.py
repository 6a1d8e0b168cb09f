"""The case timeline: audit events written as sentences (cases.timeline.describe_event, a pure function)."""

import datetime

from cases.models import AuditEvent, Detention
from cases.timeline import case_timeline, describe_event


def event(action, *, actor_label="Officer Ana Ruiz", after=None, before=None, reason="", detained_on=None,
          object_type="detention", outcome="success"):
    e = AuditEvent(action=action, actor_label=actor_label, after=after or {}, before=before or {}, reason=reason,
                   object_type=object_type, outcome=outcome)
    if detained_on:
        e.detention = Detention(detained_on=detained_on, presented_on=detained_on)
    return e


def test_the_notice_sentence_counts_business_days_after_detention():
    # Detained Friday 2 Oct 2026; notice Friday 9 Oct: Mon-Fri is 5 business days.
    e = event("issue_notice", after={"notice_issued_on": "2026-10-09"}, detained_on=datetime.date(2026, 10, 2))

    assert describe_event(e) == "Officer Ana Ruiz issued the notice of detention, 5 business days after detention."


def test_the_notice_sentence_skips_a_federal_holiday():
    # Detained Friday 9 Oct 2026; Monday 12 Oct is Columbus Day; notice Tuesday 13 Oct = 1 business day.
    e = event("issue_notice", after={"notice_issued_on": "2026-10-13"}, detained_on=datetime.date(2026, 10, 9))

    assert describe_event(e).endswith("1 business day after detention.")


def test_a_notice_on_the_day_of_detention_says_so():
    e = event("issue_notice", after={"notice_issued_on": "2026-10-02"}, detained_on=datetime.date(2026, 10, 2))

    assert describe_event(e) == "Officer Ana Ruiz issued the notice of detention, on the day of detention."


def test_the_system_acts_as_the_system():
    e = event("record_deemed_exclusion", actor_label="system")

    assert describe_event(e).startswith("The system recorded a deemed exclusion")


def test_a_proposal_names_the_outcome():
    e = event("propose_decision", after={"outcome": "release", "status": "proposed"}, object_type="decision")

    assert describe_event(e) == "Officer Ana Ruiz proposed release of the goods."


def test_an_approval_of_the_detention_names_the_new_state():
    e = event("approve_decision", actor_label="Supervisor Sam Diaz", after={"status": "excluded"})

    assert describe_event(e) == "Supervisor Sam Diaz approved the decision: the goods are excluded."


def test_a_send_back_quotes_the_reason():
    e = event("send_back_decision", actor_label="Supervisor Sam Diaz", reason="Check the audit report.")

    assert describe_event(e) == (
        "Supervisor Sam Diaz sent the proposed decision back, saying: “Check the audit report.”.")


def test_a_reassignment_differs_from_a_first_assignment():
    first = event("assign", actor_label="Supervisor Sam Diaz", before={"assigned_officer": None})
    again = event("assign", actor_label="Supervisor Sam Diaz", before={"assigned_officer": 7})

    assert describe_event(first) == "Supervisor Sam Diaz assigned the case."
    assert describe_event(again) == "Supervisor Sam Diaz assigned the case to another officer."


def test_the_detention_names_its_basis():
    e = event("detain", after={"basis": "uflpa"})

    assert describe_event(e) == (
        "Officer Ana Ruiz detained the goods under the UFLPA presumption (Xinjiang / Entity List).")


def test_an_internal_note_is_told_apart_from_a_shared_one():
    assert describe_event(event("add_note", after={"visibility": "internal"})).endswith("wrote an internal note.")
    assert describe_event(event("add_note", after={"visibility": "importer"})).endswith(
        "wrote a note visible to the importer.")


def test_an_unknown_action_still_reads_as_words():
    assert describe_event(event("do_something_new")) == "Officer Ana Ruiz do something new."


def test_a_refused_attempt_says_it_was_refused():
    e = event("approve_decision", outcome="refused")

    assert "was refused" in describe_event(e)


def test_the_case_timeline_tells_a_proposal_and_its_approval_once_each():
    events = [
        event("propose_decision", after={}, object_type="detention"),
        event("propose_decision", after={"outcome": "exclude"}, object_type="decision"),
        event("approve_decision", actor_label="Supervisor Sam Diaz", after={"status": "excluded"}),
        event("approve_decision", actor_label="Supervisor Sam Diaz", object_type="decision"),
    ]

    sentences = [sentence for _event, sentence in case_timeline(events)]

    assert sentences == ["Officer Ana Ruiz proposed exclusion of the goods.",
                         "Supervisor Sam Diaz approved the decision: the goods are excluded."]
