"""Throttles that read their rates when a request arrives, so a changed setting applies at once.

DRF's own classes copy the rates once, when the class is defined; these consult the live API
settings (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], from API_THROTTLE_ANON and API_THROTTLE_USER).
Anonymous callers are told apart by the address the trusted proxies saw (cases.accounts.network),
never by an X-Forwarded-For the client wrote itself.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from cases.accounts.network import client_address


class AnonymousThrottle(AnonRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_address(request)


class UserThrottle(UserRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_address(request)


class TokenUsernameThrottle(SimpleRateThrottle):
    """The token endpoint, per username asked for: rotating addresses does not buy more guesses."""

    scope = "token_username"

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        if request.method != "POST":
            return None
        username = request.data.get("username") if hasattr(request.data, "get") else None
        if not isinstance(username, str) or not username.strip():
            return None
        return self.cache_format % {"scope": self.scope, "ident": username.strip().lower()[:150]}
