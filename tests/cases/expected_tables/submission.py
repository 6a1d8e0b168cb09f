"""The importer's admissibility submission, by hand from domain.md sections 4 and 5 and 19 CFR 12.43."""

from tests.cases.expected_tables import edge

MACHINE = "submission"

OFFICER, SUPERVISOR, IMPORTER, SYSTEM = "officer", "supervisor", "importer", "system"
STAFF = {OFFICER, SUPERVISOR}
# Filed and not yet resolved: the approved decision of the case resolves the package from any of these.
FILED = {"submitted", "under_review", "more_information_requested"}

EXPECTED = {
    # domain.md section 4: the importer's rebuttal starts as a draft (section 7: importers submit).
    "save_draft": edge({"draft"}, "draft", {IMPORTER}),
    # 19 CFR 12.43: filed with the port director; domain.md section 4: more_information_requested -> submitted.
    "submit": edge({"draft", "more_information_requested"}, "submitted", {IMPORTER}),
    # domain.md section 4: withdrawn from draft or submitted.
    "withdraw": edge({"draft", "submitted"}, "withdrawn", {IMPORTER}),
    # domain.md section 4: submitted -> under_review; officers review submissions (section 7).
    "start_review": edge({"submitted"}, "under_review", STAFF),
    # domain.md section 4: under_review -> more_information_requested (an RFI on the filed package, CBP Form 28).
    "request_more_information": edge({"submitted", "under_review"}, "more_information_requested", STAFF),
    # domain.md section 4: the answer puts the package back under review with the case; a consequence only.
    "resume_review": edge({"more_information_requested"}, "under_review", {IMPORTER, SYSTEM}, internal=True),
    # domain.md section 4: accepted | rejected, by the decision that needs a supervisor's approval; section 3
    # (rfi_response): an unanswered request is decided on the record. The approval is the final determination
    # on the filed package (docs/law.md, 12.44).
    "accept": edge(FILED, "accepted", {SUPERVISOR}),
    "reject": edge(FILED, "rejected", {SUPERVISOR}),
    # The case ended (exported, decided without the package): an unresolved package closes as withdrawn.
    "close_unresolved": edge({"draft"} | FILED, "withdrawn", {IMPORTER, OFFICER, SUPERVISOR, SYSTEM}, internal=True),
}
