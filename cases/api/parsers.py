"""Request parsers of the API: a JSON parser with a nesting limit, and the deprecated form bodies.

JSON nesting: Python's json module recurses once per level, so a body like [[[[...]]]] a few thousand
deep raised RecursionError (a 500) before any view or permission ran. The depth is counted on the raw
text first, skipping string contents, so the refusal costs one pass over the body and no recursion.

Form-encoded and multipart bodies on JSON operations: version 1 once read every write's body as JSON,
form or multipart alike, and advertised all three; it now documents JSON alone (one media type per
operation; docs/api-changelog.md). So that no existing integration breaks without warning, the other
two are still read until API_FORM_BODIES_SUNSET, and every answer to such a request carries
`Deprecation`, `Sunset` and a `Link` to the changelog (cases.api.middleware). After the sunset date they
answer 415 like any other media type. The schema lists JSON only (SPECTACULAR_SETTINGS["PARSER_WHITELIST"]).
"""

import datetime
import io
import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.utils import timezone
from rest_framework.exceptions import ParseError, UnsupportedMediaType
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(rb"[\[\]{}]")


def json_depth(raw: bytes) -> int:
    depth = deepest = 0
    for match in _BRACKETS.finditer(_STRINGS.sub(b'""', raw)):
        if match.group() in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


class DepthLimitedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        limit = settings.API_JSON_MAX_DEPTH
        if json_depth(raw) > limit:
            raise ParseError(f"The JSON body is nested more than {limit} levels deep; send a flatter document.")
        return super().parse(io.BytesIO(raw), media_type, parser_context)


class JsonDepthLimitMiddleware:
    """The same limit for every API view, whatever parsers it declares (the token view names its own),
    and before authentication: a JSON body nested too deep is answered 400 in the API's error format."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.path.startswith("/api/") and "json" in content_type and request.method in ("POST", "PUT", "PATCH"):
            limit = settings.API_JSON_MAX_DEPTH
            try:
                too_deep = json_depth(request.body) > limit
            except RequestDataTooBig:
                return JsonResponse({"error": {"code": "request_too_large",
                                               "message": "The request body is too large."}}, status=413)
            if too_deep:
                return JsonResponse({"error": {
                    "code": "parse_error",
                    "message": f"The JSON body is nested more than {limit} levels deep; send a flatter document.",
                }}, status=400)
        return self.get_response(request)


# Set on the Django request when a deprecated media type was read; the middleware adds the headers.
DEPRECATED_BODY_ATTRIBUTE = "api_deprecated_media_type"


def form_bodies_sunset() -> datetime.date:
    return datetime.date.fromisoformat(settings.API_FORM_BODIES_SUNSET)


class _Deprecated:
    def parse(self, stream, media_type=None, parser_context=None):
        if timezone.now().date() >= form_bodies_sunset():
            raise UnsupportedMediaType(media_type, detail=(
                f"{self.media_type} bodies are no longer read (sunset {form_bodies_sunset():%d %B %Y}); "
                "send the request body as application/json."))
        request = (parser_context or {}).get("request")
        if request is not None:
            setattr(request._request, DEPRECATED_BODY_ATTRIBUTE, self.media_type)
        return super().parse(stream, media_type, parser_context)


class DeprecatedFormParser(_Deprecated, FormParser):
    pass


class DeprecatedMultiPartParser(_Deprecated, MultiPartParser):
    pass
