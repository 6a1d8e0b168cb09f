"""A protest of an exclusion (CBP Form 19), by hand from domain.md section 4, 19 U.S.C. 1514-1515, 19 CFR part 174.

The decision targets are chosen by the service from the approved outcome (allowed, partially_allowed, denied).
"""

from tests.cases.expected_tables import edge

MACHINE = "protest"

IMPORTER, OFFICER, SUPERVISOR, SYSTEM = "importer", "officer", "supervisor", "system"

EXPECTED = {
    # 19 U.S.C. 1514(c)(1): amended "any time prior to the expiration of the time in which such protest could
    # have been filed"; 19 CFR 174.14.
    "amend": edge({"filed"}, None, {IMPORTER}, guards=("within_protest_window",)),
    # 19 CFR 174.14: withdrawn before it is decided.
    "withdraw": edge({"filed"}, "withdrawn", {IMPORTER}),
    # 19 U.S.C. 1515(a): further review requested "within the time allowed for the filing of a protest";
    # 19 CFR 174.23-174.25: once.
    "apply_for_further_review": edge({"filed"}, None, {IMPORTER},
                                     guards=("no_further_review_yet", "within_protest_window")),
    # 19 U.S.C. 1515(b); 19 CFR 174.22(a): "any time after ninety days following the filing", once.
    "request_accelerated_disposition": edge({"filed"}, None, {IMPORTER}, guards=("accelerated_disposition_open",)),
    # docs/protests.md: an officer (or supervisor) proposes; 1499(c)(5)(B): decided before the 30th day after
    # filing; 19 CFR 174.26(b): under further review, by someone who did not take part in the decision protested.
    "propose_decision": edge({"filed"}, None, {OFFICER, SUPERVISOR},
                             guards=("no_protest_proposal", "decision_time_left"),
                             actor_guards=("independent_of_protested_decision",)),
    # Four eyes (domain.md section 4): a different supervisor approves; 1499(c)(5)(B) and 174.26(b) as above.
    "approve_decision": edge({"filed"}, None, {SUPERVISOR}, guards=("protest_proposal_pending", "decision_time_left"),
                             actor_guards=("not_own_protest_proposal", "independent_of_protested_decision")),
    # Four eyes, and 19 CFR 174.26(b): sending a proposal back is part of the review, which under further
    # review belongs to someone who did not take part in the decision protested (a participant could otherwise
    # send back every allowance until the protest is deemed denied).
    "send_back_decision": edge({"filed"}, None, {SUPERVISOR}, guards=("protest_proposal_pending",),
                               actor_guards=("not_own_protest_proposal", "independent_of_protested_decision")),
    # 19 U.S.C. 1499(c)(5)(B); 19 CFR 174.21(b): deemed denied on the 30th day after filing, by law (the sweep).
    "record_deemed_denial": edge({"filed"}, "deemed_denied", {SYSTEM}),
    # docs/protests.md: the agency's later decision overtakes the deemed exclusion protested; a consequence.
    "close_overtaken": edge({"filed"}, "overtaken", {OFFICER, SUPERVISOR, SYSTEM}, internal=True),
}
