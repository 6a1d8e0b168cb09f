"""One error format for the whole API, and the handler that maps every refusal onto it.

    {"error": {"code": "...", "message": "...",
               "fields": {"field": ["message", ...]},        # 400 only
               "current_state": "...", "allowed_actions": [...]}}   # 409 only

400 validation, 401 not signed in, 403 the caller's role may not take the action, 404 not found or
outside the caller's organisation (never 403, so a stranger learns nothing), 405 method not offered,
406 an Accept header the operation cannot answer, 409 refused in the object's current state, 413 body
too large, 415 a request body in another media type than the operation's, 429 throttled, 500 server
error. Errors Django answers outside the API's views get the same body (cases.api.middleware).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from cases.errors import ActionNotPermitted, CaseError, InvalidTransition, StaleObject


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable machine-readable code, e.g. invalid_transition.")
    message = serializers.CharField(help_text="Written for the person who acted.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False,
        help_text="400 only: field name -> messages; non_field_errors for the request as a whole.",
    )
    current_state = serializers.CharField(required=False, help_text="409 only: the object's state now.")
    allowed_actions = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="409 only: what the caller may do now.",
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


# The code and message an error answered outside DRF's handler gets, by status (cases.api.middleware).
STATUS_CODES = {
    400: ("bad_request", "The request could not be read."),
    401: ("not_authenticated", "Authentication credentials were not provided."),
    403: ("permission_denied", "You do not have permission to perform this action."),
    404: ("not_found", "No API endpoint at this path; see /api/v1/docs/."),
    405: ("method_not_allowed", "This method is not offered at this path; see the Allow header."),
    406: ("not_acceptable", "This operation answers application/json only."),
    409: ("conflict", "The request conflicts with the current state of the object."),
    410: ("gone", "The stored file is missing; the integrity check reports it to the agency. Tell the case officer."),
    413: ("request_too_large", "The request body is larger than the server accepts."),
    415: ("unsupported_media_type", "Send the request body as application/json."),
    429: ("throttled", "Too many requests; wait and try again."),
    500: ("server_error", "The server failed to answer this request; it was logged. Try again later."),
}


def error_body(code: str, message: str, **extra) -> dict:
    return {"error": {"code": code, "message": message, **extra}}


def _flatten(detail) -> dict[str, list[str]]:
    """DRF's nested error detail as field -> list of messages (nested fields joined with dots)."""
    if isinstance(detail, dict):
        flat = {}
        for key, value in detail.items():
            for sub, messages in _flatten(value).items():
                flat[f"{key}.{sub}" if sub else str(key)] = messages
        return flat
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return {"": [str(item) for item in detail]}
        flat = {}
        for index, item in enumerate(detail):
            for sub, messages in _flatten(item).items():
                flat[f"{index}.{sub}" if sub else str(index)] = messages
        return flat
    return {"": [str(detail)]}


def _validation_fields(exc) -> dict[str, list[str]]:
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return {
                ("non_field_errors" if field == "__all__" else field): messages
                for field, messages in exc.message_dict.items()
            }
        return {"non_field_errors": list(exc.messages)}
    fields = _flatten(exc.detail)
    if "" in fields:
        fields["non_field_errors"] = fields.pop("")
    return fields


def _summary(fields: dict[str, list[str]]) -> str:
    first_field, messages = next(iter(fields.items()))
    prefix = "" if first_field == "non_field_errors" else f"{first_field}: "
    return f"{prefix}{messages[0]}" if messages else "The request is not valid."


def api_exception_handler(exc, context):
    if isinstance(exc, StaleObject | InvalidTransition):
        extra = {"current_state": exc.current_state, "allowed_actions": list(getattr(exc, "allowed_actions", []))}
        code = "stale_object" if isinstance(exc, StaleObject) else "invalid_transition"
        return Response(error_body(code, exc.message, **extra), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ActionNotPermitted):
        return Response(error_body("not_permitted", exc.message), status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, CaseError):
        extra = {"current_state": "", "allowed_actions": []}
        return Response(error_body("refused", exc.message, **extra), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError | exceptions.ValidationError):
        fields = _validation_fields(exc)
        return Response(error_body("invalid", _summary(fields), fields=fields), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        message = f"The request body is larger than the {limit:,} bytes a JSON body may have."
        return Response(error_body("request_too_large", message), status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: let Django answer 500 and log it
    detail = exc.detail if isinstance(exc, exceptions.APIException) else ""
    code = getattr(detail, "code", None) or exc.default_code
    response.data = error_body(str(code), str(detail))
    return response
