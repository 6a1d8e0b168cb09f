"""The seizure and its forfeiture proceeding, by hand from 19 U.S.C. 1595a(c), 1607-1610, 1618 and 19 CFR
162.31, 162.45, 171.2, 171.61 (docs/seizure.md)."""

from tests.cases.expected_tables import edge

MACHINE = "seizure"
STAFF = ("officer", "supervisor")

EXPECTED = {
    # 19 U.S.C. 1595a(c); 19 CFR 162.31: seizure record, custody receipt (CF 6051S), notice of seizure.
    "record_seizure": edge(["awaiting_record"], "noticed", STAFF),
    # 19 U.S.C. 1618; 19 CFR 171.2(b)(1): petition or offer within 30 days of the notice's mailing.
    "file_petition": edge(["noticed"], "petition_pending", ["importer"], ["election_window_open"]),
    # 19 CFR 171.61: one supplemental petition within 60 days of the denial.
    "file_supplemental_petition": edge(["petition_denied"], "petition_pending", ["importer"],
                                       ["supplemental_window_open"]),
    # 19 U.S.C. 1608; 19 CFR 162.45(a)(3): claim and cost bond, within the period open in that state.
    "file_claim": edge(["noticed", "petition_denied", "advertised"], "claim_filed", ["importer"],
                       ["claim_window_open"]),
    # 19 U.S.C. 1609: abandonment by the party forfeits the goods.
    "abandon": edge(["noticed", "petition_denied", "advertised"], "forfeited", ["importer"]),
    # 19 U.S.C. 1607(a); 19 CFR 162.45: published once no election period runs.
    "publish_intent_to_forfeit": edge(["noticed", "petition_denied"], "advertised", STAFF,
                                      ["no_election_running"]),
    # 19 U.S.C. 1609: declaration only after the claim period and publication, without a timely claim.
    "declare_forfeiture": edge(["advertised"], "forfeited", ["supervisor"], ["claim_period_over"]),
    # 19 U.S.C. 1608, 1610: the claim goes to the U.S. Attorney.
    "refer_to_us_attorney": edge(["claim_filed"], "referred", ["supervisor"]),
    # 19 U.S.C. 1608, 1610: the court's judgment after the referral; decree -> forfeited, dismissal or release
    # order -> released_by_court (the service picks the state from the judgment).
    "record_court_outcome": edge(["referred"], None, ["supervisor"]),
    # 19 CFR 171.21: the petition's approved decision (four eyes) moves the seizure; never a button.
    "grant_relief": edge(["petition_pending"], "remitted", ["supervisor"], internal=True),
    "deny_relief": edge(["petition_pending"], "petition_denied", ["supervisor"], internal=True),
}
