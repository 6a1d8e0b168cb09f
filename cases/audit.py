"""Writing, sealing, checkpointing and verifying the audit trail.

Two steps, so that writers never queue on one row:

1. `record_event` inserts the event inside the transaction of the change it records. Its sequence comes
   from the table's database sequence and its `entry_mac` is an HMAC-SHA256 of its content under the
   current audit key (settings.AUDIT_HMAC_KEYS, never stored in the database). No shared row is locked.
2. `seal_pending` runs after commit (and every minute from Celery beat). Holding the chain head, it
   takes the committed, unsealed events in sequence order and gives each the next chain position,
   the previous event's hash and its own hash: an HMAC over position, sequence, key id, entry MAC and
   previous hash. Changing, deleting or reordering a sealed event breaks the chain at that event.

`write_checkpoint` signs the sealed head and stores it outside the database, append-only;
`verify_chain` walks the chain and compares it with the latest checkpoint, so removing events from the
end or re-hashing the chain (even with the key) is caught. See docs/audit.md.
"""

import datetime
import decimal
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from cases import bulk_copy
from cases.actors import SYSTEM, SystemActor, actor_label
from cases.middleware import current_request_id
from cases.models import AuditChainHead, AuditEvent, AuditOutcome

log = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64
LEGACY_KEY_ID = "legacy-sha256"
KEY_ROTATED = "audit_key_rotated"
CHECKPOINT_FORMAT = 1


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


def _canonical(payload: dict) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class UnknownAuditKey(LookupError):
    pass


def audit_key(key_id: str) -> bytes:
    try:
        return settings.AUDIT_HMAC_KEYS[key_id].encode("utf-8")
    except KeyError:
        raise UnknownAuditKey(f"no audit key named {key_id!r} is configured (AUDIT_HMAC_KEYS)") from None


def _mac(key_id: str, payload: dict) -> str:
    return hmac.new(audit_key(key_id), _canonical(payload), hashlib.sha256).hexdigest()


def content_fields(event: AuditEvent) -> dict:
    """What `entry_mac` covers: everything the event says, in canonical form version 2."""
    return {
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
        "key_id": event.key_id,
    }


def entry_mac(event: AuditEvent) -> str:
    return _mac(event.key_id, content_fields(event))


def seal_hash(event: AuditEvent) -> str:
    """The chain link: binds the event's place, sequence, content MAC and the previous hash."""
    return _mac(event.key_id, {
        "chain_position": event.chain_position,
        "sequence": event.sequence,
        "key_id": event.key_id,
        "entry_mac": event.entry_mac,
        "previous_hash": event.previous_hash,
    })


def legacy_digest(event: AuditEvent) -> str:
    """The unkeyed SHA-256 of events written before keyed sealing (canonical form version 1)."""
    payload = {
        "sequence": event.chain_position,
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
    return hashlib.sha256(_canonical(payload)).hexdigest()


def _new_event(*, actor, action, obj, before, after, reason, detention, outcome, label: str | None = None
               ) -> AuditEvent:
    person = None if actor is None or isinstance(actor, SystemActor) else actor
    event = AuditEvent(
        occurred_at=timezone.now(),
        actor=person,
        actor_label=actor_label(actor) if label is None else label,
        action=action,
        object_type=obj._meta.model_name,
        object_id=str(obj.pk),
        detention=detention,
        before=normalise(before),
        after=normalise(after),
        reason=reason or "",
        request_id=current_request_id.get(),
        outcome=outcome,
        key_id=settings.AUDIT_HMAC_CURRENT_KEY_ID,
    )
    event.entry_mac = entry_mac(event)
    return event


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
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("Audit events are written inside the transaction of the change they record.")
    event = _new_event(actor=actor, action=action, obj=obj, before=before, after=after, reason=reason,
                       detention=detention, outcome=outcome)
    event.save(force_insert=True)
    if settings.AUDIT_SEAL_ON_COMMIT:
        # Cheap when repeated: the callback asks for a sealing run at most once per coalescing interval.
        transaction.on_commit(_seal_after_commit)
    return event


def record_events(*, actor, action: str, changes: list[tuple[models.Model, dict]], reason: str = "",
                  copy: bool = False) -> int:
    """Append one event per (object, after) pair in one insert: bulk intake records each entry it stores.

    The same rules as record_event: inside the transaction of the change, sealed after commit. With
    copy=True the events go in with COPY on PostgreSQL (cases/bulk_copy.py): the same rows, written faster.
    """
    return len(record_many(actor=actor, copy=copy, events=[
        {"action": action, "obj": obj, "after": after, "reason": reason} for obj, after in changes
    ]))


def record_many(*, actor, events: list[dict], copy: bool = False) -> list[AuditEvent]:
    """Append one event per dict of record_event's keywords (action, obj, before, after, reason, detention,
    outcome), all by `actor`, in one insert: the batched deadline sweep records a batch's changes at once.

    The same rules as record_event: inside the transaction of the change, each event's content MAC computed
    before the insert, linked into the chain by the same sealing step after commit.
    """
    if not events:
        return []
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit events are written inside the transaction of the change they record.")
    label = actor_label(actor)  # one actor for all: named once
    rows = [
        _new_event(actor=actor, action=event["action"], obj=event["obj"], before=event.get("before"),
                   after=event.get("after"), reason=event.get("reason", ""), detention=event.get("detention"),
                   outcome=event.get("outcome", AuditOutcome.SUCCESS), label=label)
        for event in events
    ]
    if copy:
        bulk_copy.insert(AuditEvent, rows)
    else:
        AuditEvent.objects.bulk_create(rows)
    if settings.AUDIT_SEAL_ON_COMMIT:
        transaction.on_commit(_seal_after_commit)
    return rows


_last_seal_request = 0.0


def _seal_after_commit() -> None:
    """Ask for a sealing run, at most once per AUDIT_SEAL_COALESCE_SECONDS per process.

    The run is a Celery task (inline when tasks run eagerly), so a writer never waits for the chain;
    the scheduled run every few seconds seals whatever a coalesced request left behind.
    """
    global _last_seal_request
    now = time.monotonic()
    if now - _last_seal_request < settings.AUDIT_SEAL_COALESCE_SECONDS:
        return
    _last_seal_request = now
    try:
        from cases.tasks import seal_audit_events  # noqa: PLC0415 - cases.tasks imports this module

        seal_audit_events.apply_async(expires=30)
    except Exception:  # noqa: BLE001 - the change is committed; the scheduled sealing picks it up
        log.exception("Requesting an audit sealing run failed; the scheduled sealing will seal the event.")


def _head(wait: bool) -> AuditChainHead | None:
    head = AuditChainHead.objects.select_for_update(skip_locked=not wait).filter(id=1).first()
    if head is not None:
        return head
    if AuditChainHead.objects.filter(id=1).exists():
        return None  # another sealer holds it
    try:
        with transaction.atomic():
            AuditChainHead.objects.create(id=1, last_position=0, last_hash=GENESIS_HASH)
    except IntegrityError:
        pass
    return AuditChainHead.objects.select_for_update(skip_locked=not wait).filter(id=1).first()


def _seal(event: AuditEvent, head: AuditChainHead) -> None:
    event.chain_position = head.last_position + 1
    event.previous_hash = head.last_hash
    event.hash = seal_hash(event)
    head.last_position, head.last_hash, head.last_key_id = event.chain_position, event.hash, event.key_id


def seal_pending(*, wait: bool = True, batch: int = 1000, durable: bool = True) -> int:
    """Link every committed, unsealed event into the chain in sequence order; returns how many.

    With wait=False a sealer already at work is left to it, and sealing stops after a batch smaller
    than `batch` (an event committed meanwhile is sealed by its own writer or the scheduled run).
    With durable=False the sealing commit does not wait for the disk (PostgreSQL's asynchronous
    commit): a seal lost in a crash is only redone, since the events it links are committed durably;
    `write_checkpoint` flushes before it records the head. A change of audit key is written into the
    chain first, as its own event, sealed with the new key.
    """
    sealed = 0
    while True:
        with transaction.atomic():
            head = _head(wait)
            if head is None:
                return sealed
            pending = list(AuditEvent.objects.filter(hash__isnull=True).order_by("sequence")[:batch])
            if not pending:
                return sealed
            connection = transaction.get_connection()
            if not durable and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            changed = []
            for event in pending:
                if head.last_key_id and event.key_id != head.last_key_id and event.action != KEY_ROTATED:
                    rotation = _new_event(
                        actor=SYSTEM, action=KEY_ROTATED, obj=head, before={"key_id": head.last_key_id},
                        after={"key_id": event.key_id}, reason="The audit key changed.", detention=None,
                        outcome=AuditOutcome.SUCCESS,
                    )
                    rotation.key_id = event.key_id
                    rotation.entry_mac = entry_mac(rotation)
                    rotation.save(force_insert=True)
                    _seal(rotation, head)
                    changed.append(rotation)
                _seal(event, head)
                changed.append(event)
            AuditEvent.objects.bulk_update(changed, ["chain_position", "previous_hash", "hash"])
            head.save(update_fields=["last_position", "last_hash", "last_key_id"])
            sealed += len(changed)
        if not wait and len(pending) < batch:
            return sealed


# --- Checkpoints ----------------------------------------------------------------------------------

def checkpoint_storage():
    return storages["audit_checkpoints"]


def _checkpoint_signature(body: dict) -> str:
    unsigned = {k: v for k, v in body.items() if k != "signature"}
    return _mac(body["key_id"], unsigned)


def write_checkpoint() -> str | None:
    """Seal, then store a signed record of the sealed head; None when nothing new was sealed."""
    seal_pending(wait=True)
    with transaction.atomic():
        # A durable write flushes every earlier (asynchronous) sealing commit to disk before the head
        # they produced is recorded outside the database.
        AuditChainHead.objects.filter(id=1).update(last_position=models.F("last_position"))
    head = AuditChainHead.objects.filter(id=1).first()
    if head is None or head.last_position == 0:
        return None
    latest = latest_checkpoint()
    if latest is not None and latest[1].get("chain_position") == head.last_position:
        return None
    written_at = timezone.now().astimezone(datetime.UTC)
    body = {
        "format": CHECKPOINT_FORMAT,
        "chain_position": head.last_position,
        "hash": head.last_hash,
        "written_at": written_at.isoformat(),
        "key_id": settings.AUDIT_HMAC_CURRENT_KEY_ID,
    }
    body["signature"] = _checkpoint_signature(body)
    name = f"checkpoint-{head.last_position:020d}-{written_at:%Y%m%dT%H%M%S%fZ}.json"
    return checkpoint_storage().save(name, ContentFile(_canonical(body)))


def latest_checkpoint() -> tuple[str, dict] | None:
    storage = checkpoint_storage()
    try:
        names = [n for n in storage.listdir("")[1] if n.startswith("checkpoint-") and n.endswith(".json")]
    except FileNotFoundError:
        return None
    if not names:
        return None
    name = max(names)  # zero-padded position first, then the time written
    with storage.open(name, "rb") as handle:
        raw = handle.read()
    try:
        body = json.loads(raw)
    except ValueError:
        body = {}
    return name, body


# --- Verification ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ChainBreak:
    where: str
    problem: str

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}"


@dataclass(frozen=True)
class Unsealed:
    """A committed event whose content MAC checks out but that is not linked into the chain yet."""

    sequence: int


def _event_break(event: AuditEvent, problem: str) -> ChainBreak:
    return ChainBreak(f"audit event #{event.sequence} at chain position {event.chain_position}", problem)


def _check_checkpoint(checkpoint, last_position: int, hash_at_checkpoint: str | None) -> ChainBreak | None:
    name, body = checkpoint
    where = f"checkpoint {name}"
    try:
        expected = _checkpoint_signature(body)
        position, recorded_hash = body["chain_position"], body["hash"]
    except (KeyError, TypeError):
        return ChainBreak(where, "it is unreadable or incomplete (the checkpoint was edited)")
    except UnknownAuditKey as exc:
        return ChainBreak(where, f"it is signed with an unknown key: {exc}")
    if not hmac.compare_digest(expected, str(body.get("signature", ""))):
        return ChainBreak(where, "its signature does not match (the checkpoint was edited or forged)")
    if position > last_position:
        return ChainBreak(
            where,
            f"it records the chain up to position {position}, but the chain ends at position {last_position}: "
            "sealed events were removed from the end",
        )
    if hash_at_checkpoint != recorded_hash:
        return ChainBreak(
            where, f"the hash at chain position {position} differs from the one it records: the chain was re-hashed",
        )
    return None


def verify_chain(chunk_size: int = 2000, checkpoint=...) -> Iterator[int | Unsealed | ChainBreak]:
    """Yield each verified chain position (then each Unsealed event), stop at the first break, if any.

    `checkpoint` defaults to the latest one in the checkpoint storage; pass None to skip that check.
    """
    if checkpoint is ...:
        checkpoint = latest_checkpoint()
    checkpoint_position = checkpoint[1].get("chain_position") if checkpoint is not None else None
    hash_at_checkpoint = None
    expected_previous = GENESIS_HASH
    expected_position = 1
    previous_key = None
    # The head is read first: events sealed while the check runs lie beyond it and are left for the
    # next check, instead of looking like a gap at the end.
    head = AuditChainHead.objects.filter(id=1).first()
    sealed = AuditEvent.objects.filter(chain_position__isnull=False).order_by("chain_position")
    if head is not None:
        sealed = sealed.filter(chain_position__lte=head.last_position)
    for event in sealed.iterator(chunk_size=chunk_size):
        if event.chain_position != expected_position:
            yield ChainBreak(
                f"chain position {expected_position}",
                f"missing (the next sealed event present is #{event.sequence} at position {event.chain_position})",
            )
            return
        if event.previous_hash != expected_previous:
            yield _event_break(event, "its link to the previous event was altered")
            return
        if event.key_id == LEGACY_KEY_ID:
            if legacy_digest(event) != event.hash:
                yield _event_break(event, "its content was altered after it was written")
                return
        else:
            if previous_key is not None and event.key_id != previous_key and not (
                event.action == KEY_ROTATED
                and event.before == {"key_id": previous_key} and event.after == {"key_id": event.key_id}
            ):
                yield _event_break(event, f"its key changed from {previous_key!r} without a recorded key rotation")
                return
            try:
                content_ok = hmac.compare_digest(entry_mac(event), event.entry_mac)
                link_ok = hmac.compare_digest(seal_hash(event), event.hash or "")
            except UnknownAuditKey as exc:
                yield _event_break(event, str(exc))
                return
            if not content_ok:
                yield _event_break(event, "its content was altered after it was written")
                return
            if not link_ok:
                yield _event_break(event, "its place in the chain or its hash was altered")
                return
        previous_key = event.key_id
        if event.chain_position == checkpoint_position:
            hash_at_checkpoint = event.hash
        expected_previous = event.hash
        expected_position += 1
        yield event.chain_position
    last = expected_position - 1
    if head is not None and head.last_position != last:
        yield ChainBreak(
            f"chain position {last + 1}",
            f"missing (the chain head records position {head.last_position} as the last sealed event)",
        )
        return
    if checkpoint is not None:
        broken = _check_checkpoint(checkpoint, last, hash_at_checkpoint)
        if broken is not None:
            yield broken
            return
    for event in AuditEvent.objects.filter(hash__isnull=True).order_by("sequence").iterator(chunk_size=chunk_size):
        try:
            ok = hmac.compare_digest(entry_mac(event), event.entry_mac)
        except UnknownAuditKey as exc:
            yield ChainBreak(f"audit event #{event.sequence} (not yet sealed)", str(exc))
            return
        if not ok:
            yield ChainBreak(
                f"audit event #{event.sequence} (not yet sealed)", "its content was altered after it was written",
            )
            return
        yield Unsealed(event.sequence)
