"""A proposed decision under four eyes, by hand from domain.md section 4."""

from tests.cases.expected_tables import edge

MACHINE = "decision"

EXPECTED = {
    # domain.md section 4: release, exclusion and seizure need a supervisor's approval (section 7).
    "approve": edge({"proposed"}, "approved", {"supervisor"}),
    "send_back": edge({"proposed"}, "sent_back", {"supervisor"}),
    # The case ended another way (export, protest, deemed outcome) while a proposal waited: withdrawn.
    "lapse": edge({"proposed"}, "sent_back", {"importer", "officer", "supervisor", "system"}, internal=True),
}
