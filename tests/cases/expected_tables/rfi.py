"""A request for information (CBP Form 28), by hand from domain.md sections 3 and 4."""

from tests.cases.expected_tables import edge

MACHINE = "request for information"

EXPECTED = {
    # domain.md section 4: open -> answered | lapsed; the importer answers (section 7).
    "answer": edge({"open"}, "answered", {"importer"}),
    # domain.md section 3, rfi_response: the window lapses by the clock; the agency decides on the record.
    "lapse": edge({"open"}, "lapsed", {"system"}),
    # The case was decided while the request was open: it closes as lapsed, as a consequence only.
    "close": edge({"open"}, "lapsed", {"importer", "officer", "supervisor", "system"}, internal=True),
}
