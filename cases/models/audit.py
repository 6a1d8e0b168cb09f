"""The append-only audit trail: each event MAC-ed at insert, then chained by a sealing step (HMAC-SHA256).

See cases/audit.py and docs/audit.md for the two steps and what the verifier checks.
"""

from django.conf import settings
from django.db import models


class AuditOutcome(models.TextChoices):
    SUCCESS = "success", "Succeeded"
    REFUSED = "refused", "Refused"


class AuditEvent(models.Model):
    sequence = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200, help_text="Who acted, as shown; 'system' for the clocks.")
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    detention = models.ForeignKey(
        "cases.Detention", null=True, blank=True, on_delete=models.PROTECT, related_name="audit_events",
        help_text="The case this event belongs to, for the case timeline.",
    )
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=10, choices=AuditOutcome.choices, default=AuditOutcome.SUCCESS)
    key_id = models.CharField(
        max_length=40, help_text="Which audit key the event's MACs use; 'legacy-sha256' for unkeyed older rows.",
    )
    entry_mac = models.CharField(
        max_length=64, blank=True, help_text="HMAC of the event's content, computed when it is inserted.",
    )
    # Set once by the sealing step (cases.audit.seal_pending), in one transaction per batch.
    chain_position = models.BigIntegerField(null=True, blank=True, unique=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["sequence"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # The sealing step's work list: only the few events not yet sealed.
            models.Index(fields=["sequence"], condition=models.Q(hash__isnull=True), name="auditevent_unsealed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hash__isnull=True, chain_position__isnull=True)
                | models.Q(hash__isnull=False, chain_position__isnull=False),
                name="auditevent_sealed_has_position",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.actor_label} {self.action} {self.object_type} {self.object_id}"


class AuditChainHead(models.Model):
    """The sealed end of the chain. Only the sealing step locks it; writers never touch it."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_position = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
    last_key_id = models.CharField(max_length=40, blank=True)

    def __str__(self) -> str:
        return f"Audit chain sealed up to position {self.last_position}"
