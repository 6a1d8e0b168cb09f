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


def _assign(event, calendar) -> str:
    return "assigned the case to another officer" if event.before.get("assigned_officer") else "assigned the case"


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


def describe_event(event, calendar: BusinessCalendar | None = None) -> str:
    """One sentence for one audit event, naming who acted; a refused attempt says so."""
    detailed = _DETAILED.get(event.action)
    if detailed is not None:
        what = detailed(event, calendar)
    else:
        what = _VERBS.get(event.action, event.action.replace("_", " "))
    if getattr(event, "outcome", "success") == "refused":
        what = f"tried to act ({event.action.replace('_', ' ')}) and was refused"
    sentence = f"{_actor(event)} {what}"
    if event.reason and event.action in ("send_back_decision", "assign", "grant_extension", "record_forfeiture",
                                         "release_from_seizure", "send_back_protest_decision",
                                         "close_overtaken_protest"):
        sentence += f", saying: “{event.reason}”"
    return sentence + "."


# A decision's proposal, approval and send-back each write two events: one on the detention (state,
# version) and one on the decision. The timeline tells each act once, keeping the event whose data
# makes the better sentence (the proposal's outcome, the approval's new state, the send-back's reason).
_TOLD_BY_THE_OTHER_EVENT = {
    ("propose_decision", "detention"),
    ("approve_decision", "decision"),
    ("send_back_decision", "decision"),
    ("file_protest", "detention"),  # the protest's own event tells the filing
}


def case_timeline(events, calendar: BusinessCalendar | None = None) -> list[tuple[object, str]]:
    """(event, sentence) pairs for a case page, one per act, in the order given."""
    return [
        (event, describe_event(event, calendar))
        for event in events
        if (event.action, event.object_type) not in _TOLD_BY_THE_OTHER_EVENT
    ]
