"""Delivering notification rows: enqueue after commit, deliver once, keep the outcome.

Kept free of the services so the Celery tasks can import it without import cycles.
"""

import logging

from celery import current_app
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.utils import timezone

from cases.models import DeliveryStatus, Notification

logger = logging.getLogger(__name__)

DELIVER_TASK = "cases.deliver_notification"


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


def deliver(notification_id: int) -> bool:
    """Send one pending notification by email and mark it sent; False if it was not pending."""
    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    )
    if notification is None or notification.delivery_status != DeliveryStatus.PENDING:
        return False
    Notification.objects.filter(pk=notification_id).update(attempts=F("attempts") + 1)
    recipient = notification.recipient
    try:
        if recipient.email:
            send_mail(
                subject=notification.subject, message=notification.body,
                from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[recipient.email],
            )
    except Exception as exc:  # SMTP trouble: keep the row pending with the error for the relay
        Notification.objects.filter(pk=notification_id).update(last_error=str(exc)[:2000])
        logger.warning("Delivery of notification %s failed: %s", notification_id, exc)
        return False
    updated = Notification.objects.filter(pk=notification_id, delivery_status=DeliveryStatus.PENDING).update(
        delivery_status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return updated == 1
