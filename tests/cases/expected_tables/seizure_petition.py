"""A petition for relief, offer in compromise or supplemental petition, decided under four eyes
(domain.md section 4; 19 U.S.C. 1618; 19 CFR 171.21)."""

from tests.cases.expected_tables import edge

MACHINE = "seizure petition"

EXPECTED = {
    # Four eyes: an officer or supervisor proposes grant (with conditions) or denial.
    "propose_decision": edge(["filed"], None, ["officer", "supervisor"], ["no_petition_proposal"]),
    # A different supervisor approves; the service sets granted or denied.
    "approve_decision": edge(["filed"], None, ["supervisor"], ["petition_proposal_pending"],
                             ["not_own_petition_proposal"]),
    "send_back_decision": edge(["filed"], None, ["supervisor"], ["petition_proposal_pending"],
                               ["not_own_petition_proposal"]),
}
