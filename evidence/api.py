"""Evidence files in the API (/api/v1/evidence/): list, read, upload through the intake path, download.

Lives in the evidence app because `cases` never imports `evidence`; it reuses the API's base resource,
error format and filters from cases.api. An upload streams through evidence.intake (hashed and written
to disk as it arrives, refused past the size limit) and is accepted or refused by
evidence.services.intake_file, exactly as from the portal and the officers' pages. A download is
checked here (404 outside scope, 403 sealed, 409 not yet found clean) and streamed by
evidence.views.download, which records it in the chain of custody.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, AuthenticationFailed, PermissionDenied, UnsupportedMediaType
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.request import Request
from rest_framework.routers import SimpleRouter
from rest_framework.settings import api_settings

from cases.api.errors import ErrorSerializer
from cases.api.filters import MAX_ID, FilterSet
from cases.api.views.base import ReadOnlyResource
from cases.errors import InvalidTransition
from cases.queries import get_visible_or_404
from evidence import queries, services, views
from evidence.intake import receive_upload
from evidence.models import Category, EvidenceFile, ScanStatus
from evidence.typecheck import ACCEPTED

TARGET_TYPES = list(queries.TARGETS)
NOT_SERVABLE = {
    ScanStatus.PENDING: "the file is still being checked for malware; try again in a minute",
    ScanStatus.INFECTED: "malware was found in this file and it was quarantined; upload a clean copy",
    ScanStatus.ERROR: "the malware check of this file failed; it cannot be opened until it is checked again",
}


class EvidenceFileSerializer(serializers.ModelSerializer):
    target_type = serializers.SerializerMethodField(help_text="The kind of case object the file belongs to.")
    target_id = serializers.SerializerMethodField()

    class Meta:
        model = EvidenceFile
        fields = ["id", "target_type", "target_id", "category", "original_filename", "size", "sha256",
                  "content_type", "scan_status", "uploaded_at", "replaces", "sealed", "visible_to_importer"]

    @staticmethod
    def _target_field(evidence_file) -> str:
        return next(name for name in TARGET_TYPES if getattr(evidence_file, f"{queries.TARGETS[name][1]}_id"))

    @extend_schema_field(serializers.ChoiceField(choices=TARGET_TYPES))
    def get_target_type(self, evidence_file) -> str:
        return self._target_field(evidence_file)

    def get_target_id(self, evidence_file) -> int:
        return getattr(evidence_file, f"{queries.TARGETS[self._target_field(evidence_file)][1]}_id")


class EvidenceUploadInput(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True, use_url=False)
    target_type = serializers.ChoiceField(choices=TARGET_TYPES)
    target_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    category = serializers.ChoiceField(choices=Category.choices)
    replaces = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True,
                                        help_text="The file this one corrects (a new version of it).")


class EvidenceFilter(FilterSet):
    class Meta:
        model = EvidenceFile
        fields = ["category", "scan_status", "sealed", *(field for _model, field, _query in queries.TARGETS.values())]


def _presents_credentials(request) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    # The configured header authenticators (tokens); session authentication was answered just above.
    wrapped = Request(request)
    for authenticator in api_settings.DEFAULT_AUTHENTICATION_CLASSES:
        if issubclass(authenticator, SessionAuthentication):
            continue
        try:
            if authenticator().authenticate(wrapped) is not None:
                return True
        except AuthenticationFailed:
            return False
    return False


class UploadRefused(APIException):
    """The intake handler stopped the upload (too large, or a body it could not read); nothing was kept."""

    default_code = "upload_refused"

    def __init__(self, status_code: int, message: str):
        self.status_code = status_code
        super().__init__(message)


class AnyAccept(DefaultContentNegotiation):
    """A download answers with the file's own type, whatever the client said it accepts."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class EvidenceViewSet(ReadOnlyResource):
    """Evidence files the caller may see: their organisation's own, and those the agency shared."""

    scoped_query = staticmethod(queries.visible_evidence_files)
    serializer_class = EvidenceFileSerializer
    filterset_class = EvidenceFilter
    ordering_fields = ["id", "uploaded_at"]
    ordering = ["-id"]
    _upload_handler = None

    def initialize_request(self, request, *args, **kwargs):
        # An upload's handlers must be in place before anything reads the body, and DRF's session
        # authentication reads it (request.POST, for the CSRF token) before the action runs. So the
        # evidence handler parses the body here, first, for a caller that at least presents a session
        # or a token; anyone else is answered 401 by DRF without the body being read.
        if request.method == "POST" and self.action_map.get("post") == "create" and _presents_credentials(request):
            self._upload_handler = receive_upload(request)
        return super().initialize_request(request, *args, **kwargs)

    @extend_schema(
        request={"multipart/form-data": EvidenceUploadInput},
        responses={201: EvidenceFileSerializer, 413: ErrorSerializer},
        summary="Upload a file to a case object (streamed, hashed, then scanned for malware)",
    )
    def create(self, request):
        # The body must reach the intake handler before anything parses it: read through the Django
        # request, never request.data.
        if request.content_type.split(";")[0].strip() != "multipart/form-data":
            raise UnsupportedMediaType(request.content_type,
                                       detail="Send the file as multipart/form-data, with the fields beside it.")
        handler = self._upload_handler or receive_upload(request._request)
        try:
            if handler.refusal:
                raise UploadRefused(handler.refusal_status, handler.refusal)
            fields = request._request.POST.dict()
            if handler.upload is not None:
                fields["file"] = handler.upload
            body = EvidenceUploadInput(data=fields)
            body.is_valid(raise_exception=True)
            data = body.validated_data
            target = get_visible_or_404(queries.visible_targets(request.user, data["target_type"]),
                                        pk=data["target_id"])
            replaces = None
            if data.get("replaces"):
                replaces = get_visible_or_404(queries.visible_evidence_files(request.user), pk=data["replaces"])
            evidence_file = services.intake_file(actor=request.user, target=target, uploaded_file=handler.upload,
                                                 category=data["category"], replaces=replaces)
        finally:
            handler.discard()
        return self.respond(self.get_queryset().get(pk=evidence_file.pk), status.HTTP_201_CREATED)

    @extend_schema(
        # The answer's Content-Type is the file's own, one of the types the intake accepts.
        responses={
            **{(200, media_type): OpenApiResponse(OpenApiTypes.BINARY, description="The file's bytes.")
               for media_type in sorted({accepted.content_type for accepted in ACCEPTED.values()})},
            410: OpenApiResponse(ErrorSerializer, description="The stored bytes are missing (reported to staff)."),
        },
        summary="Download the file (recorded in its chain of custody)",
    )
    @action(detail=True, methods=["get"], content_negotiation_class=AnyAccept, filter_backends=[])
    def download(self, request, pk=None):
        evidence_file = self.get_object()
        if not queries.may_open(request.user, evidence_file):
            raise PermissionDenied("A supervisor sealed this file; only supervisors may open it.")
        if evidence_file.scan_status != ScanStatus.CLEAN:
            raise InvalidTransition(action="download", current_state=evidence_file.scan_status,
                                    object_label="evidence file", reason=NOT_SERVABLE[evidence_file.scan_status])
        return views.download(request._request, pk=evidence_file.pk)


router = SimpleRouter(trailing_slash=True)
router.register("", EvidenceViewSet, basename="evidence")
urlpatterns = router.urls
