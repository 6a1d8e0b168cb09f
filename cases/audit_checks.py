"""Deployment checks for the audit trail: production must not use the public development key."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def audit_key_configured(app_configs, **kwargs):
    errors = []
    public = {settings.AUDIT_DEVELOPMENT_KEY_ID: settings.AUDIT_DEVELOPMENT_KEY}
    for key_id, secret in settings.AUDIT_HMAC_KEYS.items():
        if public.get(key_id) == secret or secret == settings.AUDIT_DEVELOPMENT_KEY:
            errors.append(Error(
                f"The audit key {key_id!r} is the public development key: anyone could re-hash the audit trail.",
                hint="Set AUDIT_HMAC_KEYS_FILE (or AUDIT_HMAC_KEYS) to a secret kept outside the database.",
                id="cases.E101",
            ))
        elif len(secret) < 32:
            errors.append(Error(
                f"The audit key {key_id!r} is shorter than 32 characters.",
                hint="Use at least 32 random characters, e.g. from `openssl rand -hex 32`.",
                id="cases.E102",
            ))
    return errors
