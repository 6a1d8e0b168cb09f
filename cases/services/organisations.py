"""An importer organisation's own administration: its administrators invite and disable its users.

The agency's administrators manage every account in the Django admin; these services are the
importer side of it, limited to the actor's own organisation (domain.md section 7).
"""

from collections.abc import Callable

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cases.audit import record_event, snapshot
from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import Role, User
from cases.services.accounts import account_disabled, refuse_suspended
from cases.services.notifications import notify
from cases.services.support import lock

USER_FIELDS = ["username", "email", "first_name", "last_name", "role", "organisation", "is_active",
               "is_organisation_admin"]


def _require_organisation_admin(actor) -> None:
    if not (getattr(actor, "role", None) == Role.IMPORTER and actor.is_active and actor.is_organisation_admin):
        raise ActionNotPermitted("Only an administrator of your organisation may manage its users.")
    refuse_suspended(actor)


def set_password_link(user: User) -> tuple[str, str]:
    """The uid and one-time token of Django's password-reset machinery for `user`.

    The token is bound to the password hash and the last sign-in, so it stops working once used.
    """
    return urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)


@transaction.atomic
def invite_user(
    *, actor, email: str, first_name: str, last_name: str, set_password_url: Callable[[str, str], str],
    organisation_admin: bool = False,
) -> User:
    """Create an importer account in the actor's organisation and email it a link to choose a password.

    The account has no usable password until the invitee follows the link; the email goes through
    the notification outbox, so a mail server that is down delays the invitation but never loses it.
    """
    _require_organisation_admin(actor)
    errors = {}
    email = (email or "").strip().lower()
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = "Enter the invitee's email address, e.g. name@company.example."
    if not first_name:
        errors["first_name"] = "Give the invitee's first name."
    if not last_name:
        errors["last_name"] = "Give the invitee's last name."
    # Deliberately one message whoever holds the address, so the form tells nothing about other
    # organisations' accounts.
    if not errors and (User.objects.filter(username__iexact=email).exists()
                       or User.objects.filter(email__iexact=email).exists()):
        errors["email"] = "This address already has an account; ask the agency's administrator for help."
    if errors:
        raise ValidationError(errors)
    user = User(
        username=email, email=email, first_name=first_name, last_name=last_name, role=Role.IMPORTER,
        organisation_id=actor.organisation_id, is_organisation_admin=bool(organisation_admin),
    )
    user.set_unusable_password()
    user.save()
    record_event(actor=actor, action="invite_user", obj=user, after=snapshot(user, USER_FIELDS))
    uid, token = set_password_link(user)
    notify(
        recipients=[user], kind="invitation",
        subject=f"{actor.display_name} invited you to the forced-labor case manager",
        body=(f"{actor.display_name} of {actor.organisation.name} invited you to answer detentions of the "
              f"organisation's goods. Choose your password here (the link works once): "
              f"{set_password_url(uid, token)}"),
        key=f"user-{user.pk}-invited",
    )
    return user


@transaction.atomic
def disable_user(*, actor, user: User, reason: str = "") -> User:
    """Disable a user of the actor's organisation: they can no longer sign in; their records stay."""
    _require_organisation_admin(actor)
    user = lock(user)
    if user.role != Role.IMPORTER or user.organisation_id != actor.organisation_id:
        raise ActionNotPermitted("This user belongs to another organisation.")
    if user.pk == actor.pk:
        raise InvalidTransition(action="disable", current_state="active", object_label="user",
                                reason="you cannot disable your own account; ask another administrator")
    if not user.is_active:
        raise InvalidTransition(action="disable", current_state="disabled", object_label="user")
    before = snapshot(user, ["is_active"])
    user.is_active = False
    user.save(update_fields=["is_active"])
    record_event(actor=actor, action="disable_user", obj=user, before=before, after=snapshot(user, ["is_active"]),
                 reason=reason)
    account_disabled(actor=actor, user=user)
    return user
