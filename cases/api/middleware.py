"""Errors under /api/ that Django answers outside the API's views still leave in the API's error format.

DRF's exception handler (cases.api.errors) shapes every refusal raised inside an API view. What it
never sees is answered by Django itself as an HTML page: a path no URL names, a CSRF refusal, a body
larger than Django accepts, an exception no handler caught (500). This middleware, outermost, turns
any such answer under /api/ into the same `{"error": {...}}` body, keeping the status and the
headers that matter (Allow, Retry-After, WWW-Authenticate). Bodies that are already JSON pass untouched.
"""

import datetime
import json

from django.conf import settings
from django.http import HttpResponse
from django.utils.http import http_date

from cases.api.errors import STATUS_CODES, error_body
from cases.api.parsers import DEPRECATED_BODY_ATTRIBUTE, form_bodies_sunset

API_PREFIX = "/api/"
# Set on the Django request by a deprecated operation: (deprecated on, sunset, changelog URL).
DEPRECATED_ENDPOINT_ATTRIBUTE = "api_deprecated_endpoint"
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "X-Request-ID", "Deprecation", "Sunset", "Link")


def _is_json(response) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip() == "application/json"


class ApiErrorBodyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400 or _is_json(response):
            return response
        code, message = STATUS_CODES.get(response.status_code, STATUS_CODES[500 if response.status_code >= 500
                                                                               else 400])
        replacement = HttpResponse(json.dumps(error_body(code, message)), status=response.status_code,
                                   content_type="application/json")
        for header in KEPT_HEADERS:
            if header in response:
                replacement[header] = response[header]
        return replacement


def _epoch(day: datetime.date) -> int:
    return int(datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC).timestamp())


class DeprecationHeadersMiddleware:
    """Announce a deprecated usage on its answer: `Deprecation` (RFC 9745), `Sunset` (RFC 8594) and a
    `Link` to the changelog entry, for a request whose body came in a deprecated media type."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        endpoint = getattr(request, DEPRECATED_ENDPOINT_ATTRIBUTE, None)
        if endpoint:
            # A deprecated operation (docs/api-changelog.md): its own dates and changelog entry.
            deprecated_on, sunset, link = endpoint
            response["Deprecation"] = f"@{_epoch(deprecated_on)}"
            response["Sunset"] = http_date(_epoch(sunset))
            response["Link"] = f'<{link}>; rel="deprecation"; type="text/markdown"'
        elif getattr(request, DEPRECATED_BODY_ATTRIBUTE, None):
            deprecated_on = datetime.date.fromisoformat(settings.API_FORM_BODIES_DEPRECATED_ON)
            response["Deprecation"] = f"@{_epoch(deprecated_on)}"
            response["Sunset"] = http_date(_epoch(form_bodies_sunset()))
            response["Link"] = f'<{settings.API_CHANGELOG_URL}>; rel="deprecation"; type="text/markdown"'
        return response
