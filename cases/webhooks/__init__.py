"""Webhooks: an importer organisation's systems told of its own cases' events over HTTPS.

An organisation registers endpoints (URL, secret, event types). When a service notifies the
organisation's users of an event (cases.services.notifications.notify), one delivery row per
subscribed endpoint is written in the same transaction (an outbox, like the notification rows),
then sent after commit: signed (HMAC-SHA256 over id, timestamp and body, in the Standard Webhooks
format), retried with exponential backoff, every attempt kept. An endpoint that keeps failing is
paused and the organisation's administrators are told. Depends on the core; the core never imports it.
"""
