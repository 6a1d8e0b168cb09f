"""Every edge of every hand-written table through `require`, and each guard turned on and off, in memory.

The same expectations as tests/cases/test_detention_transitions.py (tests/cases/expected_tables, written
by hand from domain.md and the law), checked without the database: records are unsaved model instances
whose related rows are given as prefetched lists, so the whole matrix (every machine, action, role and
state) runs in a second. The services, the audit trail and the database rules are driven in the
database tests; these make a wrong table row or a wrong guard fail fast.
"""

import datetime
import importlib
import pkgutil
from types import SimpleNamespace

import pytest
from django.test import override_settings

from cases import workflows
from cases.actors import SYSTEM
from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import (
    AdmissibilitySubmission,
    Deadline,
    Decision,
    Detention,
    Finding,
    ForeignEntity,
    Investigation,
    ModificationPetition,
    Protest,
    RequestForInformation,
    Seizure,
    Shipment,
    WithholdReleaseOrder,
)
from cases.services.support import as_of
from tests.cases import expected_tables

ORG, OTHER_ORG = 7, 8
TODAY = datetime.date(2026, 3, 2)
ROLES = ("officer", "supervisor", "importer", "admin", "system")


def person(role, pk, org=None, active=True):
    if role == "system":
        return SYSTEM
    return SimpleNamespace(role=role, pk=pk, organisation_id=org,
                           organisation=SimpleNamespace(is_active=active) if org else None)


PEOPLE = {"officer": person("officer", 11), "supervisor": person("supervisor", 12),
          "importer": person("importer", 13, ORG), "admin": person("admin", 14), "system": SYSTEM}
OFFICER2, SUPERVISOR2 = person("officer", 21), person("supervisor", 22)


def related(obj, **rows):
    obj._prefetched_objects_cache = {name: list(items) for name, items in rows.items()}
    return obj


def detention(status="notice_issued", basis="uflpa", decisions=(), submissions=(), protests=(), deadlines=()):
    record = related(Detention(pk=1, status=status, basis=basis, shipment=Shipment(pk=2, importer_id=ORG)),
                     decisions=decisions, submissions=submissions, protests=protests, deadlines=deadlines)
    record._state.fields_cache["seizure"] = None  # no seizure record opened (read without the database)
    return record


def proposal(by=11, status="proposed"):
    return Decision(pk=5, status=status, proposed_by_id=by)


def protest(status="filed", filed_on=TODAY, case=None, window_end=TODAY + datetime.timedelta(days=150),
            clocks=(), **fields):
    case = case or detention("excluded")
    window = Deadline(pk=40, kind="protest_filing", starts_on=TODAY - datetime.timedelta(days=30), due_date=window_end)
    case._prefetched_objects_cache["deadlines"] = [window]
    return related(Protest(pk=3, status=status, organisation_id=ORG, detention=case, filed_on=filed_on,
                           decision_date=window.starts_on, **fields), deadlines=clocks)


def bare(module):
    """A record of the module's machine with nothing pending."""
    model = {"detention": Detention, "submission": AdmissibilitySubmission, "request for information":
             RequestForInformation, "decision": Decision, "protest": Protest, "withhold release order":
             WithholdReleaseOrder, "finding": Finding, "investigation": Investigation,
             "modification petition": ModificationPetition}[module.MACHINE]
    if model is Detention:
        return detention
    if model is Protest:
        return lambda status: protest(status)
    if model is Investigation:
        return lambda status: Investigation(pk=9, status=status, assigned_officer_id=11)
    if model is AdmissibilitySubmission:
        return lambda status: model(pk=9, status=status, organisation_id=ORG, detention=detention())
    if model in (RequestForInformation, Decision):
        return lambda status: model(pk=9, status=status, detention=detention(),
                                    **({"proposed_by_id": 11} if model is Decision else {}))
    return lambda status: model(pk=9, status=status)


def states(module):
    model = bare(module)("x").__class__
    return [value for value, _ in model._meta.get_field("status").choices]


# Guards that refuse on a record with nothing pending (no proposal, protest or filed package; a UFLPA basis;
# a protest filed today): there is nothing to approve or send back (domain.md section 4), abandonment needs a
# WRO (19 CFR 12.44(a)), accelerated disposition waits 90 days (19 CFR 174.22(a)); a detention with no seizure
# record is neither forfeited nor released from seizure (docs/seizure.md: the seizure record is the one way).
# A bare detention (UFLPA) has no Finding converted from a WRO to be seized under (19 CFR 12.42(f), 12.44(b)).
REFUSE_WHEN_BARE = {"has_pending_decision", "basis_is_wro", "accelerated_disposition_open", "protest_proposal_pending",
                    "filed_package_waiting", "seizure_forfeited", "seizure_remitted", "later_finding_covers_the_goods"}


@pytest.fixture(autouse=True)
def _seizure_after_later_finding_on(settings):
    # The setting (default off) is turned off in its own guard's case below.
    settings.CASES_SEIZURE_AFTER_LATER_FINDING = True
# Checked with the database (tests/cases/test_order_services.py): whether a Finding already came from the order.
NEEDS_THE_DATABASE = {"no_finding_from_this_order"}

# The machines whose records this module builds in memory; the machines after the decision (seizure,
# seizure petition, disposition, redelivery) are checked the same way in
# tests/cases/test_after_decision_rules_in_memory.py and driven through the services in
# tests/cases/test_after_decision_machines.py.
IN_MEMORY = {"detention", "submission", "request for information", "decision", "protest", "withhold release order",
             "finding", "investigation", "modification petition"}
MODULES = [module for module in (importlib.import_module(f"{expected_tables.__name__}.{info.name}")
                                 for info in pkgutil.iter_modules(expected_tables.__path__))
           if module.MACHINE in IN_MEMORY]


def _matrix():
    for module in MODULES:
        for action, edge in module.EXPECTED.items():
            if set(edge.guards) & NEEDS_THE_DATABASE:
                continue
            yield pytest.param(module, action, id=f"{module.MACHINE}-{action}")


def _outcome(who, record, action):
    try:
        workflows.require(who, record, action)
    except ActionNotPermitted:
        return "403"
    except InvalidTransition:
        return "409"
    return "allowed"


@pytest.mark.parametrize(("module", "action"), _matrix())
def test_every_role_and_state_of_an_edge_is_allowed_or_refused_as_the_hand_table_says(module, action):
    edge = module.EXPECTED[action]
    make = bare(module)
    observed, expected = {}, {}
    with as_of(TODAY):
        for state in states(module):
            refusing = set(edge.guards) & REFUSE_WHEN_BARE
            if action == "start_review" and module.MACHINE == "detention" and state == "submission_received":
                refusing.discard("filed_package_waiting")  # the package was just filed
            for role in ROLES:
                observed[state, role] = _outcome(PEOPLE[role], make(state), action)
                expected[state, role] = ("403" if role not in edge.roles else "409" if state not in edge.sources
                                         or refusing else "allowed")
    assert observed == expected


@pytest.mark.parametrize(("module", "action"), _matrix())
def test_internal_edges_are_never_offered_and_the_others_are_where_allowed(module, action):
    edge = module.EXPECTED[action]
    if any(set(e.guards) & NEEDS_THE_DATABASE for e in module.EXPECTED.values()):
        pytest.skip("offering every action of this machine asks the database (tests/cases/test_order_services.py)")
    make = bare(module)
    with as_of(TODAY):
        for state in edge.sources:
            for role in edge.roles:
                record = make(state)
                allowed = _outcome(PEOPLE[role], record, action) == "allowed"
                assert (action in workflows.allowed_actions(PEOPLE[role], record)) == (allowed and not edge.internal)


def test_an_importer_of_another_organisation_or_a_suspended_one_may_not_act():
    with as_of(TODAY):
        case = detention("notice_issued")
        assert workflows.require(PEOPLE["importer"], case, "elect_export")
        with pytest.raises(ActionNotPermitted, match="another organisation"):
            workflows.require(person("importer", 30, OTHER_ORG), case, "elect_export")
        with pytest.raises(ActionNotPermitted, match="suspended"):
            workflows.require(person("importer", 31, ORG, active=False), case, "elect_export")
        for record in (protest("filed"), AdmissibilitySubmission(pk=1, status="draft", organisation_id=OTHER_ORG),
                       RequestForInformation(pk=1, status="open", detention=related(Detention(
                           pk=4, status="awaiting_importer", shipment=Shipment(pk=5, importer_id=OTHER_ORG))))):
            action = {Protest: "withdraw", AdmissibilitySubmission: "save_draft", RequestForInformation: "answer"}[
                type(record)]
            if isinstance(record, Protest):
                record.organisation_id = OTHER_ORG
            with pytest.raises(ActionNotPermitted, match="another organisation"):
                workflows.require(PEOPLE["importer"], record, action)


# --- Each guard, on and off ----------------------------------------------------------------------

D = TODAY
# guard -> (action, who, a record it lets through, a record it refuses, words of the refusal)
def seized_with(seizure_status):
    record = detention("seized")
    record._state.fields_cache["seizure"] = Seizure(pk=8, status=seizure_status)
    return record


def excluded_under_finding(finding=True, decisions=(), closed_on=None, inactive_since=None):
    """Goods excluded under a WRO from which a Finding was published ten days ago (19 CFR 12.42(f))."""
    record = detention("excluded", basis="wro", decisions=decisions)
    wro = WithholdReleaseOrder(pk=6, reference="WRO-2020-0001", status="active",
                               effective_date=D - datetime.timedelta(400))
    converted = related(Finding(
        pk=7, reference="FIN-2026-0101", status="no_longer_necessary" if inactive_since else "published",
        published_date=D - datetime.timedelta(10), inactive_since=inactive_since, source_wro_id=6, entity_id=3,
        country="MY", hts_codes=["4015.19"]), exemptions=[]) if finding else None
    wro._state.fields_cache["finding"] = converted
    record.wro, record.closed_on = wro, closed_on
    shipment = record.shipment
    shipment.country_of_origin, shipment.hts_codes = "MY", ["4015.19.0510"]
    shipment.producer = ForeignEntity(pk=3, name="Producer Sdn. Bhd.")
    # The candidate Findings and the port's date, as a list attaches them (cases.later_findings), read without the
    # database.
    record._findings_in_force, record._findings_day = ([converted] if converted else []), D
    return record


# Guards that read a setting rather than the record: the refusing case runs with the setting off.
SETTING_OFF = {"seizure_after_later_finding_on": "CASES_SEIZURE_AFTER_LATER_FINDING"}

GUARDS = {
    # docs/seizure.md: the detention follows the seizure record (19 U.S.C. 1609; 19 U.S.C. 1618, 19 CFR 171.21).
    "seizure_forfeited": ("record_forfeiture", "supervisor", seized_with("forfeited"), seized_with("advertised"),
                          "19 U.S.C. 1609"),
    "seizure_remitted": ("release_from_seizure", "supervisor", seized_with("remitted"),
                         seized_with("petition_pending"), "171.21"),
    "no_pending_decision": ("propose_decision", "officer", detention(), detention(decisions=[proposal()]),
                            "already awaiting"),
    "has_pending_decision": ("approve_decision", "supervisor", detention(decisions=[proposal()]),
                             detention(decisions=[proposal(status="approved"), proposal(status="sent_back")]),
                             "no proposed decision"),
    "not_own_proposal": ("send_back_decision", "supervisor", detention(decisions=[proposal(by=11)]),
                         detention(decisions=[proposal(by=12)]), "their own"),
    "export_offered": ("elect_export", "importer", detention(basis="wro"), detention(basis="finding"), "12.44(b)"),
    "filed_package_waiting": ("start_review", "officer",
                              detention("deemed_excluded", submissions=[AdmissibilitySubmission(status="submitted")]),
                              detention("deemed_excluded", submissions=[AdmissibilitySubmission(status="draft")]),
                              "no filed package"),
    "basis_is_wro": ("record_abandonment", "system", detention("excluded", basis="wro"),
                     detention("excluded", basis="caatsa"), "under a WRO"),
    "no_pending_protest": ("elect_export", "importer", detention("excluded", protests=[Protest(status="denied")]),
                           detention("excluded", protests=[Protest(status="filed")]), "protest is pending"),
    "one_protest_per_entry": ("file_protest", "importer",
                              detention("deemed_excluded", protests=[Protest(status="overtaken", filed_on=D)]),
                              detention("excluded", protests=[Protest(status="withdrawn", filed_on=D)]),
                              "1514(c)(1)"),
    "within_protest_window": ("amend", "importer", protest(window_end=D), protest(window_end=D - datetime.timedelta(1)),
                              "1514(c)(1)"),
    "no_further_review_yet": ("apply_for_further_review", "importer", protest(),
                              protest(further_review_requested_on=D), "already requested"),
    "accelerated_disposition_open": ("request_accelerated_disposition", "importer",
                                     protest(filed_on=D - datetime.timedelta(91)),
                                     protest(filed_on=D - datetime.timedelta(90)), "174.22(a)"),
    "no_protest_proposal": ("propose_decision", "officer", protest(), protest(proposed_outcome="deny"),
                            "already awaiting"),
    "decision_time_left": ("propose_decision", "officer",
                           protest(clocks=[Deadline(kind="protest_decision", state="open", due_date=D)]),
                           protest(clocks=[Deadline(kind="protest_decision", state="open",
                                                    due_date=D - datetime.timedelta(1))]), "1499(c)(5)(B)"),
    "protest_proposal_pending": ("approve_decision", "supervisor", protest(proposed_outcome="deny", proposed_by_id=11),
                                 protest(), "no proposed decision"),
    "not_own_protest_proposal": ("approve_decision", "supervisor", protest(proposed_outcome="deny", proposed_by_id=11),
                                 protest(proposed_outcome="deny", proposed_by_id=12), "their own"),
    # 19 CFR 174.26(b): under further review, not the supervisor who approved the exclusion protested.
    "independent_of_protested_decision": (
        "approve_decision", "supervisor",
        protest(proposed_outcome="deny", proposed_by_id=11, further_review_requested_on=D,
                case=detention("excluded", decisions=[proposal(by=21, status="approved")])),
        protest(proposed_outcome="deny", proposed_by_id=11, further_review_requested_on=D,
                case=detention("excluded", decisions=[SimpleNamespace(status="approved", proposed_by_id=21,
                                                                      reviewed_by_id=12)])),
        "174.26(b)"),
    # 19 CFR 12.42(f), 12.44(b): seizure of excluded goods under a Finding published later (docs/seizure.md).
    "seizure_after_later_finding_on": ("propose_seizure_under_finding", "officer", excluded_under_finding(),
                                       excluded_under_finding(), "turned off"),
    "goods_still_in_custody": ("propose_seizure_under_finding", "officer", excluded_under_finding(),
                               excluded_under_finding(closed_on=D), "no longer in CBP custody"),
    "later_finding_covers_the_goods": ("propose_seizure_under_finding", "officer", excluded_under_finding(),
                                       excluded_under_finding(inactive_since=D), "not in force today"),
    "seizure_under_later_finding_still_open": ("approve_decision", "supervisor",
                                               excluded_under_finding(decisions=[proposal()]),
                                               excluded_under_finding(finding=False, decisions=[proposal()]),
                                               "no Finding in force today covers these goods"),
    "recommendation_complete": ("recommend_wro", "officer",
                                Investigation(pk=9, status="under_investigation", assigned_officer_id=11),
                                Investigation(pk=9, status="under_investigation"), "assign an officer"),
}


def test_every_guard_of_the_hand_tables_is_turned_on_and_off_here():
    names = {g for module in MODULES for edge in module.EXPECTED.values() for g in edge.guards + edge.actor_guards}
    assert names - NEEDS_THE_DATABASE == set(GUARDS)


@pytest.mark.parametrize("guard", sorted(GUARDS))
def test_a_guard_lets_through_what_the_law_allows_and_refuses_the_rest(guard):
    action, role, passing, refusing, words = GUARDS[guard]
    hand = next(m for m in MODULES if workflows.machine_for(passing).name == m.MACHINE).EXPECTED[action]
    expected_error = ActionNotPermitted if guard in hand.actor_guards else InvalidTransition
    with as_of(TODAY):
        assert workflows.require(PEOPLE[role], passing, action).action == action
        setting_off = {SETTING_OFF[guard]: False} if guard in SETTING_OFF else {}
        with override_settings(**setting_off), pytest.raises(expected_error) as excinfo:
            workflows.require(PEOPLE[role], refusing, action)
    assert words in excinfo.value.message


def test_under_further_review_neither_the_proposer_nor_the_approver_of_the_exclusion_may_decide():
    case = detention("excluded", decisions=[SimpleNamespace(status="approved", proposed_by_id=11, reviewed_by_id=12)])
    reviewed = protest(proposed_outcome="deny", proposed_by_id=21, further_review_requested_on=D, case=case)
    fresh = protest(further_review_requested_on=D, case=case)
    with as_of(TODAY):
        for who, record, action in ((PEOPLE["officer"], fresh, "propose_decision"),
                                    (PEOPLE["supervisor"], reviewed, "approve_decision"),
                                    (PEOPLE["supervisor"], reviewed, "send_back_decision")):
            with pytest.raises(ActionNotPermitted, match=r"174\.26\(b\)"):
                workflows.require(who, record, action)
        assert workflows.require(OFFICER2, fresh, "propose_decision")
        assert workflows.require(SUPERVISOR2, reviewed, "approve_decision")
        # Without further review the ordinary four eyes apply only.
        reviewed.further_review_requested_on = None
        assert workflows.require(PEOPLE["supervisor"], reviewed, "approve_decision")


def test_a_protest_past_its_accelerated_disposition_is_deemed_denied():
    late = protest(filed_on=D - datetime.timedelta(120), proposed_outcome="deny", proposed_by_id=11,
                   clocks=[Deadline(kind="accelerated_disposition", state="open", due_date=D - datetime.timedelta(1))])
    on_time = protest(filed_on=D - datetime.timedelta(120), proposed_outcome="deny", proposed_by_id=11,
                      clocks=[Deadline(kind="accelerated_disposition", state="open", due_date=D)])
    with as_of(TODAY):
        assert workflows.require(PEOPLE["supervisor"], on_time, "approve_decision")
        with pytest.raises(InvalidTransition, match=r"1515\(b\)"):
            workflows.require(PEOPLE["supervisor"], late, "approve_decision")


def test_refusals_name_the_roles_the_action_needs():
    with pytest.raises(ActionNotPermitted) as excinfo:
        workflows.require(PEOPLE["officer"], detention("seized"), "record_forfeiture")
    assert excinfo.value.message.startswith("Officer may not record the forfeiture")
    assert "Supervisor" in excinfo.value.message
    with pytest.raises(ActionNotPermitted, match="The system"):
        workflows.require(PEOPLE["admin"], detention("excluded", basis="wro"), "record_abandonment")


def test_a_second_protest_while_the_first_is_pending_is_told_to_amend_the_first():
    # 19 U.S.C. 1514(c)(1): one protest per entry; while the first is pending it may be amended (19 CFR 174.14).
    pending = detention("excluded", protests=[Protest(status="filed", filed_on=D)])
    decided = detention("excluded", protests=[Protest(status="denied", filed_on=D)])
    with as_of(TODAY):
        with pytest.raises(InvalidTransition, match=r"amend that protest instead \(19 CFR 174\.14\)"):
            workflows.require(PEOPLE["importer"], pending, "file_protest")
        with pytest.raises(InvalidTransition, match="denied") as excinfo:
            workflows.require(PEOPLE["importer"], decided, "file_protest")
    assert "amend" not in excinfo.value.message


def test_the_window_of_the_protested_decision_governs_an_amendment():
    # 1514(c)(1): amendment "prior to the expiration of the time in which such protest could have been filed",
    # counted from the decision protested (its latest window row, after an extension); another decision's
    # window or another clock says nothing of it.
    case = detention("excluded")
    filed = protest(case=case)
    protested_on = filed.decision_date
    case._prefetched_objects_cache["deadlines"] = [
        Deadline(pk=41, kind="protest_filing", starts_on=protested_on, due_date=D - datetime.timedelta(1)),
        Deadline(pk=43, kind="protest_filing", starts_on=protested_on, due_date=D + datetime.timedelta(10)),
        Deadline(pk=44, kind="protest_filing", starts_on=protested_on - datetime.timedelta(5),
                 due_date=D - datetime.timedelta(2)),
        Deadline(pk=45, kind="abandonment", starts_on=protested_on, due_date=D - datetime.timedelta(3)),
    ]
    with as_of(TODAY):
        assert workflows.require(PEOPLE["importer"], filed, "amend")
        case._prefetched_objects_cache["deadlines"][1].due_date = D - datetime.timedelta(1)
        with pytest.raises(InvalidTransition, match=r"1514\(c\)\(1\)"):
            workflows.require(PEOPLE["importer"], filed, "amend")


def test_accelerated_disposition_is_requested_once():
    requested = protest(filed_on=D - datetime.timedelta(120), accelerated_requested_on=D - datetime.timedelta(10))
    with as_of(TODAY), pytest.raises(InvalidTransition, match="already requested"):
        workflows.require(PEOPLE["importer"], requested, "request_accelerated_disposition")
