"""Reference data and sign-in for systems: foreign entities, and the token endpoint."""

from django.contrib.auth import authenticate
from django_otp import match_token
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import queries
from cases.accounts import sessions
from cases.api.errors import ErrorSerializer
from cases.api.filters import EntityFilter
from cases.api.parsers import DeprecatedFormParser, DeprecatedMultiPartParser
from cases.api.permissions import IsAgencyStaff
from cases.api.schema import ApiSchema
from cases.api.serializers import EntitySerializer, TokenSerializer
from cases.api.throttling import AnonymousThrottle, TokenUsernameThrottle, UserThrottle
from cases.api.views.base import ReadOnlyResource
from cases.models import ApiToken
from cases.services import accounts


class EntityViewSet(ReadOnlyResource):
    """Foreign producers and other entities named by orders and investigations (staff only)."""

    scoped_query = staticmethod(queries.visible_entities)
    permission_classes = [IsAgencyStaff]
    serializer_class = EntitySerializer
    filterset_class = EntityFilter
    ordering_fields = ["id", "name", "country"]
    ordering = ["name", "id"]


class AuthTokenSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})
    name = serializers.CharField(max_length=100, required=False, help_text="What the token is for; shown to its owner.")
    otp_code = serializers.CharField(
        max_length=16, required=False,
        help_text="Accounts with two-factor sign-in (all staff): the current code of the authenticator app.",
    )


class TokenView(APIView):
    """POST username and password for a token; DELETE revokes the token the request is made with.

    The key is shown once, in this answer: only its SHA-256 digest is stored. It expires after
    API_TOKEN_DAYS (90 by default) and stops working when the password changes, the account is disabled
    or the organisation is suspended. Accounts with two-factor sign-in send the current code as otp_code.
    """

    schema = ApiSchema()
    # JSON like every other operation (forms deprecated, cases.api.parsers).
    parser_classes = [JSONParser, DeprecatedFormParser, DeprecatedMultiPartParser]
    renderer_classes = [JSONRenderer]
    # Anonymous by nature: per client address (as the trusted proxies saw it) and per username asked for;
    # failed passwords also count towards the sign-in lockout (django-axes), shared with the login page.
    throttle_classes = [AnonymousThrottle, UserThrottle, TokenUsernameThrottle]

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    def get_authenticators(self):
        # Minting takes a username and password only; a stale token or session in the request is irrelevant.
        request = getattr(self, "request", None)  # set by Django's View.setup before DRF wraps the request
        return [] if request is not None and request.method == "POST" else super().get_authenticators()

    @extend_schema(request=AuthTokenSerializer, summary="Obtain an API token",
                   responses={200: TokenSerializer, 400: ErrorSerializer, 403: ErrorSerializer, 429: ErrorSerializer})
    def post(self, request, *args, **kwargs):
        body = AuthTokenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        http_request = request._request  # django-axes marks the lockout on Django's request
        user = authenticate(http_request, username=data["username"], password=data["password"])
        if user is None:
            if getattr(http_request, "axes_locked_out", False):
                raise LockedOut()
            suspended = accounts.suspended_account(data["username"], data["password"])
            if suspended is not None:
                raise OrganisationRefused(accounts.suspended_message(suspended))
            raise serializers.ValidationError(
                {"non_field_errors": ["Unable to sign in with the username and password given."]})
        if sessions.second_factor_due(user):
            code = (data.get("otp_code") or "").replace(" ", "")
            if not code:
                raise serializers.ValidationError({"otp_code": [
                    "This account signs in with a one-time code: send the current code of your authenticator "
                    "app as otp_code (staff enrol on the website first)."]})
            if match_token(user, code) is None:
                raise serializers.ValidationError({"otp_code": ["That one-time code is not right or was used."]})
        token, key = accounts.mint_token(actor=user, name=data.get("name") or "Minted through the API")
        return Response(TokenSerializer({"token": key, "name": token.name, "expires_at": token.expires_at}).data)

    @extend_schema(request=None, summary="Revoke the API token this request is made with",
                   responses={204: None, 400: ErrorSerializer, 401: ErrorSerializer})
    def delete(self, request, *args, **kwargs):
        if not isinstance(request.auth, ApiToken):
            raise serializers.ValidationError({"non_field_errors": [
                "Send this request with the token to revoke (Authorization: Token ...), or revoke tokens on "
                "the API tokens page (/accounts/tokens/)."]})
        accounts.revoke_token(actor=request.user, token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LockedOut(exceptions.Throttled):
    default_detail = "Too many failed sign-ins for this username or from this address; try again later."
    default_code = "locked_out"


class OrganisationRefused(exceptions.PermissionDenied):
    default_code = "organisation_suspended"


class UnknownEndpoint(APIView):
    """Any other path under /api/v1/ answers 404 in the API's error format, not an HTML page."""

    schema = None  # not an operation of the API
    authentication_classes = []
    permission_classes = []

    def _not_found(self, request, *args, **kwargs):
        raise NotFound("No API endpoint at this path; see /api/v1/docs/.")

    get = post = put = patch = delete = head = options = _not_found
