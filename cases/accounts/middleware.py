"""The gate every signed-in request passes: organisation suspended, session over, second factor owed.

Browser requests are sent to the sign-in or two-factor pages with a message; API requests made with the
browser session answer in the API's error format. Token-authenticated API calls are checked by
cases.api.authentication instead (DRF authenticates them after the middleware has run).
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from cases.accounts import sessions
from cases.accounts.backends import organisation_suspended
from cases.api.errors import error_body
from cases.audit import record_event
from cases.models import AuditOutcome
from cases.services.accounts import suspended_message

# Reachable while a second factor is still owed: the two-factor pages themselves and signing out.
SECOND_FACTOR_OPEN_PREFIXES = ("/accounts/two-factor/", "/accounts/logout/", "/accounts/login/", "/static/")


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


class AccountGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            refusal = self.gate(request, user)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def gate(self, request, user):
        if organisation_suspended(user):
            with transaction.atomic():
                record_event(actor=user, action="access_refused", obj=user, reason=suspended_message(user),
                             after={"path": request.path[:200]}, outcome=AuditOutcome.REFUSED)
            return self.end_session(request, status=403, code="organisation_suspended",
                                    message=suspended_message(user))
        expired = sessions.expiry_reason(request, user)
        if expired:
            return self.end_session(request, status=401, code="session_expired", message=expired)
        pending = sessions.second_factor_pending(request)
        if pending and not request.path.startswith(SECOND_FACTOR_OPEN_PREFIXES):
            if _is_api(request):
                return JsonResponse(error_body(
                    "two_factor_required",
                    "Finish signing in with your one-time code in the browser first, or use an API token.",
                ), status=403)
            target = reverse("two-factor-verify" if pending == "verify" else "two-factor-enrol")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return None

    def end_session(self, request, *, status: int, code: str, message: str):
        request.sign_out_reason = message
        logout(request)
        if _is_api(request):
            return JsonResponse(error_body(code, message), status=status)
        messages.warning(request, message)
        return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
