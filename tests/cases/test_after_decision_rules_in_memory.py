"""The machines after the decision (seizure, seizure petition, disposition, redelivery) through `require`, in memory.

The same expectations as tests/cases/test_after_decision_machines.py, without the database: records are
unsaved model instances whose clocks and petitions are given as prefetched lists, so every role and
state of every edge, and each guard on the day its window closes and the day after, run in a second.
Expected edges come from the hand-written tables (tests/cases/expected_tables); the periods and the
refusals from the rules cited (19 U.S.C. 1607-1609, 1618; 19 CFR 162.45, 171.2, 171.61, 141.113;
docs/seizure.md), never from cases.workflows.
"""

import datetime

import pytest

from cases import workflows
from cases.actors import SYSTEM
from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import (
    Deadline,
    Detention,
    GoodsDisposition,
    Protest,
    Redelivery,
    Seizure,
    SeizurePetition,
    Shipment,
)
from cases.services.support import as_of
from tests.cases.expected_tables import disposition as expected_disposition
from tests.cases.expected_tables import redelivery as expected_redelivery
from tests.cases.expected_tables import seizure as expected_seizure
from tests.cases.expected_tables import seizure_petition as expected_seizure_petition
from tests.cases.test_workflow_rules_in_memory import ORG, OTHER_ORG, PEOPLE, ROLES, SUPERVISOR2, TODAY
from tests.cases.test_workflow_rules_in_memory import _outcome as outcome

# The same people, organisations and day as the other in-memory table tests (2 March 2026, a Monday).
DAY = datetime.timedelta(days=1)


def clock(kind, due, state="open", citation="the rule"):
    return Deadline(kind=kind, state=state, due_date=due, starts_on=TODAY - 30 * DAY, citation=citation)


def case(*clocks, status="seized", importer=ORG):
    record = Detention(pk=1, status=status, basis="finding", shipment=Shipment(pk=2, importer_id=importer))
    record._prefetched_objects_cache = {"deadlines": list(clocks)}
    return record


def seizure(status="noticed", clocks=(), petitions=(), importer=ORG):
    record = Seizure(pk=8, status=status, detention=case(*clocks, importer=importer))
    record._prefetched_objects_cache = {"petitions": list(petitions)}
    return record


def petition(kind="petition", status="denied", **fields):
    return SeizurePetition(pk=30, kind=kind, status=status, organisation_id=ORG, filed_on=TODAY - 40 * DAY, **fields)


def seizure_petition(status="filed", proposed_outcome="", proposed_by_id=None):
    return SeizurePetition(pk=31, kind="petition", status=status, organisation_id=ORG,
                           seizure=seizure("petition_pending"), proposed_outcome=proposed_outcome,
                           proposed_by_id=proposed_by_id)


def disposition(status="pending", method="destruction"):
    return GoodsDisposition(pk=40, status=status, method=method, detention=case(status="forfeited"))


def redelivery(status="demanded", clocks=(), protests=(), **fields):
    # Demanded 30 days ago, the day every clock() starts: its protest window is the clock starting that day.
    record = Redelivery(pk=50, status=status, detention=case(*clocks, status="released"),
                        demanded_on=TODAY - 30 * DAY, **fields)
    record._prefetched_objects_cache = {"protests": list(protests)}
    return record


def refusal(who, record, action, error=InvalidTransition):
    with as_of(TODAY), pytest.raises(error) as excinfo:
        workflows.require(who, record, action)
    return excinfo.value.message


def allows(who, record, action):
    with as_of(TODAY):
        return workflows.require(who, record, action).action == action


# --- Every role and state of every edge ----------------------------------------------------------------

# For each action, a record in the given state on which its guards let it through (an open window for the
# acts that need one, no running period for the acts that wait for it, the right method, a proposal by
# another person), so that only the role and the state decide.
ALL_WINDOWS_OPEN = (clock("seizure_election", TODAY), clock("supplemental_petition", TODAY),
                    clock("forfeiture_claim", TODAY))
PASSING = {
    "seizure": {
        "file_petition": lambda s: seizure(s, [clock("seizure_election", TODAY)]),
        "file_supplemental_petition": lambda s: seizure(s, [clock("supplemental_petition", TODAY)], [petition()]),
        "file_claim": lambda s: seizure(s, ALL_WINDOWS_OPEN),
        None: lambda s: seizure(s),
    },
    "seizure petition": {
        "propose_decision": lambda s: seizure_petition(s),
        None: lambda s: seizure_petition(s, proposed_outcome="grant", proposed_by_id=11),
    },
    "disposition": {
        "record_export": lambda s: disposition(s, method="export"),
        "record_proof_of_export": lambda s: disposition(s, method="export"),
        "record_release": lambda s: disposition(s, method="release"),
        None: lambda s: disposition(s, method="destruction"),
    },
    "redelivery": {"file_protest": lambda s: redelivery(s, [clock("redelivery_protest", TODAY)]),
                   "release_redelivered_goods": lambda s: redelivery(s, redelivered_on=TODAY - 20 * DAY),
                   None: lambda s: redelivery(s)},
}
MODULES = (expected_seizure, expected_seizure_petition, expected_disposition, expected_redelivery)
MODELS = {"seizure": Seizure, "seizure petition": SeizurePetition, "disposition": GoodsDisposition,
          "redelivery": Redelivery}


def _matrix():
    for module in MODULES:
        for action in module.EXPECTED:
            yield pytest.param(module, action, id=f"{module.MACHINE}-{action}")


@pytest.mark.parametrize(("module", "action"), _matrix())
def test_every_role_and_state_of_an_edge_after_the_decision_is_allowed_or_refused_as_the_hand_table_says(
        module, action):
    edge = module.EXPECTED[action]
    make = PASSING[module.MACHINE].get(action) or PASSING[module.MACHINE][None]
    observed, expected = {}, {}
    with as_of(TODAY):
        for state, _ in MODELS[module.MACHINE]._meta.get_field("status").choices:
            for role in ROLES:
                observed[state, role] = outcome(PEOPLE[role], make(state), action)
                expected[state, role] = ("403" if role not in edge.roles else
                                         "409" if state not in edge.sources else "allowed")
    assert observed == expected


@pytest.mark.parametrize(("module", "action"), _matrix())
def test_internal_edges_after_the_decision_are_never_offered_and_the_others_are_where_allowed(module, action):
    edge = module.EXPECTED[action]
    make = PASSING[module.MACHINE].get(action) or PASSING[module.MACHINE][None]
    with as_of(TODAY):
        for state in edge.sources:
            for role in edge.roles:
                offered = action in workflows.allowed_actions(PEOPLE[role], make(state))
                assert offered == (not edge.internal), (state, role)


def test_an_importer_of_another_organisation_may_not_act_on_the_seizure():
    mine = seizure("noticed", [clock("seizure_election", TODAY)])
    theirs = seizure("noticed", [clock("seizure_election", TODAY)], importer=OTHER_ORG)
    assert allows(PEOPLE["importer"], mine, "file_petition")
    assert "another organisation" in refusal(PEOPLE["importer"], theirs, "file_petition", ActionNotPermitted)


# --- The election period: a petition or offer within 30 days of the notice (19 U.S.C. 1618; 19 CFR 171.2(b)(1)) --

def test_a_petition_on_the_last_day_of_the_election_period_is_allowed_and_the_day_after_is_refused():
    assert allows(PEOPLE["importer"], seizure("noticed", [clock("seizure_election", TODAY)]), "file_petition")
    message = refusal(PEOPLE["importer"], seizure("noticed", [clock("seizure_election", TODAY - DAY)]),
                      "file_petition")
    assert "ended on 01 March 2026" in message
    assert "171.2(b)(1)" in message


@pytest.mark.parametrize("clocks", [
    [],  # no election clock at all
    [clock("seizure_election", TODAY + 10 * DAY, state="lapsed")],  # the sweep already closed it
    [clock("seizure_election", TODAY + 10 * DAY, state="met")],  # a petition already answered it
    [clock("supplemental_petition", TODAY + 10 * DAY), clock("forfeiture_claim", TODAY + 10 * DAY)],  # other periods
], ids=["no-clock", "lapsed", "met", "other-kinds-open"])
def test_a_petition_without_an_open_election_period_is_refused_as_ended(clocks):
    message = refusal(PEOPLE["importer"], seizure("noticed", clocks), "file_petition")
    assert "has ended" in message


def test_the_open_election_clock_is_found_among_closed_ones_and_other_kinds():
    clocks = [clock("forfeiture_claim", TODAY - 5 * DAY), clock("seizure_election", TODAY - 5 * DAY, state="met"),
              clock("supplemental_petition", TODAY - 5 * DAY, state="lapsed"), clock("seizure_election", TODAY)]
    assert allows(PEOPLE["importer"], seizure("noticed", clocks), "file_petition")
    clocks[-1] = clock("seizure_election", TODAY - 2 * DAY)
    assert "ended on 28 February 2026" in refusal(PEOPLE["importer"], seizure("noticed", clocks), "file_petition")


# --- The supplemental petition: one, within its period after a denial (19 CFR 171.61) --------------------

def test_a_supplemental_petition_after_a_denial_is_allowed_to_the_last_day_of_its_period():
    denied = [petition("petition", "denied")]
    assert allows(PEOPLE["importer"], seizure("petition_denied", [clock("supplemental_petition", TODAY)], denied),
                  "file_supplemental_petition")
    message = refusal(PEOPLE["importer"],
                      seizure("petition_denied", [clock("supplemental_petition", TODAY - DAY),
                                                  clock("seizure_election", TODAY + 5 * DAY)], denied),
                      "file_supplemental_petition")
    assert "ended on 01 March 2026" in message and "171.61" in message


def test_a_supplemental_petition_is_not_opened_by_the_election_period():
    # Only the period opened by the denial counts, not an election clock still shown open.
    message = refusal(PEOPLE["importer"], seizure("petition_denied", [clock("seizure_election", TODAY + 5 * DAY)],
                                                  [petition("offer", "denied")]), "file_supplemental_petition")
    assert "has ended" in message


def test_a_second_supplemental_petition_is_refused_even_within_the_period():
    filed = [petition("petition", "denied"), petition("supplemental", "denied")]
    message = refusal(PEOPLE["importer"], seizure("petition_denied", [clock("supplemental_petition", TODAY)], filed),
                      "file_supplemental_petition")
    assert "already filed" in message and "171.61" in message


# --- The claim and cost bond (19 U.S.C. 1608; 19 CFR 162.45(a)(3)), by the state of the seizure ----------

def test_a_claim_during_the_publication_is_allowed_and_after_the_claim_period_is_refused():
    # Advertised: the claim runs 20 days from the first publication; the election clock has no say any more.
    during = seizure("advertised", [clock("forfeiture_claim", TODAY), clock("forfeiture_publication", TODAY + DAY)])
    assert allows(PEOPLE["importer"], during, "file_claim")
    after = seizure("advertised", [clock("forfeiture_claim", TODAY - DAY), clock("seizure_election", TODAY + DAY),
                                   clock("supplemental_petition", TODAY + DAY)])
    message = refusal(PEOPLE["importer"], after, "file_claim")
    assert "ended on 01 March 2026" in message and "1608" in message


def test_a_claim_after_a_denial_runs_with_the_supplemental_period():
    allowed = seizure("petition_denied", [clock("supplemental_petition", TODAY)], [petition()])
    assert allows(PEOPLE["importer"], allowed, "file_claim")
    late = seizure("petition_denied", [clock("supplemental_petition", TODAY - DAY), clock("seizure_election", TODAY),
                                       clock("forfeiture_claim", TODAY)], [petition()])
    message = refusal(PEOPLE["importer"], late, "file_claim")
    assert "ended on 01 March 2026" in message and "171.61" in message


def test_a_claim_after_the_notice_runs_with_the_election_period():
    assert allows(PEOPLE["importer"], seizure("noticed", [clock("seizure_election", TODAY)]), "file_claim")
    late = seizure("noticed", [clock("seizure_election", TODAY - DAY), clock("supplemental_petition", TODAY),
                               clock("forfeiture_claim", TODAY)])
    message = refusal(PEOPLE["importer"], late, "file_claim")
    assert "ended on 01 March 2026" in message and "1618" in message
    assert "has ended" in refusal(PEOPLE["importer"], seizure("noticed", [clock("supplemental_petition", TODAY)]),
                                  "file_claim")


# --- Publication waits for the election and the supplemental period (19 U.S.C. 1607(a); 19 CFR 162.45) ---------

@pytest.mark.parametrize(("state", "kind", "label"), [
    ("noticed", "seizure_election", "the party's election period"),
    ("petition_denied", "supplemental_petition", "the supplemental petition period"),
])
def test_publication_on_the_last_day_of_a_period_is_refused_naming_it_and_allowed_the_day_after(state, kind, label):
    running = seizure(state, [clock(kind, TODAY, citation="19 CFR 171.2(b)(1)")])
    message = refusal(PEOPLE["officer"], running, "publish_intent_to_forfeit")
    assert f"{label} runs until 02 March 2026" in message
    assert "(19 CFR 171.2(b)(1))" in message
    assert allows(PEOPLE["officer"], seizure(state, [clock(kind, TODAY - DAY)]), "publish_intent_to_forfeit")


def test_publication_with_no_running_period_is_allowed():
    assert allows(PEOPLE["officer"], seizure("noticed"), "publish_intent_to_forfeit")
    closed = [clock("seizure_election", TODAY + DAY, state="met"), clock("forfeiture_claim", TODAY + DAY)]
    assert allows(PEOPLE["supervisor"], seizure("petition_denied", closed), "publish_intent_to_forfeit")


def test_publication_is_refused_while_either_period_runs_whichever_is_listed_first():
    both = [clock("supplemental_petition", TODAY + DAY), clock("seizure_election", TODAY + 2 * DAY)]
    assert "the party's election period runs until 04 March 2026" in refusal(
        PEOPLE["officer"], seizure("petition_denied", both), "publish_intent_to_forfeit")
    only_supplemental = [clock("seizure_election", TODAY - DAY), clock("supplemental_petition", TODAY + DAY)]
    assert "the supplemental petition period runs until 03 March 2026" in refusal(
        PEOPLE["officer"], seizure("petition_denied", only_supplemental), "publish_intent_to_forfeit")


# --- Declaration of forfeiture only after the claim period and the publication (19 U.S.C. 1609) --------------

@pytest.mark.parametrize(("kind", "label"), [("forfeiture_claim", "the claim period"),
                                              ("forfeiture_publication", "the publication")])
def test_forfeiture_on_the_last_day_of_the_claim_or_publication_is_refused_and_the_day_after_allowed(kind, label):
    message = refusal(PEOPLE["supervisor"], seizure("advertised", [clock(kind, TODAY, citation="19 CFR 162.45")]),
                      "declare_forfeiture")
    assert f"{label} runs until 02 March 2026" in message and "(19 CFR 162.45)" in message
    assert allows(PEOPLE["supervisor"], seizure("advertised", [clock(kind, TODAY - DAY)]), "declare_forfeiture")


def test_forfeiture_is_refused_while_the_claim_period_runs_though_the_publication_ended():
    clocks = [clock("forfeiture_publication", TODAY - DAY), clock("forfeiture_claim", TODAY + DAY)]
    assert "the claim period runs until 03 March 2026" in refusal(PEOPLE["supervisor"], seizure("advertised", clocks),
                                                                 "declare_forfeiture")
    clocks = [clock("forfeiture_claim", TODAY - DAY), clock("forfeiture_publication", TODAY + DAY)]
    assert "the publication runs until 03 March 2026" in refusal(PEOPLE["supervisor"], seizure("advertised", clocks),
                                                                "declare_forfeiture")


def test_forfeiture_after_both_periods_or_with_none_open_is_allowed():
    assert allows(PEOPLE["supervisor"], seizure("advertised"), "declare_forfeiture")
    closed = [clock("forfeiture_claim", TODAY + DAY, state="met"), clock("seizure_election", TODAY + DAY)]
    assert allows(PEOPLE["supervisor"], seizure("advertised", closed), "declare_forfeiture")


# --- The petition's decision under four eyes (domain.md section 4; 19 CFR 171.21) ------------------------------

def test_a_petition_proposal_is_made_once():
    assert allows(PEOPLE["officer"], seizure_petition(), "propose_decision")
    message = refusal(PEOPLE["officer"], seizure_petition(proposed_outcome="deny", proposed_by_id=12),
                      "propose_decision")
    assert "already awaiting a supervisor's approval" in message


@pytest.mark.parametrize("action", ["approve_decision", "send_back_decision"])
def test_a_petition_decision_needs_a_proposal_and_another_supervisor(action):
    assert allows(PEOPLE["supervisor"], seizure_petition(proposed_outcome="grant", proposed_by_id=11), action)
    assert allows(SUPERVISOR2, seizure_petition(proposed_outcome="deny", proposed_by_id=12), action)
    assert "no proposed decision on this petition" in refusal(PEOPLE["supervisor"], seizure_petition(), action)
    own = refusal(PEOPLE["supervisor"], seizure_petition(proposed_outcome="grant", proposed_by_id=12), action,
                  ActionNotPermitted)
    assert "cannot approve or send back their own proposal" in own


# --- Disposition by its method (19 CFR 12.44(a); 19 U.S.C. 1307) ----------------------------------------------

@pytest.mark.parametrize(("action", "method", "other", "wording"), [
    ("record_destruction", "destruction", "export", "this disposition is export under bond, not destruction"),
    ("record_export", "export", "release", "this disposition is release, not export"),
    ("record_release", "release", "destruction", "this disposition is destruction, not release"),
])
def test_a_disposition_is_recorded_only_by_its_own_method(action, method, other, wording):
    assert allows(PEOPLE["supervisor"], disposition(method=method), action)
    assert wording in refusal(PEOPLE["supervisor"], disposition(method=other), action)


# --- Redelivery: not redelivered only after the 30 days of the notice (19 CFR 141.113) ------------------------

def test_not_redelivered_is_refused_on_the_last_day_and_recorded_the_day_after():
    message = refusal(SYSTEM, redelivery(clocks=[clock("redelivery", TODAY)]), "record_not_redelivered")
    assert "may be redelivered until 02 March 2026" in message and "141.113" in message
    assert allows(SYSTEM, redelivery(clocks=[clock("redelivery", TODAY - DAY)]), "record_not_redelivered")
    assert allows(PEOPLE["supervisor"], redelivery(), "record_not_redelivered")


def test_only_the_redelivery_clock_holds_the_failure_back():
    others = [clock("redelivery_protest", TODAY + 100 * DAY), clock("redelivery", TODAY + DAY, state="met")]
    assert allows(PEOPLE["supervisor"], redelivery(clocks=others), "record_not_redelivered")


# --- Labels a person reads in a refusal -----------------------------------------------------------------------

def test_a_refusal_names_the_act_refused_and_the_roles_it_needs():
    from cases.models import Decision

    proposed = Decision(pk=5, status="proposed", proposed_by_id=21, detention=case(status="under_review"))
    assert refusal(PEOPLE["officer"], proposed, "approve", ActionNotPermitted) == (
        "Officer may not approve; this needs: Supervisor.")
    assert refusal(PEOPLE["importer"], disposition(), "record_destruction", ActionNotPermitted) == (
        "Importer may not record the witnessed destruction; this needs: Officer, Supervisor.")


# --- The protest of a demand for redelivery (19 U.S.C. 1514(a)(4), (c)(1), (c)(3)) ---------------------------

def test_the_demand_is_protested_through_its_last_day_and_refused_after_it_with_the_date():
    last_day = redelivery(clocks=[clock("redelivery_protest", TODAY)])
    assert allows(PEOPLE["importer"], last_day, "file_protest")
    ended = redelivery(clocks=[clock("redelivery_protest", TODAY - DAY)])
    message = refusal(PEOPLE["importer"], ended, "file_protest")
    assert "ended on 01 March 2026" in message and "1514(c)(3)" in message
    lapsed = redelivery(clocks=[clock("redelivery_protest", TODAY + DAY, state="lapsed")])
    assert "ended on 03 March 2026" in refusal(PEOPLE["importer"], lapsed, "file_protest")


def test_a_demand_already_protested_is_not_protested_again():
    earlier = Protest(pk=70, status="denied", filed_on=TODAY - 10 * DAY, organisation_id=ORG)
    record = redelivery(clocks=[clock("redelivery_protest", TODAY)], protests=[earlier])
    message = refusal(PEOPLE["importer"], record, "file_protest")
    assert "protested on 20 February 2026" in message and "1514(c)(1)" in message


def test_a_demand_of_another_organisation_is_not_protested():
    record = redelivery(clocks=[clock("redelivery_protest", TODAY)])
    record.detention.shipment.importer_id = OTHER_ORG
    refusal(PEOPLE["importer"], record, "file_protest", error=ActionNotPermitted)


# --- Redelivered goods released again on the allowed protest of the demand (19 U.S.C. 1515(a)) --------------

@pytest.mark.parametrize(("fields", "reason"), [
    ({}, "the goods were not redelivered"),
    ({"redelivered_on": TODAY - 20 * DAY, "goods_released_on": TODAY - DAY}, "already released on"),
])
def test_only_goods_redelivered_and_still_held_are_released_again(fields, reason):
    message = refusal(PEOPLE["supervisor"], redelivery("cancelled", **fields), "release_redelivered_goods")
    assert reason in message
