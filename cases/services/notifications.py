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
