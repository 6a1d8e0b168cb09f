"""Form-encoded and multipart bodies on JSON operations: still read, deprecated, until their sunset.

Version 1 once read every write's body as JSON, form or multipart alike, and advertised all three; it
now documents JSON alone (one media type per operation; docs/api-changelog.md). So that no existing
integration breaks without warning, the other two are still read until API_FORM_BODIES_SUNSET, and
every answer to such a request carries `Deprecation`, `Sunset` and a `Link` to the changelog
(cases.api.middleware). After the sunset date they answer 415 like any other media type. The schema
lists JSON only (SPECTACULAR_SETTINGS["PARSER_WHITELIST"]).
"""

import datetime

from django.conf import settings
from django.utils import timezone
from rest_framework.exceptions import UnsupportedMediaType
from rest_framework.parsers import FormParser, MultiPartParser

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
