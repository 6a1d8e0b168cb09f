"""Celery tasks for webhooks: thin; each claims its rows before sending (cases.webhooks.delivery)."""

from celery import shared_task

from cases.webhooks import delivery


@shared_task(name=delivery.DELIVER_TASK)
def deliver_webhook(delivery_id: int) -> bool:
    return delivery.deliver(delivery_id)


@shared_task(name=delivery.RELAY_TASK)
def relay_webhook_deliveries() -> int:
    return delivery.relay_due()
