"""The detention of one entry, by hand from domain.md section 4 and the law it cites."""

from tests.cases.expected_tables import edge

MACHINE = "detention"

OFFICER, SUPERVISOR, IMPORTER, SYSTEM = "officer", "supervisor", "importer", "system"
STAFF = {OFFICER, SUPERVISOR}
# Not yet decided: the agency may still review and decide.
UNDECIDED = {"detained", "notice_issued", "submission_received", "under_review", "awaiting_importer"}
# 19 U.S.C. 1499(c)(5)(A): excluded "for the purposes of protest only"; the agency may still decide (domain.md 3).
DECIDABLE = UNDECIDED | {"deemed_excluded"}
EVERY_STATE = DECIDABLE | {"released", "excluded", "seized", "exported", "abandoned", "forfeited"}

EXPECTED = {
    # 19 U.S.C. 1499(c)(2); 19 CFR 151.16(c): the notice of detention follows the decision to detain.
    "issue_notice": edge({"detained"}, "notice_issued", STAFF),
    # 19 CFR 12.43: the importer files proof after the notice; after a deemed exclusion the importer's windows
    # keep running (1499(c)(5)(A), domain.md section 3), so a package may still be filed and the state stays.
    "receive_submission": edge({"notice_issued", "deemed_excluded"}, "submission_received", {IMPORTER},
                               keeps={"deemed_excluded"}),
    # domain.md section 4: submission_received -> under_review; after a deemed exclusion only on a filed package.
    "start_review": edge({"submission_received", "deemed_excluded"}, "under_review", STAFF,
                         guards=("filed_package_waiting",), keeps={"deemed_excluded"}),
    # domain.md section 4: while an RFI is open the case waits for the importer (awaiting_importer), never
    # back to notice_issued; CBP Form 28 follows the notice.
    "send_rfi": edge({"notice_issued", "submission_received", "under_review", "awaiting_importer",
                      "deemed_excluded"}, "awaiting_importer", STAFF, keeps={"deemed_excluded"}),
    # domain.md section 4: returns to under_review when the answer arrives (or its window lapses: section 3,
    # rfi_response "decide on the record"); a consequence of the answer, not a button.
    "resume_review": edge({"awaiting_importer"}, "under_review", {IMPORTER, SYSTEM}, internal=True),
    # domain.md section 7: the supervisor assigns and reassigns; also while a protest (excluded) or a
    # forfeiture (seized) is still to be handled.
    "assign": edge(DECIDABLE | {"excluded", "seized"}, None, {SUPERVISOR}),
    # domain.md section 7: an officer takes up an undecided case (a supervisor may too).
    "take": edge(DECIDABLE, None, STAFF),
    # domain.md section 4 and 7: officers propose; one proposal at a time awaits the four eyes.
    "propose_decision": edge(DECIDABLE, None, STAFF, guards=("no_pending_decision",)),
    # domain.md section 4: release, exclusion and seizure need a supervisor's approval; the deciding officer
    # cannot approve their own (four eyes). The target is the approved outcome.
    # An excluded case is decided again only on a seizure proposed under a Finding published later (below): its
    # approval checks again what the proposal checked.
    "approve_decision": edge(DECIDABLE | {"excluded"}, None, {SUPERVISOR},
                             guards=("has_pending_decision", "seizure_under_later_finding_still_open"),
                             actor_guards=("not_own_proposal",)),
    # The same four eyes for sending the proposal back (domain.md section 4).
    "send_back_decision": edge(DECIDABLE | {"excluded"}, None, {SUPERVISOR}, guards=("has_pending_decision",),
                               actor_guards=("not_own_proposal",)),
    # 19 CFR 12.44(a): export "at any time before seizure or deemed abandonment", also after exclusion;
    # 12.44(b): not under a Finding. The importer elects (domain.md section 7); staff record an election
    # made at the port. A pending protest contests the exclusion: the goods stay while it is decided.
    "elect_export": edge(UNDECIDED | {"excluded", "deemed_excluded"}, "exported", {IMPORTER, OFFICER, SUPERVISOR},
                         guards=("export_offered", "no_pending_protest")),
    # 19 U.S.C. 1499(c)(5)(A): by operation of law (the sweep), 30 days after presentation undecided.
    "record_deemed_exclusion": edge(UNDECIDED, "deemed_excluded", {SYSTEM}),
    # 19 CFR 12.44(a): 60 days after the written exclusion advice (WRO only), unless exported or protested; a
    # deemed exclusion gives no written advice (docs/protests.md "After a denial").
    "record_abandonment": edge({"excluded"}, "abandoned", {SYSTEM}, guards=("basis_is_wro", "no_pending_protest")),
    # 19 U.S.C. 1514(a)(4), (c)(1): an exclusion, decided or deemed, is protested by the importer; one per entry.
    "file_protest": edge({"excluded", "deemed_excluded"}, None, {IMPORTER}, guards=("one_protest_per_entry",)),
    # 19 CFR 12.42(f), 12.44(b): a Finding converted from the WRO reaches excluded goods still in custody
    # (domain.md [S]); behind the setting CASES_SEIZURE_AFTER_LATER_FINDING. Staff propose, a supervisor approves.
    # Exported or abandoned goods left custody: refused by state.
    "propose_seizure_under_finding": edge({"excluded"}, None, STAFF, guards=(
        "seizure_after_later_finding_on", "goods_still_in_custody", "later_finding_covers_the_goods",
        "no_pending_decision", "no_pending_protest")),
    # domain.md section 4: seized -> forfeited | released (petition granted); 19 CFR 12.44(b), part 162. Seized
    # goods are forfeited by the declaration of forfeiture when no timely claim is filed (19 U.S.C. 1609;
    # 19 CFR 162.45) and released on relief granted on a petition (19 U.S.C. 1618; 19 CFR 171.21): acts of the
    # seizure proceeding, recorded on the seizure record. The detention follows that record, never ahead of it:
    # a consequence (internal), guarded by the state the seizure record reached (docs/seizure.md).
    "record_forfeiture": edge({"seized"}, "forfeited", {SUPERVISOR}, guards=("seizure_forfeited",), internal=True),
    "release_from_seizure": edge({"seized"}, "released", {SUPERVISOR}, guards=("seizure_remitted",),
                                 internal=True),
    # Staff notes change no state, in every state.
    "add_note": edge(EVERY_STATE, None, STAFF),
    # domain.md section 4: protest allowed -> detention released; a consequence of the approved protest.
    "release_on_protest": edge({"excluded", "deemed_excluded"}, "released", {SUPERVISOR}, internal=True),
    # 19 U.S.C. 1609; 19 CFR 162.45: the party's abandonment of seized goods forfeits them; a consequence
    # of the election recorded on the seizure, never a button of its own.
    "forfeit_by_abandonment": edge({"seized"}, "forfeited", {IMPORTER}, guards=("seizure_forfeited",),
                                   internal=True),
    # 19 CFR 171 (relief granted on condition of export): the seized goods leave the country; a consequence
    # of the approved petition decision.
    "export_from_seizure": edge({"seized"}, "exported", {SUPERVISOR}, guards=("seizure_remitted",),
                                internal=True),
    # 19 CFR 141.113 (CBP Form 4647 practice): staff demand back goods that were released; the detention's
    # state stays, the demand is a record of its own.
    "demand_redelivery": edge({"released"}, None, STAFF),
}
