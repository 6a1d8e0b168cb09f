"""The case timeline: audit events written as sentences (cases.timeline.describe_event, a pure function)."""

import ast
import datetime
import pathlib

import pytest

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


def test_an_assignment_names_the_officer_it_went_to():
    first = event("assign", actor_label="Supervisor Sam Diaz", before={"assigned_officer": None},
                  after={"assigned_officer": 7})
    again = event("assign", actor_label="Supervisor Sam Diaz", before={"assigned_officer": 7},
                  after={"assigned_officer": 9})
    names = {7: "Ana Ruiz", 9: "Ben Cole"}

    assert describe_event(first, names=names) == "Supervisor Sam Diaz assigned the case to Ana Ruiz."
    assert describe_event(again, names=names) == "Supervisor Sam Diaz reassigned the case from Ana Ruiz to Ben Cole."


def test_the_detention_names_its_basis():
    e = event("detain", after={"basis": "uflpa"})

    assert describe_event(e) == (
        "Officer Ana Ruiz detained the goods under the UFLPA presumption (Xinjiang / Entity List).")


def test_an_internal_note_is_told_apart_from_a_shared_one():
    assert describe_event(event("add_note", after={"visibility": "internal"})).endswith("wrote an internal note.")
    assert describe_event(event("add_note", after={"visibility": "importer"})).endswith(
        "wrote a note visible to the importer.")


def test_a_refused_attempt_says_it_was_refused():
    e = event("approve_decision", outcome="refused")

    assert describe_event(e) == (
        "Officer Ana Ruiz was refused, and nothing changed (attempted: approved the proposed decision).")


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


# --- Every act the services can record has a sentence ------------------------------------------------

SOURCE_ROOTS = ("cases", "evidence")
NOT_AUDIT_ACTIONS = {"store_true", "store_false", "append", "count"}  # argparse, not audit actions
# Actions built from a pattern in the services (f-strings), spelled out by hand.
PATTERNED_ACTIONS = {"allow_protest", "partially_allow_protest", "deny_protest",  # f"{outcome}_protest"
                     "file_petition", "file_offer", "file_supplemental", "file_supplemental_petition"}


def _constants(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.IfExp):
        yield from _constants(node.body)
        yield from _constants(node.orelse)


def recordable_actions() -> set[str]:
    """Every action name the code can write into the audit trail: the `action=` and `audit_action=`
    arguments and `action = ...` assignments of the source, the transitions of every state table, the
    screening-hit transitions and the patterned names above."""
    from cases import workflows
    from cases.screening.services import HIT_TRANSITIONS

    found = set(PATTERNED_ACTIONS) | set(HIT_TRANSITIONS)
    for machine in workflows.MACHINES.values():
        found.update(t.action for t in machine.transitions)
    repo = pathlib.Path(__file__).resolve().parents[2]
    for root in SOURCE_ROOTS:
        for path in (repo / root).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Call):
                    for keyword in node.keywords:
                        if keyword.arg in ("action", "audit_action"):
                            found.update(_constants(keyword.value))
                elif isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "action" for t in node.targets):
                    found.update(_constants(node.value))
    return found - NOT_AUDIT_ACTIONS


def test_the_source_scan_finds_the_actions_of_the_core_loop():
    # Hand-picked acts of a detention's life: the scan must see them, or the test below proves nothing.
    assert {"detain", "issue_notice", "assign", "submit_submission", "send_rfi", "answer_rfi", "approve_decision",
            "file_protest", "deny_protest", "generate_document", "upload_evidence"} <= recordable_actions()


@pytest.mark.parametrize("action", sorted(recordable_actions()))
def test_every_recordable_action_reads_as_a_plain_sentence(action):
    for object_type in ("detention", "admissibilitysubmission", "protest"):
        sentence = describe_event(event(action, object_type=object_type))

        assert "_" not in sentence, sentence
        assert sentence != f"Officer Ana Ruiz {action.replace('_', ' ')}.", f"{action} has no written sentence"
        assert sentence.startswith("Officer Ana Ruiz ") and sentence.endswith(".")


def test_filing_a_package_and_starting_its_review_are_told_once_each():
    events = [
        event("submit_submission", actor_label="Importer Jo Lee", object_type="admissibilitysubmission"),
        event("receive_submission", actor_label="Importer Jo Lee"),
        event("start_review"),
        event("start_submission_review", object_type="admissibilitysubmission"),
        event("send_rfi"),
        event("send_rfi", object_type="requestforinformation"),
        event("request_more_information", object_type="admissibilitysubmission"),
        event("generate_document", object_type="evidencefile",
              after={"title": "Request for information, entry AB0-1000000-0"}),
        event("answer_rfi", actor_label="Importer Jo Lee", object_type="requestforinformation"),
        event("resume_submission_review", actor_label="Importer Jo Lee", object_type="admissibilitysubmission"),
        event("resume_review", actor_label="Importer Jo Lee"),
    ]

    sentences = [sentence for _event, sentence in case_timeline(events)]

    assert sentences == [
        "Importer Jo Lee filed the admissibility package.",
        "Officer Ana Ruiz started the review of the importer's submission.",
        "Officer Ana Ruiz sent a request for information. The letter “Request for information, entry "
        "AB0-1000000-0” was kept as a PDF shared with the importer.",
        "Importer Jo Lee answered the request for information. The review of the case resumed.",
    ]


@pytest.mark.django_db
def test_the_case_page_names_the_assigned_officer_and_dates_acts_in_the_ports_zone(client, officer, officer2,
                                                                                     supervisor):
    from zoneinfo import ZoneInfo

    from django.urls import reverse

    from cases.models import Port
    from cases.services import detentions
    from tests.cases import helpers

    Port.objects.update_or_create(code="1001", defaults={"time_zone": "America/Los_Angeles"})
    detention = helpers.detained(officer=officer)
    detentions.assign_detention(actor=supervisor, detention=detention, officer=officer2, reason="")
    assigned = AuditEvent.objects.get(action="assign", detention=detention)
    client.force_login(supervisor)

    page = client.get(reverse("detention", args=[detention.pk])).content.decode()

    assert "reassigned the case from Ana Ruiz to Ben Cole." in page
    local = assigned.occurred_at.astimezone(ZoneInfo("America/Los_Angeles"))
    abbreviation = "PST" if local.dst().total_seconds() == 0 else "PDT"
    assert f"{local:%-d %b %Y, %H:%M} {abbreviation}" in page
    assert " UTC</time>" not in page
