"""Webhook endpoints, the deliveries queued for them, and every attempt to send one."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class EventType(models.TextChoices):
    NOTICE_ISSUED = "notice.issued", "Notice of detention issued"
    RFI_SENT = "rfi.sent", "Request for information sent"
    DECISION_TAKEN = "decision.taken", "Admissibility decision taken"
    DEADLINE_APPROACHING = "deadline.approaching", "Deadline approaching"
    DOCUMENT_SHARED = "document.shared", "Document shared by the agency"
    NOTE_SHARED = "note.shared", "Case note shared by the agency"
    PROTEST_DECIDED = "protest.decided", "Protest decided"


class EndpointStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused after repeated failures"
    DISABLED = "disabled", "Disabled"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERING = "delivering", "Delivering"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed for good"


class WebhookEndpoint(models.Model):
    organisation = models.ForeignKey("cases.ImporterOrganisation", on_delete=models.PROTECT,
                                     related_name="webhook_endpoints")
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    # Kept to sign each delivery; shown to the organisation once, when the endpoint is registered.
    secret = models.CharField(max_length=100)
    event_types = models.JSONField(default=list, help_text="EventType values this endpoint receives.")
    status = models.CharField(max_length=10, choices=EndpointStatus.choices, default=EndpointStatus.ACTIVE)
    consecutive_failures = models.PositiveIntegerField(default=0)
    paused_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.PROTECT, related_name="deliveries")
    # The event's id, sent as `webhook-id`: the same on every attempt, so the receiver drops repeats.
    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The notification key of the event: an event recorded twice queues one delivery per endpoint.
    event_key = models.CharField(max_length=200)
    event_type = models.CharField(max_length=40, choices=EventType.choices)
    detention = models.ForeignKey("cases.Detention", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event_key"], name="webhook_delivery_once_per_event"),
        ]
        indexes = [
            # The relay reads due rows by one indexed date (cases.webhooks.delivery.relay_due).
            models.Index(fields=["next_attempt_at"], name="webhook_delivery_due",
                         condition=Q(status__in=["pending", "delivering"])),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} to {self.endpoint_id}"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    attempted_at = models.DateTimeField()
    response_status = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"attempt {self.number} of delivery {self.delivery_id}"
