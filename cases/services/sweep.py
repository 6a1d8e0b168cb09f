"""The deadline sweep: when a clock's reminder day or its lapse comes, act on it once.

Run every minute by Celery beat (cases.tasks.sweep_deadlines). It reads open deadline rows by two
indexed dates only (the partial indexes deadline_open_due and deadline_open_reminder), so its cost
follows the rows due, not the rows stored. The rows are handled in batches, one transaction per batch
(docs/sweep.md): a batch locks its rows (SKIP LOCKED on PostgreSQL, so a concurrent sweep takes other
rows) and claims each with a compare-and-swap update guarded by the values it read before anything is
written for it, so every reminder, escalation and deemed outcome happens once; reminders and
escalations are claimed, notified and audited set-based, every other lapse goes through its service in
a savepoint of its own. A batch that does not commit leaves all its rows due. Notification keys are
idempotent as a second line.

What happens when a clock runs out (domain.md section 3):
- reminders 5 and 1 business days before the due date, to whoever must act;
- an overdue agency clock escalates to the supervisor the day after it was due;
- `detention_decision`: the goods are deemed detained (19 U.S.C. 1499(c)(1)); recorded under the basis
  the shipment was held for examination under, or, where none is recorded, the port's supervisors and
  officers are told to record the detention with its basis;
- `admissibility_determination`: a deemed exclusion (1499(c)(5)(A)) where the basis's policy says so,
  otherwise a supervisor alert while the Part 12 window governs;
- the importer's windows close as lapsed and the officer is told what the law now allows;
- `rfi_response` lapses the request, `abandonment` records the goods abandoned (19 CFR 12.44(a)),
  `protest_decision` records the protest deemed denied on the 30th day after filing, the day after the
  clock's due date (1499(c)(5)(B); 19 CFR 174.21(b)), `accelerated_disposition` records it deemed
  denied at the close of the 30th day after the request was mailed, the due date itself (19 U.S.C.
  1515(b); 19 CFR 174.22).
"""

import datetime
import logging
from collections import Counter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction

from cases import clocks
from cases.actors import SYSTEM
from cases.audit import record_event, record_many, snapshot
from cases.clocks import CLOCK_RULES, DeadlineKind, Party
from cases.errors import InvalidTransition
from cases.models import Deadline, DeadlineState, Role, User
from cases.services.deadlines import (
    ClaimLost,
    claim_escalation,
    claim_escalations,
    claim_lapse,
    claim_reminder,
    claim_reminders,
    deadline_port,
    mark_escalated,
    next_reminder,
)
from cases.services.detentions import detain_shipment, record_abandonment, record_deemed_exclusion
from cases.services.notifications import (
    Recipients,
    importer_users,
    notify,
    notify_many,
    responsible_officers,
    supervisors,
)
from cases.services.protests import record_deemed_denial
from cases.services.rfis import lapse_rfi
from cases.services.seizures import record_not_redelivered
from cases.services.support import PortBook, business_calendar, latest_local_date, today

logger = logging.getLogger(__name__)

_RELATED = ("detention__shipment", "shipment", "investigation", "rfi", "protest")
_CLOCK_FIELDS = ["state", "closed_on", "escalated_on", "next_reminder_on"]


BATCH_SIZE = 500  # pragma: no mutate - a tuning figure: any size gives the same outcomes


def sweep_deadlines(*, on: datetime.date | None = None, batch_size: int = BATCH_SIZE, per_row: bool = False) -> Counter:
    """Fire every lapse and reminder due; returns what was done, by outcome.

    Without `on`, each clock follows its port's local date: a window closes at midnight port-local
    time (domain.md section 3), so a Honolulu clock lapses hours after a New York one with the same due
    date. The index reads use the latest date any port has reached, and each row is then checked
    against its own port's date. With `on`, that date applies to every port.

    Rows are handled in batches of `batch_size`, one transaction per batch (see _lapse_batch and
    _reminder_batch); `per_row=True` runs the former sweep, one transaction per row, kept as the
    benchmark's baseline.
    """
    horizon = on or latest_local_date()
    report = Counter()
    if per_row:
        calendars: dict[str, object] = {}
        # Lapses first, so a clock that ran out is not also reminded about.
        for deadline_id in list(due_for_lapse(horizon)):
            report[_retrying(_fire_lapse, deadline_id, on)] += 1
        for deadline_id in list(due_for_reminder(horizon)):
            report[_retrying(_fire_reminder, deadline_id, on, calendars)] += 1
        report.pop(None, None)
        return report
    ports = PortBook()
    # Lapses first, so a clock that ran out is not also reminded about.
    for batch in _batches(list(due_for_lapse(horizon)), batch_size):
        report.update(_retrying_batch(_lapse_batch, batch, on, ports))
    for batch in _batches(list(due_for_reminder(horizon)), batch_size):
        report.update(_retrying_batch(_reminder_batch, batch, on, ports))
    return report


def _batches(ids: list[int], size: int):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def _port_day(deadline: Deadline, on: datetime.date | None) -> datetime.date:
    return on or today(deadline_port(deadline))


def due_for_lapse(day: datetime.date):
    """Ids of open clocks past their due date and not yet escalated; reads the deadline_open_due index."""
    return (Deadline.objects.filter(state=DeadlineState.OPEN, due_date__lt=day, escalated_on__isnull=True)
            .order_by("due_date", "id").values_list("id", flat=True))


def due_for_reminder(day: datetime.date):
    """Ids of open clocks whose reminder day has come; reads the deadline_open_reminder index."""
    return (Deadline.objects.filter(state=DeadlineState.OPEN, next_reminder_on__lte=day)
            .order_by("next_reminder_on", "id").values_list("id", flat=True))


def _retrying(fire, deadline_id: int, *args, attempts: int = 3) -> str | None:
    """Run one row's transaction, again if the database aborted it (a deadlock with a concurrent sweep or
    a person's action on the same case, or SQLite's lock timeout); the claim makes a retry safe.

    A row that still fails is left open and is tried again by the next minute's sweep.
    """
    for attempt in range(1, attempts + 1):
        try:
            return fire(deadline_id, *args)
        except OperationalError as exc:
            logger.warning("Clock %s: transaction aborted (attempt %s of %s): %s", deadline_id, attempt, attempts, exc)
    return "retry_later"


def _retrying_batch(fire, batch: list[int], *args, attempts: int = 3) -> Counter:
    """Run one batch's transaction, again (reading its rows afresh) if the database aborted it or a row
    moved on between the batch's read and its claim; a batch that still fails is left, whole, for the
    next minute's sweep: its transaction rolled back, so its rows are still due.
    """
    for attempt in range(1, attempts + 1):
        try:
            return fire(batch, *args)
        except (OperationalError, ClaimLost) as exc:
            logger.warning("Batch of %s clocks from clock %s: transaction aborted (attempt %s of %s): %s",
                           len(batch), batch[0], attempt, attempts, exc)
    return Counter({"retry_later": len(batch)})


def _locked(batch: list[int]):
    """The batch's rows with their subjects, locked for this transaction; rows another sweep holds are
    skipped (PostgreSQL's SKIP LOCKED: that sweep is handling them). SQLite serialises writers instead.
    """
    return (Deadline.objects.select_related(*_RELATED).select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in=batch, state=DeadlineState.OPEN).order_by("id"))


def _recipients_for(deadlines) -> Recipients:
    """Everyone a batch's messages may go to, in one query."""
    detentions = [d.detention for d in deadlines if d.detention_id]
    return Recipients(
        organisation_ids=[d.shipment.importer_id for d in detentions],
        user_ids=[d.assigned_officer_id for d in detentions if d.assigned_officer_id]
        + [d.investigation.assigned_officer_id for d in deadlines
           if d.investigation_id and d.investigation.assigned_officer_id],
        port_codes=[deadline_port(d) for d in deadlines],
    )


# --- Reminders --------------------------------------------------------------------------------

@transaction.atomic
def _fire_reminder(deadline_id: int, on: datetime.date | None, calendars: dict) -> str | None:
    deadline = Deadline.objects.select_related(*_RELATED).filter(pk=deadline_id).first()
    if deadline is None or deadline.state != DeadlineState.OPEN or deadline.next_reminder_on is None:
        return None
    day = _port_day(deadline, on)
    scheduled = deadline.next_reminder_on
    if scheduled > day:
        return None  # that port has not reached the reminder day yet
    port_code = deadline_port(deadline)
    if port_code not in calendars:
        calendars[port_code] = business_calendar(port_code)
    calendar = calendars[port_code]
    following = next_reminder(deadline.due_date, calendar, after=day)
    if not claim_reminder(deadline, scheduled, following):
        return None  # another sweep took it
    if deadline.due_date < day:
        return None  # overdue: the lapse speaks instead of a reminder
    notify(**_reminder_message(deadline, scheduled, who_must_act(deadline)))
    return "reminded"


def _reminder_message(deadline: Deadline, scheduled: datetime.date, recipients) -> dict:
    rule = CLOCK_RULES[DeadlineKind(deadline.kind)]
    return dict(
        recipients=recipients, kind="clock_reminder",
        subject=f"Reminder: {rule.label} due {deadline.due_date:%d %b %Y} ({_subject_label(deadline)})",
        body=f"{rule.label} for {_subject_label(deadline)} is due by {deadline.due_date:%A %d %B %Y} "
             f"({deadline.citation}). If it is not done by then: {rule.on_lapse}.",
        key=f"deadline-{deadline.pk}-reminder-{scheduled:%Y-%m-%d}", detention=deadline.detention,
    )


def _reminder_batch(batch: list[int], on: datetime.date | None, ports: PortBook) -> Counter:
    """One transaction for a batch of reminder rows: one read, one claim, one insert of notifications.

    Each row is checked against its own port's date and moved on to its next reminder day by one
    conditional UPDATE guarded by the day read (claim_reminders); an overdue row is moved on without a
    reminder (its lapse speaks). A row whose message cannot be prepared is left due and logged.
    """
    report = Counter()
    with transaction.atomic():
        rows = list(_locked(batch).filter(next_reminder_on__isnull=False))
        ports.load(deadline_port(d) for d in rows)
        people = _recipients_for(rows)
        claims, messages = [], []
        for deadline in rows:
            try:
                port_code = deadline_port(deadline)
                day = on or ports.today(port_code)
                scheduled = deadline.next_reminder_on
                if scheduled > day:
                    continue  # that port has not reached the reminder day yet
                following = next_reminder(deadline.due_date, ports.calendar(port_code), after=day)
                message = None
                if deadline.due_date >= day:
                    message = _reminder_message(deadline, scheduled, _who_must_act_among(deadline, people))
            except Exception:
                logger.exception("Clock %s: reminder not prepared; left due for the next sweep", deadline.pk)
                report["retry_later"] += 1
                continue
            claims.append((deadline.pk, scheduled, following))
            if message is not None:
                messages.append(message)
        claim_reminders(claims)
        notify_many(messages)
    if messages:
        report["reminded"] += len(messages)
    return report


# --- Lapses -----------------------------------------------------------------------------------

@transaction.atomic
def _fire_lapse(deadline_id: int, on: datetime.date | None) -> str | None:
    deadline = Deadline.objects.select_related(*_RELATED).filter(pk=deadline_id).first()
    if deadline is None or deadline.state != DeadlineState.OPEN:
        return None
    day = _port_day(deadline, on)
    if deadline.due_date >= day:
        return None  # still the due date (or earlier) at the port: the window is open until local midnight
    if deadline.escalated_on is not None:
        return None
    return _LAPSE_HANDLERS[DeadlineKind(deadline.kind)](deadline, day)


def _lapse_batch(batch: list[int], on: datetime.date | None, ports: PortBook) -> Counter:
    """One transaction for a batch of lapsed rows.

    Overdue agency clocks (the _escalate kinds) escalate set-based: one conditional UPDATE
    (claim_escalations), one insert of audit events, one of notifications. Every other lapse changes a
    case and goes through its handler and service, each row in a savepoint: a row that fails rolls back
    alone, stays open and is tried again by the next sweep, the others are done. A database abort
    (deadlock, lock timeout) rolls the whole batch back instead, to be retried (_retrying_batch).
    """
    report = Counter()
    with transaction.atomic():
        rows = list(_locked(batch).filter(escalated_on__isnull=True))
        ports.load(deadline_port(d) for d in rows)
        escalations, handled = [], False
        for deadline in rows:
            day = on or ports.today(deadline_port(deadline))
            if deadline.due_date >= day:
                continue  # still the due date (or earlier) at the port: the window is open until local midnight
            handler = _LAPSE_HANDLERS[DeadlineKind(deadline.kind)]
            if handler is _escalate:
                escalations.append((deadline, day))
                continue
            handled = True
            outcome = _in_savepoint(handler, deadline, day)
            if outcome is not None:
                report[outcome] += 1
        if handled:
            # A service run above may have closed a clock of its case that this batch would escalate.
            still_open = set(Deadline.objects.filter(
                pk__in=[deadline.pk for deadline, _ in escalations], state=DeadlineState.OPEN,
            ).values_list("pk", flat=True))
            escalations = [(deadline, day) for deadline, day in escalations if deadline.pk in still_open]
        if escalations:
            report["escalated"] += _escalate_all(escalations)
    return report


def _in_savepoint(handler, deadline: Deadline, day: datetime.date) -> str | None:
    try:
        with transaction.atomic():
            return handler(deadline, day)
    except OperationalError:
        raise  # the database aborted the transaction: the whole batch is retried
    except Exception:
        logger.exception("Clock %s: lapse failed and was rolled back; left open for the next sweep", deadline.pk)
        return "retry_later"


def _escalate_all(escalations: list[tuple[Deadline, datetime.date]]) -> int:
    """_escalate for many rows at once: the same claim, audit events and notifications, set-based."""
    people = _recipients_for([deadline for deadline, _ in escalations])
    events, messages = [], []
    for deadline, day in escalations:
        before = snapshot(deadline, _CLOCK_FIELDS)
        deadline.escalated_on, deadline.next_reminder_on = day, None
        events.append({"action": "escalate_clock", "obj": deadline, "before": before,
                       "after": snapshot(deadline, _CLOCK_FIELDS), "detention": deadline.detention})
        messages.append(_escalation_message(deadline, people.supervisors(deadline_port(deadline))))
    claim_escalations([(deadline.pk, day) for deadline, day in escalations])
    record_many(actor=SYSTEM, events=events)
    notify_many(messages)
    return len(escalations)


def _claim_lapse(deadline: Deadline) -> bool:
    """Compare-and-swap open -> lapsed; the consequence takes effect the day after the due date."""
    before = snapshot(deadline, _CLOCK_FIELDS)
    if not claim_lapse(deadline):
        return False
    deadline.refresh_from_db()
    record_event(actor=SYSTEM, action="lapse_clock", obj=deadline, before=before,
                 after=snapshot(deadline, _CLOCK_FIELDS), reason=f"{deadline.kind} ran out on {deadline.due_date}",
                 detention=deadline.detention)
    return True


def _escalate(deadline: Deadline, day: datetime.date) -> str | None:
    """An agency act is overdue: the clock stays open and the supervisor is told, once."""
    before = snapshot(deadline, _CLOCK_FIELDS)
    if not claim_escalation(deadline, day):
        return None
    deadline.refresh_from_db()
    record_event(actor=SYSTEM, action="escalate_clock", obj=deadline, before=before,
                 after=snapshot(deadline, _CLOCK_FIELDS), detention=deadline.detention)
    notify(**_escalation_message(deadline, supervisors(deadline_port(deadline))))
    return "escalated"


def _escalation_message(deadline: Deadline, recipients) -> dict:
    rule = CLOCK_RULES[DeadlineKind(deadline.kind)]
    return dict(
        recipients=recipients, kind="clock_escalation",
        subject=f"Overdue: {rule.label} ({_subject_label(deadline)})",
        body=f"{rule.label} for {_subject_label(deadline)} was due by {deadline.due_date:%d %B %Y} "
             f"({deadline.citation}) and has not been done: {rule.on_lapse}.",
        key=f"deadline-{deadline.pk}-escalation", detention=deadline.detention,
    )


def _deemed_detention(deadline: Deadline, day: datetime.date) -> str | None:
    """1499(c)(1): goods not released within 5 business days of presentation are deemed detained.

    Where the shipment records the basis it was held for examination under, the system records the
    deemed detention through detain_shipment; otherwise (or if that is refused) the port's supervisors
    and officers are told the law's effect and the date to record.
    """
    if not _claim_lapse(deadline):
        return None
    shipment = deadline.shipment
    if shipment.exam_basis:
        # Held for examination under a known basis: the system records the detention the law deems.
        recorded = _through_service(
            deadline, detain_shipment, actor=SYSTEM, shipment=shipment, basis=shipment.exam_basis,
            wro=shipment.exam_wro, finding=shipment.exam_finding, deemed=True,
        )
        if recorded:
            return recorded
    deemed_on = deadline.due_date + datetime.timedelta(days=1)
    # 19 CFR 151.16(c): the notice is due 5 business days after the failure to release, which is the
    # last day of the decision clock.
    notice_due = clocks.due_date(DeadlineKind.DETENTION_NOTICE, deadline.due_date,
                                 calendar=business_calendar(shipment.port_code))
    port_officers = User.objects.filter(role=Role.OFFICER, port_code=shipment.port_code, is_active=True)
    notify(
        recipients=[*supervisors(shipment.port_code), *port_officers], kind="deemed_detention",
        subject=f"Entry {shipment.entry_number} is deemed detained",
        body=f"No decision to release or detain entry {shipment.entry_number} was made within 5 business days "
             f"of its presentation on {shipment.presentation_date:%d %B %Y}. By 19 U.S.C. 1499(c)(1) the goods "
             f"are deemed detained from {deemed_on:%d %B %Y}. Record the detention with its legal basis, dated "
             f"{deemed_on:%d %B %Y}; the notice of detention is due by {notice_due:%d %B %Y} (1499(c)(2)).",
        key=f"deadline-{deadline.pk}-lapsed",
    )
    return "lapsed"


def _admissibility_lapsed(deadline: Deadline, day: datetime.date) -> str | None:
    """1499(c)(5)(A): deemed exclusion where the basis's policy says so, otherwise a supervisor alert."""
    detention = deadline.detention
    if not _claim_lapse(deadline):
        return None
    if clocks.deemed_exclusion_applies(detention.basis, settings.CASES_DEEMED_EXCLUSION_POLICY):
        return _through_service(deadline, record_deemed_exclusion, detention=detention,
                                lapsed_on=deadline.due_date) or "lapsed"
    mark_escalated(deadline, day)
    notify(
        recipients=supervisors(detention.port_code), kind="clock_escalation",
        subject=f"No admissibility decision within 30 days: entry {detention.shipment.entry_number}",
        body=f"The 30 days after presentation ended on {deadline.due_date:%d %B %Y} without a final admissibility "
             f"decision (19 U.S.C. 1499(c)(5)(A)). Under the deemed-exclusion policy for the "
             f"{detention.get_basis_display()} the system does not record a deemed exclusion: the importer's "
             f"window under 19 CFR 12.43 governs. Decide the case or record why it waits.",
        key=f"deadline-{deadline.pk}-escalation", detention=detention,
    )
    return "escalated"


# What the officer may now do when the importer's window closed (19 CFR 12.44; CBP practice).
_WINDOW_ADVICE = {
    (DeadlineKind.PROOF_OF_ADMISSIBILITY, "wro"):
        "Advise the importer in writing that the goods are excluded (19 CFR 12.44(a)): propose an exclusion. "
        "The goods may still be exported until they are deemed abandoned 60 days after that advice.",
    (DeadlineKind.PROOF_OF_ADMISSIBILITY, "finding"):
        "The goods are subject to seizure and forfeiture (19 CFR 12.44(b), part 162): propose a seizure. "
        "Export is no longer offered.",
    (DeadlineKind.CAATSA_EVIDENCE, "caatsa"):
        "The presumption of 22 U.S.C. 9241a stands unrebutted: the goods may be seized and forfeited. "
        "Propose a seizure or an exclusion.",
    (DeadlineKind.UFLPA_RESPONSE, "uflpa"):
        "The UFLPA presumption stands uncontested: propose an exclusion.",
}
_FINAL_ADVICE = {
    DeadlineKind.PROTEST_FILING:
        "No protest was filed within 180 days: the exclusion is final (19 U.S.C. 1514(c)(3)).",
    DeadlineKind.COURT_FILING:
        "No action was brought in the Court of International Trade within 180 days (19 CFR 174.31): "
        "the protest decision is final.",
    DeadlineKind.SEIZURE_ELECTION:
        "No petition, offer, abandonment or claim within the notice's period: publish the notice of seizure and "
        "intent to forfeit (19 U.S.C. 1607; 19 CFR 162.45).",
    DeadlineKind.SUPPLEMENTAL_PETITION:
        "No supplemental petition within 60 days of the denial (19 CFR 171.61): the forfeiture proceeds; publish "
        "the notice of seizure and intent to forfeit.",
    DeadlineKind.FORFEITURE_PUBLICATION:
        "The notice of seizure and intent to forfeit has been published for its full period (19 CFR 162.45(b)).",
    DeadlineKind.FORFEITURE_CLAIM:
        "No claim and cost bond within 20 days of the first publication: the supervisor may declare the goods "
        "forfeited (19 U.S.C. 1609; 19 CFR 162.45(a)(3)).",
    DeadlineKind.EXPORT_PROOF:
        "No proof of exportation was recorded: the goods are not shown to have left; demand redelivery or claim "
        "on the bond.",
    DeadlineKind.REDELIVERY_PROTEST:
        "No protest of the demand for redelivery within 180 days: the demand is final (19 U.S.C. 1514(c)(3)).",
}


def _importer_window_lapsed(deadline: Deadline, day: datetime.date) -> str | None:
    """The importer's window closed unused: close it as lapsed and tell the officer what the law allows."""
    detention = deadline.detention
    if not _claim_lapse(deadline):
        return None
    kind = DeadlineKind(deadline.kind)
    advice = _FINAL_ADVICE.get(kind) or _WINDOW_ADVICE.get((kind, detention.basis), "Decide the case on the record.")
    rule = CLOCK_RULES[kind]
    notify(
        recipients=responsible_officers(detention), kind="window_lapsed",
        subject=f"Importer's window closed: {rule.label} ({_subject_label(deadline)})",
        body=f"{rule.label} was due by {deadline.due_date:%d %B %Y} ({deadline.citation}) and nothing was filed. "
             f"{advice}",
        key=f"deadline-{deadline.pk}-lapsed", detention=detention,
    )
    return "lapsed"


def _rfi_lapsed(deadline: Deadline, day: datetime.date) -> str | None:
    if not _claim_lapse(deadline):
        return None
    return _through_service(deadline, lapse_rfi, rfi=deadline.rfi, lapsed_on=deadline.due_date) or "lapsed"


def _abandoned(deadline: Deadline, day: datetime.date) -> str | None:
    if not _claim_lapse(deadline):
        return None
    return _through_service(deadline, record_abandonment, detention=deadline.detention,
                            lapsed_on=deadline.due_date) or "lapsed"


def _protest_deemed_denied(deadline: Deadline, day: datetime.date) -> str | None:
    """The protest's decision clock ran out: deemed denied, on the day the clock's law says."""
    if not _claim_lapse(deadline):
        return None
    return _through_service(deadline, record_deemed_denial, protest=deadline.protest, lapsed_on=deadline.due_date,
                            clock=DeadlineKind(deadline.kind)) or "lapsed"


def _not_redelivered(deadline: Deadline, day: datetime.date) -> str | None:
    """19 CFR 141.113: the 30 days of the notice to redeliver ran out: record the failure (113.62)."""
    if not _claim_lapse(deadline):
        return None
    redelivery = deadline.detention.redeliveries.filter(status="demanded").first()
    if redelivery is None:
        return "lapsed"
    return _through_service(deadline, record_not_redelivered, actor=SYSTEM, redelivery=redelivery) or "lapsed"


def _through_service(deadline: Deadline, service, **kwargs) -> str | None:
    """Record the law's outcome through its service; if the case moved on meanwhile, alert instead.

    A savepoint keeps the clock's lapse when the service refuses (e.g. the detention was decided the
    same day), so the row is not retried every minute; the supervisor learns why nothing was recorded.
    """
    try:
        with transaction.atomic():
            service(**kwargs)
        return "recorded"
    except (InvalidTransition, ValidationError) as exc:
        logger.warning("Clock %s lapsed but %s refused: %s", deadline.pk, service.__name__, exc)
        notify(
            recipients=supervisors(deadline_port(deadline)), kind="clock_escalation",
            subject=f"Clock lapsed, outcome not recorded ({_subject_label(deadline)})",
            body=f"{CLOCK_RULES[DeadlineKind(deadline.kind)].label} ran out on {deadline.due_date:%d %B %Y}, but "
                 f"the system could not record the outcome: {exc}. Review the case.",
            key=f"deadline-{deadline.pk}-not-recorded", detention=deadline.detention,
        )
        return None


_LAPSE_HANDLERS = {
    DeadlineKind.ALLEGATION_TRANSMITTAL: _escalate,
    DeadlineKind.DETENTION_DECISION: _deemed_detention,
    DeadlineKind.DETENTION_NOTICE: _escalate,
    DeadlineKind.ADMISSIBILITY_DETERMINATION: _admissibility_lapsed,
    DeadlineKind.PROOF_OF_ADMISSIBILITY: _importer_window_lapsed,
    DeadlineKind.CAATSA_EVIDENCE: _importer_window_lapsed,
    DeadlineKind.UFLPA_RESPONSE: _importer_window_lapsed,
    DeadlineKind.RFI_RESPONSE: _rfi_lapsed,
    DeadlineKind.ABANDONMENT: _abandoned,
    DeadlineKind.PROTEST_FILING: _importer_window_lapsed,
    DeadlineKind.PROTEST_DECISION: _protest_deemed_denied,
    DeadlineKind.COURT_FILING: _importer_window_lapsed,
    DeadlineKind.EXCEPTION_REPORT: _escalate,
    DeadlineKind.ACCELERATED_DISPOSITION: _protest_deemed_denied,
    DeadlineKind.SEIZURE_ELECTION: _importer_window_lapsed,
    DeadlineKind.SUPPLEMENTAL_PETITION: _importer_window_lapsed,
    DeadlineKind.FORFEITURE_PUBLICATION: _importer_window_lapsed,
    DeadlineKind.FORFEITURE_CLAIM: _importer_window_lapsed,
    DeadlineKind.EXPORT_PROOF: _importer_window_lapsed,
    DeadlineKind.REDELIVERY: _not_redelivered,
    DeadlineKind.REDELIVERY_PROTEST: _importer_window_lapsed,
    DeadlineKind.PROTEST_REVIEW: _escalate,
}


# --- Who and what -----------------------------------------------------------------------------

def who_must_act(deadline: Deadline):
    """The importer's users for an importer window; otherwise the officers responsible for the subject."""
    if deadline.party == Party.IMPORTER and deadline.detention_id:
        return importer_users(deadline.detention)
    if deadline.detention_id:
        return responsible_officers(deadline.detention)
    investigation = deadline.investigation
    if investigation is not None and investigation.assigned_officer_id:
        return User.objects.filter(pk=investigation.assigned_officer_id, is_active=True)
    officers = User.objects.filter(role=Role.OFFICER, port_code=deadline_port(deadline), is_active=True)
    return officers if officers.exists() else supervisors(deadline_port(deadline))


def _who_must_act_among(deadline: Deadline, people: Recipients) -> list:
    """who_must_act, answered from the batch's preloaded people."""
    if deadline.party == Party.IMPORTER and deadline.detention_id:
        return people.importer_users(deadline.detention)
    if deadline.detention_id:
        return people.responsible_officers(deadline.detention)
    investigation = deadline.investigation
    if investigation is not None and investigation.assigned_officer_id:
        return people.user(investigation.assigned_officer_id)
    return people.officers(deadline_port(deadline)) or people.supervisors(deadline_port(deadline))


def _subject_label(deadline: Deadline) -> str:
    if deadline.detention_id:
        return f"entry {deadline.detention.shipment.entry_number}"
    if deadline.shipment_id:
        return f"entry {deadline.shipment.entry_number}"
    return f"investigation {deadline.investigation.reference}"
