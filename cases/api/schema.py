"""The OpenAPI schema documents the one error body on every operation, for every refusal status."""

from drf_spectacular.openapi import AutoSchema

from cases.api.errors import ErrorSerializer
from cases.clocks import DeadlineKind

# The Deadline model's choices for `kind`, named once for SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].
DEADLINE_KIND_CHOICES = [(kind.value, kind.value) for kind in DeadlineKind]
ERROR_STATUSES = ("400", "401", "403", "404", "405", "406", "409", "429", "500")
# Only an operation that takes a request body can be refused for its size or its media type.
BODY_ERROR_STATUSES = ("413", "415")


# Django bounds a PositiveIntegerField by the database's own integer range: 2**63 - 1 on SQLite, 2**31 - 1 on
# PostgreSQL. The schema states the range that is safe on every supported database (Django's documented
# 0 to 2147483647), so the document is the same whichever database generated it.
_SQLITE_INTEGER_MAX = 2**63 - 1
PORTABLE_POSITIVE_INTEGER_MAX = 2**31 - 1


class ApiSchema(AutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if schema.get("minimum") == 0 and schema.get("maximum") == _SQLITE_INTEGER_MAX:
            schema["maximum"] = PORTABLE_POSITIVE_INTEGER_MAX
            if schema.get("format") == "int64":
                del schema["format"]
        return schema

    def _get_response_bodies(self, direction="response"):
        bodies = super()._get_response_bodies(direction)
        codes = ERROR_STATUSES + (BODY_ERROR_STATUSES if self.method in ("POST", "PUT", "PATCH") else ())
        for code in codes:
            bodies.setdefault(code, self._get_response_for_code(ErrorSerializer, code, direction=direction))
        return bodies
