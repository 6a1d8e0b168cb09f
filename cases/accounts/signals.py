"""Sign-in events into the audit trail: sign-in, sign-out, failed sign-in and lockout.

Django and django-axes announce these as signals from inside their own views and backends; each
receiver writes one event in its own transaction (record_event refuses to run outside one).
"""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from cases.accounts import sessions
from cases.accounts.network import client_address
from cases.audit import record_event
from cases.models import AuditOutcome

User = get_user_model()


def _attempted(username) -> User:
    """The account a failed attempt named, or an unsaved stand-in naming what was typed."""
    username = str(username or "")[:150]
    return User.objects.filter(username=username).first() or User(username=username)


def _where(request) -> dict:
    return {"client_address": client_address(request)} if request is not None else {}


@receiver(user_logged_in, dispatch_uid="cases-audit-sign-in")
def audit_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        sessions.start(request, user)
    with transaction.atomic():
        record_event(actor=user, action="sign_in", obj=user, after=_where(request))


@receiver(user_logged_out, dispatch_uid="cases-audit-sign-out")
def audit_sign_out(sender, request, user, **kwargs):
    if user is None or not getattr(user, "pk", None):
        return
    reason = getattr(request, "sign_out_reason", "") if request is not None else ""
    with transaction.atomic():
        record_event(actor=user, action="sign_out", obj=user, after=_where(request), reason=reason)


@receiver(user_login_failed, dispatch_uid="cases-audit-sign-in-failed")
def audit_failed_sign_in(sender, credentials, request=None, **kwargs):
    if request is not None and getattr(request, "axes_locked_out", False):
        return  # recorded once as a lockout below
    user = _attempted(credentials.get("username"))
    with transaction.atomic():
        record_event(actor=None, action="sign_in_failed", obj=user, outcome=AuditOutcome.REFUSED,
                     after={"username": user.username, **_where(request)})


@receiver(user_locked_out, dispatch_uid="cases-audit-lockout")
def audit_lockout(sender, request, username, ip_address, **kwargs):
    user = _attempted(username)
    with transaction.atomic():
        record_event(actor=None, action="sign_in_locked_out", obj=user,
                     after={"username": user.username, "client_address": ip_address or ""},
                     outcome=AuditOutcome.REFUSED)
