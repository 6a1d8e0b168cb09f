"""Writing notification rows (the outbox) inside the transaction of the event that causes them.

Delivery happens after commit (cases.tasks); a row whose delivery failed stays pending and is
re-sent by the relay task, so Redis or the worker being down delays a notice but never loses it.
The unique idempotency key means an event recorded twice notifies once.
"""

from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from cases import outbox
from cases.audit import record_event
from cases.errors import ActionNotPermitted
from cases.models import Detention, Notification, Role, User

# Sent inside the event's transaction when notify() wrote new rows, so other outboxes (cases.webhooks)
# can write theirs atomically with it: kind, key, detention, subject, body, recipients (the users told).
notified = Signal()
# Sent once by notify_many() for a whole batch: `events`, a list of dicts with the same keywords as `notified`
# (kind, key, detention, subject, body, recipients), one per message that wrote new rows. A receiver of
# `notified` must receive this one too, in one pass over the batch (cases.webhooks does).
notified_many = Signal()


def notify(*, recipients, kind: str, subject: str, body: str, key: str, detention: Detention | None = None):
    """Write one notification per recipient, keyed `key:user-id`; a repeated key is skipped."""
    created = []
    told = []
    for user in {u.pk: u for u in recipients if u is not None and u.is_active}.values():
        notification, was_created = Notification.objects.get_or_create(
            idempotency_key=f"{key}:user-{user.pk}",
            defaults={"recipient": user, "kind": kind, "subject": subject[:200], "body": body, "detention": detention},
        )
        if was_created:
            created.append(notification.pk)
            told.append(user)
    if created:
        transaction.on_commit(lambda ids=tuple(created): outbox.enqueue_delivery(ids))
        notified.send(sender=Notification, kind=kind, key=key, detention=detention, subject=subject, body=body,
                      recipients=told)
    return created


def notify_many(messages: list[dict]) -> list[int]:
    """notify() for many messages at once (each a dict of notify's keywords): a batch's rows in one insert.

    The same rows, keys and recipients as calling notify() for each message: one row per active recipient,
    keyed `key:user-id`, an existing key skipped. Two queries whatever the number of messages (the keys
    already written, the insert), then one delivery hand-off after commit and one `notified_many` signal.
    """
    planned = []
    for message in messages:
        users = {u.pk: u for u in message["recipients"] if u is not None and u.is_active}.values()
        planned.extend((message, user, f"{message['key']}:user-{user.pk}") for user in users)
    if not planned:
        return []
    written = set(Notification.objects.filter(idempotency_key__in=[key for _, _, key in planned])
                  .values_list("idempotency_key", flat=True))
    rows, told = [], {}
    for message, user, key in planned:
        if key in written:
            continue
        written.add(key)
        rows.append(Notification(idempotency_key=key, recipient=user, kind=message["kind"],
                                 subject=message["subject"][:200], body=message["body"],
                                 detention=message.get("detention")))
        told.setdefault(id(message), (message, []))[1].append(user)
    if not rows:
        return []
    Notification.objects.bulk_create(rows)
    created = [row.pk for row in rows]
    transaction.on_commit(lambda ids=tuple(created): outbox.enqueue_delivery(ids))
    notified_many.send(sender=Notification, events=[
        {"kind": message["kind"], "key": message["key"], "detention": message.get("detention"),
         "subject": message["subject"], "body": message["body"], "recipients": users}
        for message, users in told.values()
    ])
    return created


class Recipients:
    """The active people a batch of messages may go to, read in one query; the same answers as importer_users,
    responsible_officers and supervisors below give one detention or port at a time.
    """

    def __init__(self, *, organisation_ids=(), user_ids=(), port_codes=()) -> None:
        self.people = list(User.objects.filter(is_active=True).filter(
            Q(role=Role.IMPORTER, organisation_id__in=sorted(set(organisation_ids)))
            | Q(pk__in=sorted(set(user_ids)))
            | Q(role=Role.OFFICER, port_code__in=sorted(set(port_codes)))
            | Q(role=Role.SUPERVISOR)
        ).order_by("pk"))
        self._by_pk = {user.pk: user for user in self.people}

    def user(self, pk) -> list:
        """The person with this id if active (whatever the role), else nobody."""
        return [self._by_pk[pk]] if pk in self._by_pk else []

    def importer_users(self, detention: Detention) -> list:
        organisation_id = detention.shipment.importer_id
        return [u for u in self.people if u.role == Role.IMPORTER and u.organisation_id == organisation_id]

    def officers(self, port_code: str) -> list:
        return [u for u in self.people if u.role == Role.OFFICER and u.port_code == port_code]

    def responsible_officers(self, detention: Detention) -> list:
        if detention.assigned_officer_id:
            return self.user(detention.assigned_officer_id)
        return self.officers(detention.port_code)

    def supervisors(self, port_code: str | None = None) -> list:
        everyone = [u for u in self.people if u.role == Role.SUPERVISOR]
        if port_code:
            at_port = [u for u in everyone if u.port_code in (port_code, "")]
            if at_port:
                return at_port
        return everyone


def importer_users(detention: Detention):
    return User.objects.filter(organisation_id=detention.shipment.importer_id, role=Role.IMPORTER, is_active=True)


def responsible_officers(detention: Detention):
    """The assigned officer; while nobody is assigned, the officers of the detention's port."""
    if detention.assigned_officer_id:
        return User.objects.filter(pk=detention.assigned_officer_id, is_active=True)
    return User.objects.filter(role=Role.OFFICER, port_code=detention.port_code, is_active=True)


def supervisors(port_code: str | None = None):
    qs = User.objects.filter(role=Role.SUPERVISOR, is_active=True)
    if port_code:
        port_supervisors = qs.filter(Q(port_code=port_code) | Q(port_code=""))
        if port_supervisors.exists():
            return port_supervisors
    return qs


@transaction.atomic
def mark_read(*, actor: User, notification: Notification) -> Notification:
    """The recipient read a notification; already read stays as first read; audited once."""
    if notification.recipient_id != getattr(actor, "pk", None):
        raise ActionNotPermitted("Only the recipient may mark a notification read.")
    notification = Notification.objects.select_for_update().get(pk=notification.pk, recipient=actor)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        record_event(actor=actor, action="read_notification", obj=notification, detention=notification.detention,
                     after={"read_at": notification.read_at, "kind": notification.kind})
    return notification


@transaction.atomic
def mark_all_read(*, actor: User, notifications=None) -> int:
    """Mark the recipient's unread notifications (all, or those of `notifications`) read; audited in one event."""
    notifications = Notification.objects.all() if notifications is None else notifications
    ids = list(notifications.filter(recipient=actor, read_at__isnull=True).select_for_update()
               .values_list("pk", flat=True))
    if not ids:
        return 0
    read_at = timezone.now()
    Notification.objects.filter(pk__in=ids).update(read_at=read_at)
    record_event(actor=actor, action="read_all_notifications", obj=actor,
                 after={"read_at": read_at, "notification_ids": ids})
    return len(ids)
