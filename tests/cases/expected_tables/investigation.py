"""An investigation of an allegation, by hand from domain.md sections 1 and 4 and 19 CFR 12.42(a)-(e)."""

from tests.cases.expected_tables import edge

MACHINE = "investigation"

STAFF = {"officer", "supervisor"}

EXPECTED = {
    # 19 CFR 12.42(b): a non-conforming allegation is returned with written advice.
    "return_nonconforming": edge({"allegation_received"}, "returned_nonconforming", STAFF),
    # domain.md section 4: allegation_received -> under_investigation.
    "open_investigation": edge({"allegation_received"}, "under_investigation", STAFF),
    # domain.md section 7: the supervisor assigns and reassigns.
    "assign": edge({"allegation_received", "under_investigation"}, None, {"supervisor"}),
    # domain.md section 1: CBP weighs the 11 ILO indicators during the investigation.
    "assess_indicators": edge({"under_investigation"}, None, STAFF),
    # domain.md section 4: under_investigation -> closed_no_action | wro_recommended.
    "close_no_action": edge({"under_investigation"}, "closed_no_action", STAFF),
    "recommend_wro": edge({"under_investigation"}, "wro_recommended", STAFF, guards=("recommendation_complete",)),
    # domain.md section 4: wro_recommended -> wro_issued, approved by the supervisor (section 7).
    "record_wro_issued": edge({"wro_recommended"}, "wro_issued", {"supervisor"}),
}
