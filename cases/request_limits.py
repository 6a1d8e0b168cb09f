"""Request bodies larger than anything but an evidence upload are refused from their Content-Length.

Only the evidence intake (/evidence/upload/... and POST /api/v1/evidence/) takes files, through its own
streaming handler with its own cap. Every other view would hand a multipart file part to Django's
default handlers, which write it to a temporary file whatever its size; a body that declares more
than REQUEST_MAX_BODY_BYTES is therefore answered 413 before a byte of it is read.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse

# Entry files (/entries/imports/upload/) stream through the same handler with ENTRY_IMPORT_MAX_UPLOAD_BYTES.
EVIDENCE_INTAKE_PREFIXES = ("/evidence/upload/", "/api/v1/evidence/", "/entries/imports/upload/")


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.REQUEST_MAX_BODY_BYTES and not request.path.startswith(EVIDENCE_INTAKE_PREFIXES):
            message = (f"The request body is larger than {settings.REQUEST_MAX_BODY_BYTES:,} bytes, the most this "
                       "address accepts. Files are uploaded on a case's evidence page.")
            if request.path.startswith("/api/"):
                return JsonResponse({"error": {"code": "request_too_large", "message": message}}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
