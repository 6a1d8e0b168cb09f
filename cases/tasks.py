"""Celery tasks: thin and idempotent; each calls a service or the outbox."""

from celery import shared_task

from cases import outbox


@shared_task(name=outbox.DELIVER_TASK)
def deliver_notification(notification_id: int) -> bool:
    return outbox.deliver(notification_id)
