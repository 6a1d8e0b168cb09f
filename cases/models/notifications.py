"""Notifications as an outbox: rows written with the event that causes them, delivered after commit."""

from django.conf import settings
from django.db import models


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications")
    # Unique so that a retried event or a second sweep cannot notify twice.
    idempotency_key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=50)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    detention = models.ForeignKey(
        "cases.Detention", null=True, blank=True, on_delete=models.PROTECT, related_name="notifications"
    )
    delivery_status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["delivery_status", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.subject
