"""A petition to modify or revoke an order, by hand from domain.md sections 1 and 4."""

from tests.cases.expected_tables import edge

MACHINE = "modification petition"

EXPECTED = {
    # domain.md section 1: a petition runs submitted -> under review -> granted | denied.
    "start_review": edge({"submitted"}, "under_review", {"officer", "supervisor"}),
    "grant": edge({"under_review"}, "granted", {"supervisor"}),
    "deny": edge({"under_review"}, "denied", {"supervisor"}),
}
