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
    # 19 U.S.C. 1514(a)(4), (c)(3): the importer protests the demand within 180 days; one protest of a demand.
    "file_protest": edge(["demanded", "redelivered", "not_redelivered", "damages_claimed"], None, ["importer"],
                         ["demand_not_protested", "demand_protest_window_open"]),
    # The protest allowed (four eyes, on the protest): the demand and any claim on it are cancelled, never deleted.
    "cancel_on_protest": edge(["demanded", "redelivered", "not_redelivered", "damages_claimed"], "cancelled",
                              ["supervisor"], internal=True),
    # The cancelled demand of goods that had come back: they go back to the importer (19 U.S.C. 1515(a)); only
    # goods redelivered and not yet released again.
    "release_redelivered_goods": edge(["cancelled"], None, ["supervisor"], ["goods_redelivered_and_held"],
                                      internal=True),
}
