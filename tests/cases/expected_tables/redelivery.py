"""Redelivery of released goods (19 CFR 141.113; CBP Form 4647) and liquidated damages (19 CFR 113.62)."""

from tests.cases.expected_tables import edge

MACHINE = "redelivery"

EXPECTED = {
    # Redelivered within the 30 days of the notice.
    "record_redelivered": edge(["demanded"], "redelivered", ["officer", "supervisor"]),
    # Only after the 30 days: the sweep (system) or a supervisor records the failure.
    "record_not_redelivered": edge(["demanded"], "not_redelivered", ["supervisor", "system"],
                                   ["redelivery_window_over"]),
    # 19 CFR 113.62: claim for liquidated damages against the bond.
    "claim_liquidated_damages": edge(["not_redelivered"], "damages_claimed", ["supervisor"]),
}
