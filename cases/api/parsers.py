"""A JSON parser that refuses bodies nested deeper than API_JSON_MAX_DEPTH with a 400.

Python's json module recurses once per level, so a body like [[[[...]]]] a few thousand deep raised
RecursionError (a 500) before any view or permission ran. The depth is counted on the raw text first,
skipping string contents, so the refusal costs one pass over the body and no recursion.
"""

import io
import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

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
