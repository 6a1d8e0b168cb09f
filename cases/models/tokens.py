"""API tokens for brokers' and importers' systems: stored as a SHA-256 digest, shown once, with an expiry."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class ApiToken(models.Model):
    """One named key of one user. The plaintext exists only in the answer that minted it.

    A token is refused once expired, revoked, or when the owner's password, account or organisation
    changed since it was minted (cases.accounts.tokens.authenticate_token).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=100)
    # The first characters of the key, so an owner can tell their tokens apart; not enough to use one.
    prefix = models.CharField(max_length=12)
    # SHA-256 of the whole key: the key is 256 random bits, so a fast digest is enough (no password stretching).
    digest = models.CharField(max_length=64, unique=True)
    # A digest of the owner's password hash when minted: a changed password invalidates the token.
    password_fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The owner's token page and revoke-all on password change read a user's live tokens.
            models.Index(fields=["user", "revoked_at"], name="apitoken_user_live"),
        ]
        constraints = [
            models.CheckConstraint(name="apitoken_expires_after_creation",
                                   condition=Q(expires_at__gt=models.F("created_at"))),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
