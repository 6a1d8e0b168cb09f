"""Protests of an exclusion (19 U.S.C. 1514; CBP Form 19 with the contents of 19 CFR 174.13)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from cases.actors import SYSTEM
from cases.audit import record_event, snapshot
from cases.clocks import DeadlineKind
from cases.errors import InvalidTransition
from cases.models import Deadline, DeadlineState, Detention, Protest, ProtestStatus, ReleaseStatus
from cases.services.deadlines import cancel_open_clocks, close_clocks, open_clock
from cases.services.detentions import apply_transition
from cases.services.notifications import importer_users, notify, responsible_officers, supervisors
from cases.services.support import lock, require_text, today
from cases.validators import validate_entry_number
from cases.workflows import require

PROTEST_FIELDS = ["status", "filed_on", "decided_on", "decision_reason"]

# 19 CFR 174.13(a): what a protest must contain, with the message shown when a part is missing.
REQUIRED_CONTENTS = {
    "protestant_name": "Give the protestant's name.",
    "protestant_address": "Give the protestant's address.",
    "importer_number": "Give the importer number.",
    "entry_number": "Give the entry number.",
    "merchandise": "Describe the merchandise protested.",
    "objections": "State each decision protested and the reasons for the objection.",
}


@transaction.atomic
def file_protest(
    *, actor, detention: Detention, protestant_name: str, protestant_address: str, importer_number: str,
    entry_number: str, merchandise: str, objections: str,
) -> Protest:
    """File a protest of the exclusion within 180 days of it (19 U.S.C. 1514(c)(3))."""
    detention = lock(detention)
    require(actor, detention, "file_protest")
    values = {"protestant_name": protestant_name, "protestant_address": protestant_address,
              "importer_number": importer_number, "entry_number": entry_number, "merchandise": merchandise,
              "objections": objections}
    errors = {field: message for field, message in REQUIRED_CONTENTS.items() if not (values[field] or "").strip()}
    if not errors.get("entry_number"):
        try:
            validate_entry_number(entry_number.strip())
        except ValidationError as exc:
            errors["entry_number"] = exc.messages[0]
        else:
            if entry_number.strip() != detention.shipment.entry_number:
                errors["entry_number"] = f"The protested entry is {detention.shipment.entry_number}."
    if errors:
        raise ValidationError(errors)
    window = Deadline.objects.filter(detention=detention, kind=DeadlineKind.PROTEST_FILING).order_by("-id").first()
    filed_on = today()
    if window is not None and (window.state == DeadlineState.LAPSED or window.due_date < filed_on):
        raise InvalidTransition(action="file_protest", current_state=detention.status, object_label="detention",
                                reason=f"the 180-day window to protest closed on {window.due_date:%d %B %Y}")
    # The transition first: its guard refuses while a filed protest exists, and this one would count.
    apply_transition(actor=actor, detention=detention, action="file_protest")
    protest = Protest.objects.create(
        detention=detention, organisation_id=detention.shipment.importer_id, filed_on=filed_on, filed_by=actor,
        entry_date=detention.shipment.importation_date, decision_date=detention.decided_on or detention.detained_on,
        **{k: v.strip() for k, v in values.items()},
    )
    record_event(actor=actor, action="file_protest", obj=protest, after=snapshot(protest, PROTEST_FIELDS),
                 detention=detention)
    close_clocks(kinds=[DeadlineKind.PROTEST_FILING], detention=detention, on=filed_on)
    # A protested exclusion is not abandoned while the protest runs (19 CFR 12.44(a)).
    close_clocks(kinds=[DeadlineKind.ABANDONMENT], detention=detention, on=filed_on, state=DeadlineState.CANCELLED)
    open_clock(kind=DeadlineKind.PROTEST_DECISION, start=filed_on, detention=detention, protest=protest)
    notify(
        recipients=[*responsible_officers(detention), *supervisors(detention.port_code)], kind="protest_filed",
        subject=f"Protest filed against the exclusion of entry {detention.shipment.entry_number}",
        body="Decide within 30 days or the protest is deemed denied (19 U.S.C. 1499(c)(5)(B)).",
        key=f"protest-{protest.pk}-filed", detention=detention,
    )
    return protest


@transaction.atomic
def decide_protest(*, actor, protest: Protest, allow: bool, reason: str) -> Protest:
    """Allow (the goods are released) or deny (the court-filing window of 19 CFR 174.31 opens)."""
    protest = lock(protest)
    detention = lock(protest.detention)
    require(actor, protest, "allow" if allow else "deny")
    reason = require_text(reason, "reason", "Give the reasons for the protest decision.")
    decided_on = today()
    before = snapshot(protest, PROTEST_FIELDS)
    protest.status = ProtestStatus.ALLOWED if allow else ProtestStatus.DENIED
    protest.decided_on = decided_on
    protest.decided_by = actor
    protest.decision_reason = reason
    protest.save(update_fields=["status", "decided_on", "decided_by", "decision_reason"])
    record_event(actor=actor, action="allow_protest" if allow else "deny_protest", obj=protest, before=before,
                 after=snapshot(protest, PROTEST_FIELDS), reason=reason, detention=detention)
    close_clocks(kinds=[DeadlineKind.PROTEST_DECISION], protest=protest, on=decided_on)
    if allow:
        apply_transition(actor=actor, detention=detention, action="release_on_protest",
                         changes={"closed_on": decided_on}, reason=reason)
        cancel_open_clocks(detention=detention, on=decided_on)
        shipment = detention.shipment
        shipment.release_status = ReleaseStatus.RELEASED
        shipment.released_on = decided_on
        shipment.save(update_fields=["release_status", "released_on", "updated_at"])
    else:
        open_clock(kind=DeadlineKind.COURT_FILING, start=decided_on, detention=detention, protest=protest)
    notify(
        recipients=importer_users(detention), kind="protest_decided",
        subject=f"Protest {'allowed' if allow else 'denied'}: entry {detention.shipment.entry_number}", body=reason,
        key=f"protest-{protest.pk}-decided", detention=detention,
    )
    return protest


@transaction.atomic
def record_deemed_denial(*, protest: Protest, lapsed_on: datetime.date) -> Protest:
    """Not decided within 30 days of filing: deemed denied (1499(c)(5)(B); 19 CFR 174.21(b))."""
    protest = lock(protest)
    detention = protest.detention
    require(SYSTEM, protest, "record_deemed_denial")
    denied_on = lapsed_on + datetime.timedelta(days=1)
    before = snapshot(protest, PROTEST_FIELDS)
    protest.status = ProtestStatus.DEEMED_DENIED
    protest.decided_on = denied_on
    protest.save(update_fields=["status", "decided_on"])
    record_event(actor=SYSTEM, action="record_deemed_denial", obj=protest, before=before,
                 after=snapshot(protest, PROTEST_FIELDS), detention=detention)
    close_clocks(kinds=[DeadlineKind.PROTEST_DECISION], protest=protest, on=denied_on, state=DeadlineState.LAPSED)
    open_clock(kind=DeadlineKind.COURT_FILING, start=denied_on, detention=detention, protest=protest)
    notify(
        recipients=[*importer_users(detention), *supervisors(detention.port_code)], kind="protest_deemed_denied",
        subject=f"Protest deemed denied: entry {detention.shipment.entry_number}",
        body="The protest was not decided within 30 days and is deemed denied; an action may be brought in the "
             "Court of International Trade within 180 days (19 CFR 174.31).",
        key=f"protest-{protest.pk}-deemed-denied", detention=detention,
    )
    return protest
