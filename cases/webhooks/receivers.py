"""Connects the notification outbox to the webhook outbox: an event's deliveries commit with it."""

from django.db import transaction

from cases.services.notifications import notified, notified_many
from cases.webhooks import delivery, services


def queue_webhook_deliveries(sender, *, kind, key, detention, subject, body, recipients, **kwargs):
    created = services.queue_event(kind=kind, key=key, detention=detention, subject=subject, body=body,
                                   recipients=recipients)
    if created:
        transaction.on_commit(lambda ids=tuple(created): delivery.enqueue(ids))


def queue_webhook_deliveries_for_batch(sender, *, events, **kwargs):
    created = services.queue_events(events)
    if created:
        transaction.on_commit(lambda ids=tuple(created): delivery.enqueue(ids))


def connect() -> None:
    notified.connect(queue_webhook_deliveries, dispatch_uid="cases.webhooks.queue_webhook_deliveries")
    notified_many.connect(queue_webhook_deliveries_for_batch,
                          dispatch_uid="cases.webhooks.queue_webhook_deliveries_for_batch")
