"""Reference data and sign-in for systems: foreign entities, and the token endpoint."""

from drf_spectacular.utils import extend_schema
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import NotFound
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from cases import queries
from cases.api.errors import ErrorSerializer
from cases.api.filters import EntityFilter
from cases.api.parsers import DeprecatedFormParser, DeprecatedMultiPartParser
from cases.api.permissions import IsAgencyStaff
from cases.api.schema import ApiSchema
from cases.api.serializers import EntitySerializer, TokenSerializer
from cases.api.throttling import AnonymousThrottle, UserThrottle
from cases.api.views.base import ReadOnlyResource


class EntityViewSet(ReadOnlyResource):
    """Foreign producers and other entities named by orders and investigations (staff only)."""

    scoped_query = staticmethod(queries.visible_entities)
    permission_classes = [IsAgencyStaff]
    serializer_class = EntitySerializer
    filterset_class = EntityFilter
    ordering_fields = ["id", "name", "country"]
    ordering = ["name", "id"]


class TokenView(ObtainAuthToken):
    """POST username and password; answers {"token": "..."} for the header `Authorization: Token ...`."""

    schema = ApiSchema()
    # JSON like every other operation (forms deprecated, cases.api.parsers); no credentials are needed to ask.
    parser_classes = [JSONParser, DeprecatedFormParser, DeprecatedMultiPartParser]
    renderer_classes = [JSONRenderer]
    authentication_classes = []
    # Anonymous by nature: the per-address throttle also slows password guessing.
    throttle_classes = [AnonymousThrottle, UserThrottle]

    @extend_schema(responses={200: TokenSerializer, 400: ErrorSerializer}, summary="Obtain an API token")
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class UnknownEndpoint(APIView):
    """Any other path under /api/v1/ answers 404 in the API's error format, not an HTML page."""

    schema = None  # not an operation of the API
    authentication_classes = []
    permission_classes = []

    def _not_found(self, request, *args, **kwargs):
        raise NotFound("No API endpoint at this path; see /api/v1/docs/.")

    get = post = put = patch = delete = head = options = _not_found
