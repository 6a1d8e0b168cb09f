"""Delivering notification rows: enqueue after commit, claim, send, keep the outcome.

The guarantee, precisely: a notification row is never lost (it is written in the transaction of the
event that causes it and stays pending until a send succeeds) and is handed to the email backend
at least once. Each row is claimed with a compare-and-swap update (pending -> delivering, with a
lease) before it is sent, so two workers, or the relay and a worker, never send the same row at
the same time. Only a worker that dies after the mail server accepted the message and before the
row was marked sent causes a second send, after the lease lapses; that second message carries the
same Message-ID (derived from the row's idempotency key), so the mail system and the reader can
recognise it as the same message.

Kept free of the services so the Celery tasks can import it without import cycles.
"""

import datetime
import hashlib
import logging

from celery import current_app
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from cases.models import DeliveryPreference, DeliveryStatus, Notification

logger = logging.getLogger(__name__)

DELIVER_TASK = "cases.deliver_notification"


def lease_seconds() -> int:
    # Longer than a slow SMTP conversation, so a live worker's claim never lapses under it.
    return getattr(settings, "CASES_NOTIFICATION_LEASE_SECONDS", 300)


def max_attempts() -> int:
    return getattr(settings, "CASES_NOTIFICATION_MAX_ATTEMPTS", 10)


def message_id(key: str) -> str:
    """The same Message-ID for every send of one notification, so a re-send is recognisably the same mail."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"


def enqueue_delivery(notification_ids) -> None:
    """Hand each row to the worker; if the broker is down the row stays pending for the relay."""
    for notification_id in notification_ids:
        if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
            deliver(notification_id)
            continue
        try:
            current_app.send_task(DELIVER_TASK, args=[notification_id])
        except Exception:
            logger.warning("Broker unavailable; notification %s left pending for the relay", notification_id)


def claimable() -> Q:
    """Pending rows, and rows whose worker died mid-delivery (claim lapsed)."""
    return Q(delivery_status=DeliveryStatus.PENDING) | Q(
        delivery_status=DeliveryStatus.DELIVERING, claimed_until__lt=timezone.now()
    )


def wants_digest() -> Q:
    return Q(recipient__notification_preference__delivery=DeliveryPreference.DAILY_DIGEST)


def _claim(ids) -> int:
    """Compare-and-swap: only rows still claimable change, so a second claimant gets 0."""
    return Notification.objects.filter(claimable(), pk__in=list(ids)).update(
        delivery_status=DeliveryStatus.DELIVERING,
        claimed_until=timezone.now() + datetime.timedelta(seconds=lease_seconds()),
        attempts=F("attempts") + 1,
    )


def _release_after_failure(ids, error: Exception) -> None:
    """Back to pending with the error kept, or failed for good after too many attempts."""
    rows = Notification.objects.filter(pk__in=list(ids), delivery_status=DeliveryStatus.DELIVERING)
    rows.filter(attempts__gte=max_attempts()).update(
        delivery_status=DeliveryStatus.FAILED, claimed_until=None, last_error=str(error)[:2000]
    )
    rows.update(delivery_status=DeliveryStatus.PENDING, claimed_until=None, last_error=str(error)[:2000])


def _mark_sent(ids) -> int:
    return Notification.objects.filter(pk__in=list(ids), delivery_status=DeliveryStatus.DELIVERING).update(
        delivery_status=DeliveryStatus.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
    )


def deliver(notification_id: int) -> bool:
    """Claim one notification, send it by email and mark it sent; False if another worker has it.

    A recipient who chose the daily digest gets it in the digest instead (send_daily_digests).
    """
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or Notification.objects.filter(pk=notification_id).filter(wants_digest()).exists():
        return False
    with transaction.atomic():
        if _claim([notification_id]) != 1:
            return False
    recipient = notification.recipient
    try:
        if recipient.email:
            EmailMessage(
                subject=notification.subject, body=notification.body, from_email=settings.DEFAULT_FROM_EMAIL,
                to=[recipient.email], headers={"Message-ID": message_id(notification.idempotency_key)},
            ).send()
    except Exception as exc:  # SMTP trouble: keep the row for the relay, with the error
        _release_after_failure([notification_id], exc)
        logger.warning("Delivery of notification %s failed: %s", notification_id, exc)
        return False
    return _mark_sent([notification_id]) == 1


def relay_pending(limit: int = 500) -> int:
    """Re-send rows still pending (broker was down, SMTP failed, a worker died); returns how many were sent.

    Oldest first, a bounded batch per run, so a long outage drains over a few minutes.
    """
    ids = list(
        Notification.objects.filter(claimable()).exclude(wants_digest())
        .order_by("created_at", "id").values_list("id", flat=True)[:limit]
    )
    return sum(deliver(notification_id) for notification_id in ids)


def send_daily_digests(day: datetime.date | None = None) -> int:
    """One email per person who chose the digest, listing their notifications not yet emailed."""
    day = day or timezone.localdate()
    recipients = (
        Notification.objects.filter(claimable()).filter(wants_digest())
        .values_list("recipient_id", flat=True).distinct()
    )
    return sum(_send_digest(recipient_id, day) for recipient_id in list(recipients))


def _send_digest(recipient_id: int, day: datetime.date) -> bool:
    ids = list(
        Notification.objects.filter(claimable(), recipient_id=recipient_id).order_by("created_at", "id")
        .values_list("id", flat=True)
    )
    with transaction.atomic():
        if not ids or _claim(ids) != len(ids):
            # Someone else claimed part of it: undo our claim and leave the rows to the next run.
            transaction.set_rollback(True)
            return False
    rows = list(Notification.objects.select_related("recipient").filter(pk__in=ids).order_by("created_at", "id"))
    recipient = rows[0].recipient
    body = "\n\n".join(f"{row.created_at:%d %b %Y %H:%M} UTC - {row.subject}\n{row.body}" for row in rows)
    try:
        if recipient.email:
            EmailMessage(
                subject=f"Your case notifications for {day:%d %B %Y} ({len(rows)})", body=body,
                from_email=settings.DEFAULT_FROM_EMAIL, to=[recipient.email],
                headers={"Message-ID": message_id(f"digest:{recipient_id}:{','.join(map(str, ids))}")},
            ).send()
    except Exception as exc:
        _release_after_failure(ids, exc)
        logger.warning("Digest for user %s failed: %s", recipient_id, exc)
        return False
    _mark_sent(ids)
    return True
