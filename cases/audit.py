"""Writing and verifying the hash-chained audit trail.

Each event carries the SHA-256 of its own canonical content and of the previous event's hash, so
changing, deleting or reordering any row breaks the chain at that row. Appends lock the single
AuditChainHead row, which serialises writers: the chain never forks under concurrency.
"""

import datetime
import decimal
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from cases.actors import SystemActor, actor_label
from cases.middleware import current_request_id
from cases.models import AuditChainHead, AuditEvent, AuditOutcome

GENESIS_HASH = "0" * 64


def _json_default(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return str(value)


def normalise(data: dict) -> dict:
    """Round-trip through JSON so what is hashed is exactly what the JSON column gives back."""
    return json.loads(json.dumps(data or {}, default=_json_default))


def snapshot(obj: models.Model, fields) -> dict:
    """The values of `fields` on `obj`, JSON-ready, for an event's before/after."""
    return normalise({name: getattr(obj, name + "_id" if _is_fk(obj, name) else name) for name in fields})


def _is_fk(obj, name) -> bool:
    try:
        return obj._meta.get_field(name).is_relation
    except Exception:
        return False


def event_digest(event: AuditEvent) -> str:
    payload = {
        "sequence": event.sequence,
        "occurred_at": event.occurred_at.astimezone(datetime.UTC).isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": str(event.object_id),
        "detention_id": event.detention_id,
        "before": event.before,
        "after": event.after,
        "reason": event.reason,
        "request_id": event.request_id,
        "outcome": event.outcome,
        "previous_hash": event.previous_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _locked_head() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(id=1).first()
    if head is not None:
        return head
    try:
        # The very first event creates the head; a racing first writer loses on the primary key.
        with transaction.atomic():
            AuditChainHead.objects.create(id=1, last_sequence=0, last_hash=GENESIS_HASH)
    except IntegrityError:
        pass
    return AuditChainHead.objects.select_for_update().get(id=1)


def record_event(
    *,
    actor,
    action: str,
    obj: models.Model,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    detention=None,
    outcome: str = AuditOutcome.SUCCESS,
) -> AuditEvent:
    """Append one event; must run inside the transaction of the change it records."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit events are written inside the transaction of the change they record.")
    head = _locked_head()
    occurred_at = timezone.now()
    person = None if actor is None or isinstance(actor, SystemActor) else actor
    event = AuditEvent(
        sequence=head.last_sequence + 1,
        occurred_at=occurred_at,
        actor=person,
        actor_label=actor_label(actor),
        action=action,
        object_type=obj._meta.model_name,
        object_id=str(obj.pk),
        detention=detention,
        before=normalise(before),
        after=normalise(after),
        reason=reason or "",
        request_id=current_request_id.get(),
        outcome=outcome,
        previous_hash=head.last_hash,
    )
    event.hash = event_digest(event)
    event.save(force_insert=True)
    head.last_sequence = event.sequence
    head.last_hash = event.hash
    head.save(update_fields=["last_sequence", "last_hash"])
    return event


@dataclass(frozen=True)
class ChainBreak:
    sequence: int
    problem: str

    def __str__(self) -> str:
        return f"audit event #{self.sequence}: {self.problem}"


def verify_chain(chunk_size: int = 2000) -> Iterator[int | ChainBreak]:
    """Yield each verified sequence number, then stop at (and yield) the first break, if any."""
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    # The head is read first: events appended while the check runs lie beyond it and are left for
    # the next check, instead of looking like a gap at the end.
    head = AuditChainHead.objects.filter(id=1).first()
    events = AuditEvent.objects.order_by("sequence")
    if head is not None:
        events = events.filter(sequence__lte=head.last_sequence)
    for event in events.iterator(chunk_size=chunk_size):
        if event.sequence != expected_sequence:
            yield ChainBreak(expected_sequence, f"missing (the next event present is #{event.sequence})")
            return
        if event.previous_hash != expected_previous:
            yield ChainBreak(event.sequence, "its link to the previous event was altered")
            return
        if event_digest(event) != event.hash:
            yield ChainBreak(event.sequence, "its content was altered after it was written")
            return
        expected_previous = event.hash
        expected_sequence += 1
        yield event.sequence
    last = expected_sequence - 1
    if head is not None and head.last_sequence != last:
        yield ChainBreak(last + 1, f"missing (the chain head records #{head.last_sequence} as the last event)")
