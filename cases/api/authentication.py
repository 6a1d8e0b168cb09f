"""`Authorization: Token <key>` against the hashed tokens of cases.models.ApiToken."""

from django.db import transaction
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from cases.accounts.backends import organisation_suspended
from cases.audit import record_event
from cases.models import ApiToken, AuditOutcome
from cases.services.accounts import password_fingerprint, suspended_message, token_digest, touch_token


class OrganisationSuspended(exceptions.AuthenticationFailed):
    default_code = "organisation_suspended"


class HashedTokenAuthentication(TokenAuthentication):
    """Looks the key up by its SHA-256 digest; refuses expired, revoked and orphaned tokens with a reason."""

    model = ApiToken

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user__organisation").filter(digest=token_digest(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        user, now = token.user, timezone.now()
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(f"This token was revoked: {token.revoked_reason}.")
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(
                f"This token expired on {token.expires_at:%Y-%m-%d}; mint a new one.")
        if not user.is_active:
            raise exceptions.AuthenticationFailed("The account this token belongs to is disabled.")
        if token.password_fingerprint != password_fingerprint(user):
            raise exceptions.AuthenticationFailed("The password changed since this token was minted; mint a new one.")
        if organisation_suspended(user):
            message = suspended_message(user)
            with transaction.atomic():
                record_event(actor=user, action="access_refused", obj=token, reason=message,
                             after={"via": "api_token"}, outcome=AuditOutcome.REFUSED)
            raise OrganisationSuspended(message)
        touch_token(token, now)
        return user, token
