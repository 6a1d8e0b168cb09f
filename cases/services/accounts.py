"""Account actions: API tokens, two-factor devices, organisations suspended and restored, sign-in events.

Each action runs in one transaction with its audit event (cases.audit.record_event). Tokens are kept
as SHA-256 digests: the plaintext is returned once, by mint_token, and never stored.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.accounts.backends import organisation_suspended
from cases.audit import record_event, snapshot
from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import ApiToken, AuditOutcome, ImporterOrganisation, Role, User
from cases.services.support import lock

TOKEN_PREFIX_LENGTH = 8
# Why a token stopped working, as shown to its owner and recorded in the audit event.
REVOKED_BY_OWNER = "revoked by its owner"
REVOKED_PASSWORD = "the owner's password changed"
REVOKED_ACCOUNT = "the account was disabled"
REVOKED_ORGANISATION = "the organisation was suspended"
REVOKED_ADMIN = "revoked by an administrator"

TOKEN_FIELDS = ["name", "prefix", "created_at", "expires_at", "revoked_at", "revoked_reason"]


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def password_fingerprint(user: User) -> str:
    """Changes whenever the password does (a new salt each time), without storing the hash twice."""
    return hashlib.sha256(f"api-token:{user.password}".encode()).hexdigest()


def suspended_message(user: User) -> str:
    return (f"{user.organisation.name}'s access to the system is suspended, so this account cannot be used; "
            "contact the agency to restore it.")


def refuse_suspended(user: User) -> None:
    if organisation_suspended(user):
        raise ActionNotPermitted(suspended_message(user))


def suspended_account(username: str, password: str) -> User | None:
    """The account, when the password is right but its organisation is suspended (to say so, and audit it).

    Only someone who knows the password learns that the organisation is suspended.
    """
    user = User.objects.select_related("organisation").filter(username=username).first()
    if user is None or not user.is_active or not organisation_suspended(user) or not user.check_password(password):
        return None
    with transaction.atomic():
        record_event(actor=user, action="access_refused", obj=user, reason=suspended_message(user),
                     after={"via": "sign_in"}, outcome=AuditOutcome.REFUSED)
    return user


# --- API tokens ------------------------------------------------------------------------------------

@transaction.atomic
def mint_token(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """A new token for the actor; answers the row and the key, which is shown this once only."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise ActionNotPermitted("Only an active account may hold API tokens.")
    refuse_suspended(actor)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Name the token after the system that will use it, e.g. Broker upload."})
    if len(name) > 100:
        raise ValidationError({"name": "Keep the name to 100 characters."})
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=actor, name=name, prefix=key[:TOKEN_PREFIX_LENGTH], digest=token_digest(key),
        password_fingerprint=password_fingerprint(actor), created_at=now,
        expires_at=now + datetime.timedelta(days=settings.API_TOKEN_DAYS),
    )
    record_event(actor=actor, action="mint_api_token", obj=token, after=snapshot(token, TOKEN_FIELDS))
    return token, key


def _revoke(actor, token: ApiToken, reason: str) -> ApiToken:
    before = snapshot(token, ["revoked_at", "revoked_reason"])
    token.revoked_at = timezone.now()
    token.revoked_reason = reason
    token.save(update_fields=["revoked_at", "revoked_reason"])
    record_event(actor=actor, action="revoke_api_token", obj=token, before=before,
                 after=snapshot(token, ["revoked_at", "revoked_reason"]), reason=reason)
    return token


@transaction.atomic
def revoke_token(*, actor: User, token: ApiToken) -> ApiToken:
    """The owner (or an administrator) revokes one token; it stops working at once."""
    token = lock(token)
    is_admin = getattr(actor, "role", None) == Role.ADMIN
    if token.user_id != getattr(actor, "pk", None) and not is_admin:
        raise ActionNotPermitted("Only the token's owner may revoke it.")
    if token.revoked_at is not None:
        raise InvalidTransition(action="revoke", current_state="revoked", object_label="token")
    return _revoke(actor, token, REVOKED_BY_OWNER if token.user_id == actor.pk else REVOKED_ADMIN)


def revoke_all_tokens(*, actor, users, reason: str) -> int:
    """Revoke every live token of `users`, one audit event each; runs in the caller's transaction."""
    tokens = list(ApiToken.objects.select_for_update().filter(user__in=users, revoked_at__isnull=True))
    for token in tokens:
        _revoke(actor, token, reason)
    return len(tokens)


def token_state(token: ApiToken, user: User) -> str:
    """In words, whether the token works now (the same checks as cases.api.authentication)."""
    if token.revoked_at is not None:
        return f"Revoked: {token.revoked_reason}"
    if token.expires_at <= timezone.now():
        return "Expired"
    if token.password_fingerprint != password_fingerprint(user):
        return f"Revoked: {REVOKED_PASSWORD}"
    return "Active"


def touch_token(token: ApiToken, now: datetime.datetime) -> None:
    """Record use at most once a minute per token: an API client's every call must not be a write."""
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


# --- Accounts and organisations --------------------------------------------------------------------

@transaction.atomic
def record_password_change(*, actor, user: User, reason: str) -> None:
    """Audit a password set for `user` and revoke the tokens minted under the old one."""
    record_event(actor=actor, action="admin_change_password" if actor != user else "change_password",
                 obj=user, reason=reason)
    revoke_all_tokens(actor=actor, users=[user], reason=REVOKED_PASSWORD)


def account_disabled(*, actor, user: User) -> None:
    """A disabled account's tokens are revoked (in the caller's transaction, beside its audit event)."""
    revoke_all_tokens(actor=actor, users=[user], reason=REVOKED_ACCOUNT)


def organisation_suspended_changed(*, actor, organisation: ImporterOrganisation) -> None:
    """After an organisation's is_active changed (in the caller's transaction): suspended ones lose their tokens."""
    if not organisation.is_active:
        revoke_all_tokens(actor=actor, users=User.objects.filter(organisation=organisation),
                          reason=REVOKED_ORGANISATION)


# --- Two-factor sign-in ----------------------------------------------------------------------------

def confirmed_totp(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@transaction.atomic
def confirm_totp(*, actor: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirm an enrolment with its first code; answers the recovery codes (shown once).

    Any earlier devices of the actor are replaced: one authenticator and one set of codes per person.
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if device.user_id != actor.pk or device.confirmed:
        raise ActionNotPermitted("This enrolment is not yours or is finished already.")
    if not device.verify_token((code or "").strip().replace(" ", "")):
        raise ValidationError({"code": "That code is not right. Enter the 6 digits your app shows now."})
    TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
    StaticDevice.objects.filter(user=actor).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(actor)
    record_event(actor=actor, action="enrol_two_factor", obj=actor,
                 after={"device": device.name, "recovery_codes": len(codes)})
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    static = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.ACCOUNTS_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


@transaction.atomic
def regenerate_recovery_codes(*, actor: User) -> list[str]:
    if confirmed_totp(actor) is None:
        raise InvalidTransition(action="regenerate recovery codes", current_state="not enrolled",
                                object_label="two-factor sign-in")
    StaticDevice.objects.filter(user=actor).delete()
    codes = _new_recovery_codes(actor)
    record_event(actor=actor, action="regenerate_recovery_codes", obj=actor, after={"recovery_codes": len(codes)})
    return codes


@transaction.atomic
def disable_two_factor(*, actor: User) -> None:
    """Importers may turn their own two-factor sign-in off again; staff may not (an administrator resets)."""
    if actor.is_agency_staff and settings.ACCOUNTS_STAFF_TWO_FACTOR:
        raise ActionNotPermitted("Staff accounts must keep two-factor sign-in; an administrator can reset it.")
    if confirmed_totp(actor) is None:
        raise InvalidTransition(action="turn off", current_state="not enrolled", object_label="two-factor sign-in")
    TOTPDevice.objects.filter(user=actor).delete()
    StaticDevice.objects.filter(user=actor).delete()
    record_event(actor=actor, action="disable_two_factor", obj=actor)


@transaction.atomic
def reset_two_factor(*, actor: User, user: User, reason: str = "") -> None:
    """An administrator removes a person's authenticator and recovery codes (a lost phone).

    The person enrols again at their next sign-in; sessions verified with the old device stay signed in
    until they end, so the administrator should also tell them to sign out elsewhere.
    """
    if getattr(actor, "role", None) != Role.ADMIN:
        raise ActionNotPermitted("Only an administrator may reset two-factor sign-in.")
    user = lock(user)
    devices = TOTPDevice.objects.filter(user=user).count() + StaticDevice.objects.filter(user=user).count()
    if not devices:
        raise InvalidTransition(action="reset", current_state="not enrolled", object_label="two-factor sign-in")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record_event(actor=actor, action="reset_two_factor", obj=user, before={"devices": devices}, after={"devices": 0},
                 reason=reason or "Reset in the administration site")
