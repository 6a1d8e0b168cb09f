"""Deadline rows: opened when their triggering event is recorded, closed when the act is done."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, DateField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from cases import clocks
from cases.audit import record_event, snapshot
from cases.clocks import DeadlineKind
from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import Deadline, DeadlineState, Detention, Role
from cases.services.support import business_calendar, require_text, today

_SUBJECTS = ("shipment", "detention", "investigation", "rfi", "protest")


# --- The next open clock kept on the detention -------------------------------------------------
#
# Every write to a clock row goes through this module (open_clock, close_clocks, cancel_open_clocks,
# claim_lapse, grant_extension, recompute_for_closure), and each ends by calling sync_next_clock for the
# detentions it touched, so Detention.next_clock_kind / next_clock_due always name the earliest open
# clock (by due date, then id) whatever its kind. Likewise sync_hit_clocks for the entries it touched, so
# ScreeningHit.decide_by always names the due date of the entry's open release-or-detain clock.
# tests/cases/test_next_clock.py checks that no other module writes clock rows, and a check after every
# test compares the stored values with the recomputed ones.

def _earliest_open_clock():
    return Deadline.objects.filter(detention=OuterRef("pk"), state=DeadlineState.OPEN).order_by("due_date", "id")


def sync_next_clock(detention_ids) -> int:
    """Store the earliest open clock (kind, due date) on each of the given detentions: one UPDATE."""
    ids = sorted({i for i in detention_ids if i is not None})
    if not ids:
        return 0
    earliest = _earliest_open_clock()
    return Detention.objects.filter(pk__in=ids).update(
        next_clock_kind=Coalesce(Subquery(earliest.values("kind")[:1]), Value("")),
        next_clock_due=Subquery(earliest.values("due_date")[:1]),
    )


def _open_decision_clock():
    return Deadline.objects.filter(shipment=OuterRef("shipment_id"), kind=DeadlineKind.DETENTION_DECISION,
                                   state=DeadlineState.OPEN).order_by("due_date", "id")


def sync_hit_clocks(shipment_ids) -> int:
    """Store on every screening hit of the given entries the due date of the entry's open release-or-detain
    clock (NULL when none is open): one UPDATE. Called wherever such a clock may open, move or close."""
    from cases.screening.models import ScreeningHit  # noqa: PLC0415 - screening builds on the clocks

    ids = sorted({i for i in shipment_ids if i is not None})
    if not ids:
        return 0
    return ScreeningHit.objects.filter(shipment_id__in=ids).update(
        decide_by=Subquery(_open_decision_clock().values("due_date")[:1]))


def hit_clock_drift(*, limit: int | None = None) -> list[tuple[int, object, object]]:
    """Screening hits whose stored decide_by differs from their entry's open decision clock: (hit id,
    stored, recomputed); empty when everything agrees."""
    from cases.screening.models import ScreeningHit  # noqa: PLC0415

    qs = (ScreeningHit.objects.annotate(computed=Subquery(_open_decision_clock().values("due_date")[:1]))
          .exclude(decide_by__isnull=True, computed__isnull=True).order_by("pk")
          .values_list("pk", "decide_by", "computed"))
    drift = []
    for pk, stored, computed in qs.iterator(chunk_size=2000):
        if stored != computed:
            drift.append((pk, stored, computed))
            if limit is not None and len(drift) >= limit:
                break
    return drift


def next_clock_drift(detentions=None, *, limit: int | None = None) -> list[tuple[int, tuple, tuple]]:
    """Detentions whose stored next clock differs from the one recomputed from the open clock rows.

    Returns (detention id, stored (kind, due), recomputed (kind, due)); empty when everything agrees.
    Reads in one query with two correlated subqueries (the slow form the stored columns replace).
    """
    earliest = _earliest_open_clock()
    qs = (detentions if detentions is not None else Detention.objects.all()).annotate(
        computed_kind=Subquery(earliest.values("kind")[:1]),
        computed_due=Subquery(earliest.values("due_date")[:1]),
    ).order_by("pk").values_list("pk", "next_clock_kind", "next_clock_due", "computed_kind", "computed_due")
    drift = []
    for pk, kind, due, computed_kind, computed_due in qs.iterator(chunk_size=2000):
        if (kind or "", due) != (computed_kind or "", computed_due):
            drift.append((pk, (kind or "", due), (computed_kind or "", computed_due)))
            if limit is not None and len(drift) >= limit:
                break
    return drift


def next_reminder(due: datetime.date, calendar, after: datetime.date | None = None,
                  port_code: str | None = None) -> datetime.date | None:
    """The first reminder day (5, then 1 business days before due) still ahead of `after` (the port's today)."""
    after = after or today(port_code)
    for day in clocks.reminder_dates(due, calendar):
        if day > after:
            return day
    return None


def open_clock(*, kind: DeadlineKind, start: datetime.date, length: int | None = None, **subject) -> Deadline:
    """Open the clock `kind` started by the event on `start` for the given subject.

    The subject is one of shipment, detention or investigation (plus rfi or protest beside a
    detention). An already open clock of the same kind for the same subject is recomputed instead,
    so recording an event twice never leaves two clocks.
    """
    rule = clocks.CLOCK_RULES[DeadlineKind(kind)]
    port_code = subject_port(**subject)
    calendar = business_calendar(port_code)
    due = clocks.due_date(kind, start, calendar=calendar, length=length)
    lookup = {name: subject.get(name) for name in _SUBJECTS}
    existing = Deadline.objects.select_for_update().filter(kind=kind, state=DeadlineState.OPEN, **lookup).first()
    deadline = existing or Deadline(kind=kind, **lookup)
    deadline.party = rule.party
    deadline.citation = rule.citation
    deadline.starts_on = start
    deadline.computed_due_date = due
    deadline.due_date = due
    deadline.next_reminder_on = next_reminder(due, calendar, port_code=port_code)
    deadline.save()
    sync_next_clock([deadline.detention_id])
    sync_hit_clocks([deadline.shipment_id])
    return deadline


def subject_port(*, shipment=None, detention=None, investigation=None, rfi=None, protest=None) -> str:
    """The port whose calendar and local date a clock follows."""
    if detention is not None:
        return detention.port_code
    if shipment is not None:
        return shipment.port_code
    if investigation is not None:
        return investigation.receiving_port_code
    if rfi is not None:
        return rfi.detention.port_code
    if protest is not None:
        return protest.detention.port_code
    return ""


def deadline_port(deadline: Deadline) -> str:
    if deadline.detention_id:
        return deadline.detention.port_code
    if deadline.shipment_id:
        return deadline.shipment.port_code
    return deadline.investigation.receiving_port_code if deadline.investigation_id else ""


def close_clocks(*, kinds, state: str = DeadlineState.MET, on: datetime.date | None = None, **subject) -> int:
    """Close the open clocks of `kinds` for the subject (the act was done, or no longer applies)."""
    filters = Q(state=DeadlineState.OPEN, kind__in=[str(k) for k in kinds])
    for name, value in subject.items():
        filters &= Q(**{name: value})
    rows = Deadline.objects.filter(filters)
    touched = list(rows.exclude(detention__isnull=True).values_list("detention_id", flat=True).distinct())
    # An entry's clock has the entry as its one subject, so only a close naming the entry can touch one.
    entries = list(rows.values_list("shipment_id", flat=True).distinct()) if "shipment" in subject else []
    closed = rows.update(state=state, closed_on=on or today(subject_port(**subject)), next_reminder_on=None)
    sync_next_clock(touched)
    sync_hit_clocks(entries)
    return closed


def cancel_open_clocks(*, detention, on: datetime.date | None = None) -> int:
    """A detention that reached a final state stops all its running clocks."""
    cancelled = Deadline.objects.filter(detention=detention, state=DeadlineState.OPEN).update(
        state=DeadlineState.CANCELLED, closed_on=on or today(detention.port_code), next_reminder_on=None
    )
    sync_next_clock([detention.pk])
    return cancelled


def cancel_clock(deadline: Deadline, *, on: datetime.date) -> Deadline:
    """Close one open clock (already locked by the caller) as no longer applying; the caller audits it."""
    deadline.state, deadline.closed_on, deadline.next_reminder_on = DeadlineState.CANCELLED, on, None
    deadline.save(update_fields=["state", "closed_on", "next_reminder_on", "updated_at"])
    sync_next_clock([deadline.detention_id])
    sync_hit_clocks([deadline.shipment_id])
    return deadline


def claim_lapse(deadline: Deadline) -> bool:
    """The sweep's compare-and-swap open -> lapsed; the consequence takes effect the day after the due date.

    False when another sweep (or a person's act) closed the clock first: nothing else may be written then.
    """
    changed = Deadline.objects.filter(pk=deadline.pk, state=DeadlineState.OPEN).update(
        state=DeadlineState.LAPSED, closed_on=deadline.due_date + datetime.timedelta(days=1), next_reminder_on=None
    )
    if changed == 1:
        sync_next_clock([deadline.detention_id])
        sync_hit_clocks([deadline.shipment_id])
    return changed == 1


def claim_reminder(deadline: Deadline, scheduled: datetime.date, following: datetime.date | None) -> bool:
    """The sweep's compare-and-swap of a reminder day: True for the one sweep that moved it on."""
    return Deadline.objects.filter(pk=deadline.pk, state=DeadlineState.OPEN, next_reminder_on=scheduled).update(
        next_reminder_on=following
    ) == 1


def claim_escalation(deadline: Deadline, day: datetime.date) -> bool:
    """An overdue agency clock stays open and is escalated once: True for the sweep that claimed it."""
    return Deadline.objects.filter(pk=deadline.pk, state=DeadlineState.OPEN, escalated_on__isnull=True).update(
        escalated_on=day, next_reminder_on=None
    ) == 1


class ClaimLost(Exception):
    """A batch claim changed fewer rows than it was given: a row moved on after the batch read it.

    Raised so the batch's transaction rolls back whole; the sweep reads the batch again.
    """


def _by_value(pairs) -> dict:
    grouped: dict = {}
    for pk, value in pairs:
        grouped.setdefault(value, []).append(pk)
    return grouped


def _set_date(grouped: dict) -> Case | None:
    """Each row's new date by id in one expression; rows grouped under None get NULL (plain None when all do,
    since PostgreSQL cannot type a CASE whose every branch is NULL)."""
    whens = [When(pk__in=ids, then=Value(value, output_field=DateField()))
             for value, ids in grouped.items() if value is not None]
    return Case(*whens, default=None, output_field=DateField()) if whens else None


def claim_reminders(claims: list[tuple[int, datetime.date, datetime.date | None]]) -> None:
    """claim_reminder for a batch of (id, reminder day read, next reminder day): one conditional UPDATE.

    Each row moves on only if it is still open with the reminder day the batch read; unless every row
    does, ClaimLost is raised and the caller's transaction must roll back (nothing claimed).
    """
    if not claims:
        return
    guard = Q()
    for scheduled, ids in _by_value((pk, scheduled) for pk, scheduled, _ in claims).items():
        guard |= Q(pk__in=ids, next_reminder_on=scheduled)
    changed = Deadline.objects.filter(guard, state=DeadlineState.OPEN).update(
        next_reminder_on=_set_date(_by_value((pk, following) for pk, _, following in claims)))
    if changed != len(claims):
        raise ClaimLost(f"{len(claims) - changed} of {len(claims)} reminders were claimed elsewhere")


def claim_escalations(claims: list[tuple[int, datetime.date]]) -> None:
    """claim_escalation for a batch of (id, day): open, not yet escalated rows escalate in one UPDATE.

    Unless every row does, ClaimLost is raised and the caller's transaction must roll back.
    """
    if not claims:
        return
    changed = Deadline.objects.filter(
        pk__in=[pk for pk, _ in claims], state=DeadlineState.OPEN, escalated_on__isnull=True,
    ).update(escalated_on=_set_date(_by_value(claims)), next_reminder_on=None)
    if changed != len(claims):
        raise ClaimLost(f"{len(claims) - changed} of {len(claims)} escalations were claimed elsewhere")


def mark_escalated(deadline: Deadline, day: datetime.date) -> None:
    """Record that a supervisor was alerted about a clock already closed (no effect on what is open)."""
    Deadline.objects.filter(pk=deadline.pk).update(escalated_on=day)


@transaction.atomic
def grant_extension(*, actor, deadline: Deadline, new_due_date: datetime.date, reason: str) -> Deadline:
    """Stop the clock for the importer (UFLPA practice): move an importer window's due date, with a reason.

    Only importer windows can be extended; the agency's statutory clocks (1499(c)) are set by law.
    """
    if getattr(actor, "role", None) != Role.SUPERVISOR:
        raise ActionNotPermitted("Only a supervisor may grant an extension.")
    deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
    reason = require_text(reason, "reason", "Give the reason for the extension; it is kept in the audit trail.")
    if deadline.state != DeadlineState.OPEN:
        raise InvalidTransition(action="grant_extension", current_state=deadline.state, object_label="clock")
    if deadline.party != clocks.Party.IMPORTER:
        raise InvalidTransition(
            action="grant_extension", current_state=deadline.state, object_label="clock",
            reason="only the importer's windows can be extended; agency clocks are set by statute",
        )
    if new_due_date <= deadline.due_date:
        raise ValidationError({"new_due_date": f"The new due date must be after {deadline.due_date:%d %B %Y}."})
    horizon = deadline.computed_due_date + datetime.timedelta(days=settings.CASES_MAX_EXTENSION_DAYS)
    if new_due_date > horizon:
        raise ValidationError({"new_due_date": (
            f"An extension may run at most {settings.CASES_MAX_EXTENSION_DAYS} days past the window's original "
            f"due date ({deadline.computed_due_date:%d %B %Y}), so no later than {horizon:%d %B %Y}."
        )})
    port_code = deadline_port(deadline)
    before = snapshot(deadline, ["due_date", "next_reminder_on"])
    deadline.due_date = new_due_date
    deadline.extension_reason = reason
    deadline.next_reminder_on = next_reminder(new_due_date, business_calendar(port_code), port_code=port_code)
    deadline.save(update_fields=["due_date", "extension_reason", "next_reminder_on", "updated_at"])
    sync_next_clock([deadline.detention_id])
    sync_hit_clocks([deadline.shipment_id])
    record_event(
        actor=actor, action="grant_extension", obj=deadline, before=before,
        after=snapshot(deadline, ["due_date", "next_reminder_on"]), reason=reason, detention=deadline.detention,
    )
    return deadline


def recompute_for_closure(*, actor, closed_on: datetime.date, port_codes=None) -> list[Deadline]:
    """A closure entered after clocks started changes business days and roll-forward: recompute them.

    domain.md section 3: every change of an input changes the dependent due dates. Business-day
    clocks running across the closed day move by a day; importer windows ending on it roll forward.
    An extension already granted beyond the new date is kept. `port_codes` limits it to the clocks of
    those ports (a closure of some ports); None means every port. Runs in the caller's transaction.
    """
    calendars = {}
    changed = []
    for deadline in Deadline.objects.select_for_update(of=("self",)).select_related(
            "rfi", "detention", "shipment", "investigation").filter(
            state=DeadlineState.OPEN, starts_on__lt=closed_on, due_date__gte=closed_on):
        port_code = deadline_port(deadline)
        if port_codes is not None and port_code not in port_codes:
            continue
        if port_code not in calendars:
            calendars[port_code] = business_calendar(port_code)
        calendar = calendars[port_code]
        rule = clocks.CLOCK_RULES[DeadlineKind(deadline.kind)]
        if rule.unit == clocks.Unit.BUSINESS_DAYS:
            new_due = clocks.add_business_days(deadline.starts_on, rule.length, calendar)
        elif rule.rolled:
            new_due = clocks.roll_forward(deadline.computed_due_date, calendar)
        else:
            continue
        if new_due == deadline.computed_due_date:
            continue
        before = snapshot(deadline, ["due_date", "computed_due_date"])
        if deadline.due_date == deadline.computed_due_date or deadline.due_date < new_due:
            deadline.due_date = new_due
        deadline.computed_due_date = new_due
        deadline.next_reminder_on = next_reminder(deadline.due_date, calendar, port_code=port_code)
        deadline.save(update_fields=["due_date", "computed_due_date", "next_reminder_on", "updated_at"])
        if deadline.rfi is not None:
            deadline.rfi.due_date = deadline.due_date
            deadline.rfi.save(update_fields=["due_date"])
        record_event(actor=actor, action="recompute_clock", obj=deadline, before=before,
                     after=snapshot(deadline, ["due_date", "computed_due_date"]),
                     reason=f"Office closure on {closed_on:%d %B %Y} at "
                            f"{'port ' + port_code if port_codes is not None else 'every port'}",
                     detention=deadline.detention)
        changed.append(deadline)
    sync_next_clock(d.detention_id for d in changed)
    sync_hit_clocks(d.shipment_id for d in changed)
    return changed
