"""Notifications as an outbox: rows written with the event that causes them, delivered after commit."""

from django.conf import settings
from django.db import models


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    # Claimed by one worker until `claimed_until`; a worker killed mid-send leaves the claim to expire,
    # after which the relay claims the row again (cases.outbox).
    DELIVERING = "delivering", "Being delivered"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class DeliveryPreference(models.TextChoices):
    IMMEDIATE = "immediate", "Immediately, one email per notification"
    DAILY_DIGEST = "daily_digest", "Once a day, in one digest email"


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
    claimed_until = models.DateTimeField(
        null=True, blank=True, help_text="While delivering: when the worker's claim lapses and the relay may retry."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["delivery_status", "created_at"]),
            # The inbox, newest first, a page at a time (all, and unread only): index range reads, not a sort of
            # everything a busy desk was ever sent.
            models.Index(fields=["recipient", "created_at", "id"], name="notification_inbox"),
            models.Index(fields=["recipient", "created_at", "id"], condition=models.Q(read_at__isnull=True),
                         name="notification_inbox_unread"),
        ]

    def __str__(self) -> str:
        return self.subject


class NotificationPreference(models.Model):
    """How a person wants their email: each notification at once, or one digest a day.

    The in-app inbox shows every notification at once either way; only the email is held back.
    A person without a row gets immediate delivery.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    delivery = models.CharField(
        max_length=20, choices=DeliveryPreference.choices, default=DeliveryPreference.IMMEDIATE
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.get_delivery_display()}"
