"""Throttles that read their rates when a request arrives, so a changed setting applies at once.

DRF's own classes copy the rates once, when the class is defined; these consult the live API
settings (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], from API_THROTTLE_ANON and API_THROTTLE_USER).
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonymousThrottle(AnonRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class UserThrottle(UserRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
