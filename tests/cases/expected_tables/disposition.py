"""Disposition of the goods: destruction under witness, export under bond with proof, release
(19 CFR 12.44(a); 19 U.S.C. 1307: goods under an order are never sold into U.S. commerce)."""

from tests.cases.expected_tables import edge

MACHINE = "disposition"
STAFF = ("officer", "supervisor")

EXPECTED = {
    # Abandoned or forfeited goods are destroyed; the record names the witness and the date.
    "record_destruction": edge(["pending"], "destroyed", STAFF, ["method_is_destruction"]),
    # Export under bond: the in-bond movement (19 CFR part 18) ...
    "record_export": edge(["pending"], "exported", STAFF, ["method_is_export"]),
    # ... and the proof of exportation before the case closes.
    "record_proof_of_export": edge(["exported"], "export_proven", STAFF),
    # Release only where relief found the goods admissible; a supervisor records it.
    "record_release": edge(["pending"], "released", ["supervisor"], ["method_is_release"]),
}
