"""A Withhold Release Order, by hand from domain.md sections 1 and 4 and 19 CFR 12.42(e)-(f)."""

from tests.cases.expected_tables import edge

MACHINE = "withhold release order"

SUPERVISOR = {"supervisor"}

EXPECTED = {
    # domain.md section 4: draft (a proposal from an investigation) -> active; section 7: the supervisor approves
    # WRO proposals on the Commissioner's behalf (12.42(e)).
    "activate": edge({"draft"}, "active", SUPERVISOR),
    # domain.md section 1 (modification): partial, one producer or importer exempted, active for the rest.
    "modify": edge({"active", "partially_active"}, "partially_active", SUPERVISOR),
    # domain.md section 4: -> inactive (revoked or fully modified).
    "revoke": edge({"active", "partially_active"}, "inactive", SUPERVISOR),
    # domain.md section 4: active -> converted to a Finding (12.42(f)), once per order; the order's own state is
    # left to the service.
    "convert_to_finding": edge({"active", "partially_active"}, None, SUPERVISOR,
                               guards=("no_finding_from_this_order",)),
}
