"""A Finding, by hand from domain.md sections 1 and 4 and 19 CFR 12.42(f)."""

from tests.cases.expected_tables import edge

MACHINE = "finding"

EXPECTED = {
    # domain.md section 4: published -> modified | no_longer_necessary; a modified Finding may be modified again.
    "modify": edge({"published", "modified"}, "modified", {"supervisor"}),
    "mark_no_longer_necessary": edge({"published", "modified"}, "no_longer_necessary", {"supervisor"}),
}
