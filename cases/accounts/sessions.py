"""How long a signed-in session lasts, and whether it still owes a second factor.

Kept in the session itself (no query per request): when it started, when it was last used (written at
most once a minute so that reading pages does not write the session every time), and whether this
account must give a one-time code before doing anything.
"""

import time

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

STARTED = "accounts_started"
SEEN = "accounts_seen"
SECOND_FACTOR = "accounts_second_factor"  # "verify" (has a device), "enrol" (staff without one) or ""
SEEN_RESOLUTION = 60


def second_factor_due(user) -> str:
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return "verify"
    if user.is_agency_staff and settings.ACCOUNTS_STAFF_TWO_FACTOR:
        return "enrol"
    return ""


def start(request, user) -> None:
    now = int(time.time())
    request.session[STARTED] = now
    request.session[SEEN] = now
    request.session[SECOND_FACTOR] = second_factor_due(user)


def limits(user) -> tuple[int, int]:
    """(absolute, idle) lifetime in seconds for this kind of account."""
    if user.is_agency_staff:
        return settings.ACCOUNTS_STAFF_SESSION_HOURS * 3600, settings.ACCOUNTS_STAFF_IDLE_MINUTES * 60
    return settings.ACCOUNTS_IMPORTER_SESSION_HOURS * 3600, settings.ACCOUNTS_IMPORTER_IDLE_MINUTES * 60


def expiry_reason(request, user) -> str:
    """Why the session is over, or "" while it may go on (and then its last use is noted)."""
    session, now = request.session, int(time.time())
    started, seen = session.get(STARTED), session.get(SEEN)
    absolute, idle = limits(user)
    if started is None or seen is None:
        return "Your session predates the current sign-in rules; sign in again."
    if now - started > absolute:
        return f"Your session ended {absolute // 3600} hours after you signed in; sign in again."
    if now - seen > idle:
        return f"You were signed out after {idle // 60} minutes without activity; sign in again."
    if now - seen >= SEEN_RESOLUTION:
        session[SEEN] = now
    return ""


def second_factor_pending(request) -> str:
    user = request.user
    if getattr(user, "is_verified", None) and user.is_verified():
        return ""
    return request.session.get(SECOND_FACTOR, "")


def second_factor_done(request) -> None:
    request.session[SECOND_FACTOR] = ""
