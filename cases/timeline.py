"""The audit trail of a case written as sentences a person reads ("Officer Ana Ruiz issued the notice
of detention, 5 business days after detention").

Pure: `describe_event` reads only the event and the detention it was loaded with (select_related), so
a timeline of any length costs one query.
"""

import datetime

from cases.clocks import BusinessCalendar, business_days_between
from cases.models import Basis, DetentionStatus, Outcome

# action -> what the actor did, in the past tense. Actions whose sentence needs the event's data are
# written by the functions in _DETAILED below.
_VERBS = {
    "detain": "detained the goods",
    "record_deemed_detention": "recorded the goods as deemed detained: no decision within 5 business days of "
                               "presentation (19 U.S.C. 1499(c)(1))",
    "take": "took the case",
    "start_review": "started the review of the importer's submission",
    "start_submission_review": "started reviewing the submission",
    "send_rfi": "sent a request for information",
    "answer_rfi": "answered the request for information",
    "answer": "answered the request for information",
    "lapse_rfi": "recorded the request for information as lapsed",
    "receive_submission": "received the importer's submission",
    "create_submission": "started a submission",
    "save_draft": "saved a draft submission",
    "submit": "filed the submission",
    "resubmit_submission": "filed the submission again with more information",
    "withdraw_submission": "withdrew the submission",
    "submission_withdrawn": "withdrew the submission",
    "request_more_information": "asked the importer for more information",
    "accept_submission": "accepted the submission",
    "send_back_decision": "sent the proposed decision back",
    "elect_export": "recorded the election to export the goods",
    "record_deemed_exclusion": "recorded a deemed exclusion: no final decision within 30 days of presentation "
                               "(19 U.S.C. 1499(c)(5)(A))",
    "record_abandonment": "recorded the goods as abandoned (19 CFR 12.44(a))",
    "file_protest": "filed a protest (CBP Form 19)",
    "allow_protest": "allowed the protest",
    "release_on_protest": "released the goods on the allowed protest",
    "record_deemed_denial": "recorded the protest as deemed denied",
    "record_forfeiture": "recorded the forfeiture",
    "release_from_seizure": "released the goods from seizure",
    "grant_extension": "granted an extension",
    "open_seizure": "opened the seizure record: the seizure was approved",
    "record_seizure": "recorded the seizure and sent the notice of seizure (19 CFR 162.31)",
    "file_petition": "filed a petition for relief from the seizure (19 U.S.C. 1618)",
    "file_offer": "made an offer in compromise of the seizure",
    "file_supplemental": "filed a supplemental petition (19 CFR 171.61)",
    "file_supplemental_petition": "filed a supplemental petition (19 CFR 171.61)",
    "file_claim": "filed a claim and cost bond for judicial forfeiture (19 U.S.C. 1608)",
    "abandon": "abandoned the seized goods",
    "forfeit_by_abandonment": "recorded the goods as forfeited: the party abandoned them",
    "publish_intent_to_forfeit": "published the notice of seizure and intent to forfeit (19 CFR 162.45)",
    "declare_forfeiture": "declared the goods forfeited: no timely claim (19 U.S.C. 1609)",
    "refer_to_us_attorney": "referred the claim to the U.S. Attorney (19 U.S.C. 1608, 1610)",
    "record_court_outcome": "recorded the court's judgment in the judicial forfeiture (19 U.S.C. 1608, 1610)",
    "propose_petition_decision": "proposed a decision on the petition",
    "approve_petition_decision": "approved the decision on the petition",
    "send_back_petition_decision": "sent the proposed petition decision back",
    "grant_relief": "granted relief from the seizure",
    "deny_relief": "denied relief from the seizure",
    "export_from_seizure": "released the seized goods for export under bond",
    "order_disposition": "ordered what becomes of the goods",
    "record_destruction": "recorded the witnessed destruction of the goods",
    "record_export": "recorded the export of the goods under bond",
    "record_proof_of_export": "recorded the proof of exportation",
    "record_release": "recorded the release of the goods",
    "close_case": "closed the case",
    "demand_redelivery": "sent a notice to redeliver the goods (19 CFR 141.113)",
    "record_redelivered": "recorded the goods as redelivered",
    "record_not_redelivered": "recorded the goods as not redelivered within 30 days",
    "claim_liquidated_damages": "claimed liquidated damages on the bond (19 CFR 113.62)",
    "file_redelivery_protest": "protested the demand for redelivery (CBP Form 19; 19 U.S.C. 1514(a)(4))",
    "cancel_on_protest": "cancelled the demand for redelivery, and any claim for liquidated damages on it: the "
                         "protest of the demand was allowed",
    "propose_seizure_under_finding": "proposed seizing the excluded goods under the Finding named in the proposal, "
                                     "in force and covering them (19 CFR 12.42(f), 12.44(b))",
    "supersede_exclusion": "replaced the exclusion by the seizure under the Finding: the abandonment clock and the "
                           "window to protest the exclusion stopped",
    "release_redelivered_goods": "released the redelivered goods to the importer again: the protest of the demand "
                                 "for redelivery was allowed",
    "register_shipment": "registered the shipment",
    "record_presentation": "recorded the presentation for examination",
    "release_shipment": "released the shipment",
    "close_submission": "closed the submission, which the outcome made moot",
    "close_rfi": "closed the request for information, which the outcome made moot",
    "lapse_decision": "withdrew the proposed decision, which the outcome made moot",
    "deny_protest": "denied the protest",
    "partially_allow_protest": "allowed the protest in part",
    "send_back_protest_decision": "sent the proposed protest decision back",
    "amend_protest": "amended the protest (19 CFR 174.14)",
    "withdraw_protest": "withdrew the protest (19 CFR 174.14)",
    "apply_for_further_review": "applied for further review of the protest (19 U.S.C. 1515(a))",
    "request_accelerated_disposition": "requested accelerated disposition of the protest (19 U.S.C. 1515(b))",
    "close_overtaken_protest": "closed the protest of the deemed exclusion, which the agency's decision overtook",
    "close_clock": "closed a clock the outcome made moot",
    "record_custody_details": "recorded the parties and custody details of the shipment for the notice",
    "submit_submission": "filed the admissibility package",
    "resume_review": "resumed the review of the case",
    "resume_submission_review": "resumed the review of the submission",
    "access_refused": "was refused access to a record outside their scope",
    "activate_wro": "made the Withhold Release Order effective",
    "add_entry_lines": "added lines to the entry",
    "admin_set_closure_ports": "set the ports an office closure applies to",
    "assess_indicator": "assessed an ILO indicator of forced labor",
    "assess_indicators": "assessed the ILO indicators of forced labor",
    "close_no_action": "closed the investigation with no action",
    "close_unresolved": "closed the investigation as unresolved",
    "close_investigation": "closed the investigation",
    "confirm_list_version": "confirmed a new version of a screening list",
    "convert_to_finding": "turned the Withhold Release Order into a Finding",
    "create_wro": "drafted a Withhold Release Order",
    "decide_petition": "decided the petition to modify or revoke the order",
    "disable_two_factor": "turned off two-factor sign-in",
    "disable_user": "disabled a user account",
    "discard_list_version": "discarded an uploaded version of a screening list",
    "enrol_two_factor": "set up two-factor sign-in",
    "verify_two_factor": "confirmed the two-factor sign-in code",
    "escalate_clock": "alerted a supervisor to a clock that ran out",
    "invite_user": "invited a user to the organisation",
    "issue_annual_report": "issued the annual report to Congress",
    "lapse_clock": "recorded that a clock ran out",
    "load_port": "loaded a port's reference data",
    "update_port": "updated a port's reference data",
    "mark_no_longer_necessary": "recorded that the order is no longer necessary",
    "mark_finding_no_longer_necessary": "recorded that the Finding is no longer necessary",
    "mint_api_token": "created an API token",
    "revoke_api_token": "revoked an API token",
    "open_investigation": "opened an investigation",
    "assign_investigation": "assigned the investigation",
    "receive_allegation": "received an allegation of forced labor",
    "recommend_wro": "recommended a Withhold Release Order",
    "record_wro_issued": "recorded the Withhold Release Order as issued",
    "modify_wro": "modified the Withhold Release Order",
    "modify_finding": "modified the Finding",
    "revoke_wro": "revoked the Withhold Release Order",
    "publish_finding": "published the Finding",
    "return_nonconforming": "returned the allegation as not meeting the requirements",
    "submit_petition": "filed a petition to modify or revoke the order",
    "start_petition_review": "started reviewing the petition",
    "sync_orders_list": "brought the list of orders up to date",
    "pause_webhook": "paused a webhook",
    "resume_webhook": "resumed a webhook",
    "disable_webhook": "turned off a webhook",
    "register_webhook": "registered a webhook",
    "raise_screening_hits": "recorded screening hits on the entry",
    "clear_hit": "cleared a screening hit",
    "hold_hit_for_examination": "held a screening hit for examination",
    "detain_from_hit": "detained the goods from a screening hit",
    "read_all_notifications": "marked every notification as read",
    "read_notification": "read a notification",
    "recompute_clock": "moved a clock because of an office closure",
    "regenerate_recovery_codes": "made new recovery codes",
    "reset_two_factor": "reset a user's two-factor sign-in",
    "release_unheld_lines": "released the entry lines that are not held",
    "rescan_evidence": "had a file checked for malware again",
    "scan_evidence": "recorded the malware check of a file",
    "seal_evidence": "sealed a file from the importer",
    "unseal_evidence": "unsealed a file",
    "share_evidence": "shared a file with the importer",
    "sign_in": "signed in",
    "sign_out": "signed out",
    "sign_in_failed": "failed to sign in",
    "sign_in_locked_out": "was locked out after failed sign-ins",
    "admin_change_password": "changed a user's password in the administration site",
    "stage_list_version": "uploaded a new version of a screening list for checking",
    "supersede_deemed_exclusion": "recorded that the agency's decision supersedes the deemed exclusion",
    "upload_entries_file": "uploaded a file of entries",
    "restart_stalled_import": "started an entries import again after its worker stopped",
    "fail_stalled_import": "stopped an entries import that had stopped too many times",
    # The file is not named: a file of an importer's draft package stays private to the importer.
    "upload_evidence": "uploaded a file",
    "add_file": "attached a file",
    "change_password": "changed their password",
    "set_notification_delivery": "changed how they receive notifications",
    "download": "downloaded a file",
    "download_evidence": "downloaded a file",
    "view_evidence": "opened a file",
    "regenerate recovery codes": "made new recovery codes",
    "reject_submission": "rejected the submission",
    "save_submission": "saved the submission",
    "rescan": "had a file checked for malware again",
    "seal": "sealed a file from the importer",
    "unseal": "unsealed a file",
    "share_with_importer": "shared a file with the importer",
    "turn off": "turned off two-factor sign-in",
    "verify_two_factor_failed": "entered a wrong two-factor sign-in code",
}

# Workflow actions shared by several kinds of record: the sentence names the record the event is about.
_OBJECT_WORDS = {
    "admissibilitysubmission": "the submission", "requestforinformation": "the request for information",
    "decision": "the proposed decision", "withholdreleaseorder": "the Withhold Release Order",
    "finding": "the Finding", "investigation": "the investigation",
    "modificationpetition": "the petition to modify the order", "protest": "the protest",
    "seizure": "the seizure", "seizurepetition": "the petition for relief", "goodsdisposition": "the disposition",
    "redelivery": "the demand to redeliver", "detention": "the case", "user": "the user account",
    "organisation": "the organisation", "webhookendpoint": "the webhook", "evidencefile": "the file",
}
_GENERIC = {
    "accept": "accepted", "activate": "made effective", "amend": "amended", "approve": "approved",
    "close": "closed", "deny": "denied", "grant": "granted", "lapse": "recorded as lapsed", "modify": "modified",
    "reject": "rejected", "revoke": "revoked", "send_back": "sent back", "withdraw": "withdrew",
    "disable": "disabled", "reset": "reset", "answer": "answered", "close_overtaken": "closed as overtaken",
}

_PROTEST_OUTCOME_WORDS = {"allow": "allowing", "partially_allow": "allowing in part", "deny": "denying"}

_OUTCOME_WORDS = {Outcome.RELEASE: "release", Outcome.EXCLUDE: "exclusion", Outcome.SEIZE: "seizure"}


def _actor(event) -> str:
    label = (event.actor_label or "").strip()
    return "The system" if label in ("", "system") else label


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _issue_notice(event, calendar) -> str:
    issued = _date(event.after.get("notice_issued_on"))
    detention = getattr(event, "detention", None)
    if issued and detention is not None:
        days = business_days_between(detention.detained_on, issued, calendar)
        when = "on the day of detention" if days == 0 else f"{_plural(days, 'business day')} after detention"
        sentence = f"issued the notice of detention, {when}"
    else:
        sentence = "issued the notice of detention"
    due = _date(event.after.get("notice_due_on"))
    if event.after.get("notice_late") and due:
        sentence += f": late, it was due by {due:%d %B %Y} (19 U.S.C. 1499(c)(2))"
    return sentence


def _document(event, calendar) -> str:
    title = event.after.get("title") or "a document"
    sha = str(event.after.get("sha256") or "")
    return f"issued {title} as a PDF shared with the importer" + (f" (SHA-256 {sha[:12]}…)" if sha else "")


def _propose(event, calendar) -> str:
    outcome = event.after.get("outcome")
    if outcome in _OUTCOME_WORDS:
        return f"proposed {_OUTCOME_WORDS[outcome]} of the goods"
    return "proposed a decision"


def _approve(event, calendar) -> str:
    if event.object_type == "decision":
        return "approved the proposed decision"
    status = event.after.get("status")
    if status in DetentionStatus.values:
        return f"approved the decision: the goods are {DetentionStatus(status).label.lower()}"
    return "approved the proposed decision"


def _assign(event, calendar, names) -> str:
    """"assigned the case to Ben Cole"; a reassignment names both officers."""
    to, before = event.after.get("assigned_officer"), event.before.get("assigned_officer")
    to_name, from_name = names.get(to), names.get(before)
    if before and to:
        if from_name and to_name:
            return f"reassigned the case from {from_name} to {to_name}"
        return f"reassigned the case to {to_name}" if to_name else "assigned the case to another officer"
    return f"assigned the case to {to_name}" if to_name else "assigned the case"


def _note(event, calendar) -> str:
    if event.after.get("visibility") == "importer":
        return "wrote a note visible to the importer"
    return "wrote an internal note"


def _detain(event, calendar) -> str:
    basis = event.after.get("basis")
    if basis in Basis.values:
        return f"detained the goods under the {Basis(basis).label}"
    return "detained the goods"


def _propose_protest(event, calendar) -> str:
    outcome = event.after.get("proposed_outcome")
    if outcome in _PROTEST_OUTCOME_WORDS:
        return f"proposed {_PROTEST_OUTCOME_WORDS[outcome]} the protest"
    return "proposed a decision on the protest"


_DETAILED = {
    "propose_protest_decision": _propose_protest,
    "issue_notice": _issue_notice,
    "propose_decision": _propose,
    "approve_decision": _approve,
    "assign": _assign,
    "add_note": _note,
    "detain": _detain,
    "generate_document": _document,
}


def _what(event, calendar, names) -> str:
    """The predicate: a hand-written sentence for every action the services record."""
    if event.action == "assign":
        return _assign(event, calendar, names)
    detailed = _DETAILED.get(event.action)
    if detailed is not None:
        return detailed(event, calendar)
    if event.action in _VERBS:
        return _VERBS[event.action]
    if event.action in _GENERIC:
        return f"{_GENERIC[event.action]} {_OBJECT_WORDS.get(event.object_type, 'a record')}"
    if event.action.startswith("admin_"):
        return "changed a record in the administration site"
    return event.action.replace("_", " ")


def describe_event(event, calendar: BusinessCalendar | None = None, names: dict | None = None) -> str:
    """One sentence for one audit event, naming who acted (and, for an assignment, to whom; `names` maps
    user ids to display names); a refused attempt says so."""
    what = _what(event, calendar, names or {})
    if getattr(event, "outcome", "success") == "refused":
        attempted = _what(event, calendar, {}).split(":")[0]
        what = f"was refused, and nothing changed (attempted: {attempted})"
    sentence = f"{_actor(event)} {what}"
    if event.reason and event.action in ("send_back_decision", "assign", "grant_extension", "record_forfeiture",
                                         "release_from_seizure", "send_back_protest_decision",
                                         "close_overtaken_protest"):
        sentence += f", saying: “{event.reason}”"
    return sentence + "."


# A decision's proposal, approval and send-back each write two events: one on the detention (state,
# version) and one on the decision. Filing a package, starting the review and sending a request likewise
# write one event per record they move. The timeline tells each act once, keeping the event whose data
# makes the better sentence (the proposal's outcome, the approval's new state, the request's questions).
_TOLD_BY_THE_OTHER_EVENT = {
    ("propose_decision", "detention"),
    ("approve_decision", "decision"),
    ("send_back_decision", "decision"),
    ("file_protest", "detention"),  # the protest's own event tells the filing
    ("propose_seizure_under_finding", "detention"),  # the proposed decision's own event tells it
    ("receive_submission", "detention"),  # told by submit_submission / resubmit_submission
    ("start_submission_review", "admissibilitysubmission"),  # told by start_review
    ("send_rfi", "detention"),  # told by the request's own send_rfi
    ("request_more_information", "admissibilitysubmission"),  # the same request, seen from the package
    ("resume_submission_review", "admissibilitysubmission"),  # told with the answer
}

# Consequences written in the same act by the same person: told inside the entry of the act they follow.
_CONSEQUENCES = {
    "generate_document": lambda event: "The letter “{}” was kept as a PDF shared with the importer.".format(
        event.after.get("title") or "the letter"),
    "resume_review": lambda event: "The review of the case resumed.",
}


def case_timeline(events, calendar: BusinessCalendar | None = None,
                  names: dict | None = None) -> list[tuple[object, str]]:
    """(event, sentence) pairs for a case page, one per act, in the order given."""
    entries: list[tuple[object, str]] = []
    for event in events:
        if (event.action, event.object_type) in _TOLD_BY_THE_OTHER_EVENT:
            continue
        consequence = _CONSEQUENCES.get(event.action)
        if (consequence is not None and entries and event.outcome != "refused"
                and entries[-1][0].actor_label == event.actor_label):
            previous, sentence = entries[-1]
            entries[-1] = (previous, f"{sentence} {consequence(event)}")
            continue
        entries.append((event, describe_event(event, calendar, names)))
    return entries


def assignment_user_ids(events) -> set:
    """The officers named by assignment events, for the one query that loads their names."""
    ids = set()
    for event in events:
        if event.action == "assign":
            ids.update(value for value in (event.before.get("assigned_officer"), event.after.get("assigned_officer"))
                       if isinstance(value, int))
    return ids
