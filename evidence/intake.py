"""Streaming intake: one pass over the request body hashes, counts and writes each upload to disk.

The handler never keeps a file in memory: every chunk goes through SHA-256 and straight into a
temporary file under EVIDENCE_UPLOAD_TEMP_DIR. Past EVIDENCE_MAX_UPLOAD_BYTES it stops; a body whose
declared length is already too large is refused before a byte of it is read. Whatever happens (refusal,
a dropped connection, an error later in the request) the temporary file is removed: by the parser
for a stopped upload, by `discard()` for the rest, by the request's close for a stored one.

Used only by the views that take evidence (`receive_upload`), so other forms keep Django's defaults.
"""

import contextlib
import hashlib
import html
import io
import os
import tempfile
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousFileOperation, TooManyFieldsSent
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import QueryDict
from django.http.multipartparser import MultiPartParser, MultiPartParserError, TooManyFilesSent
from django.utils.datastructures import MultiValueDict

# Room for the form's other fields and the multipart headers beside the file itself.
FORM_ALLOWANCE_BYTES = 1024 * 1024
# Django's parser copies each chunk a few times while looking for the boundary: small chunks cost
# Python calls, large ones fall out of the CPU cache. 256 KB measured fastest through gunicorn
# (64 KB, 256 KB and 1 MB compared with benchmarks/upload_throughput.py).
CHUNK_BYTES = 256 * 1024
# How much is read from the server's request stream at a time (see EvidenceMultiPartParser).
READ_BYTES = 1024 * 1024


def max_upload_bytes() -> int:
    return settings.EVIDENCE_MAX_UPLOAD_BYTES


def too_large_message() -> str:
    limit = max_upload_bytes()
    megabytes = limit / (1024 * 1024)
    shown = f"{megabytes:.0f} MB" if megabytes >= 1 else f"{limit:,} bytes"
    return (f"The file is larger than {shown}, the largest file accepted. Nothing was kept. "
            "Split the document into smaller files or reduce its size (for example, scan at a lower resolution).")


class StreamedUpload(UploadedFile):
    """An upload already on disk, with the SHA-256 and size measured while it arrived."""

    def __init__(self, file, *, original_name, content_type, size, charset, sha256, content_type_extra=None):
        try:
            safe_name = os.path.basename(original_name) or "upload"
            super().__init__(file, safe_name, content_type, size, charset, content_type_extra)
        except SuspiciousFileOperation:
            super().__init__(file, "upload", content_type, size, charset, content_type_extra)
        # Exactly as sent, for evidence.filenames to judge; `name` is Django's reduced form.
        self.original_name = original_name
        self.sha256 = sha256

    def temporary_file_path(self) -> str:
        # FileSystemStorage moves a file that has a path instead of copying it.
        return self.file.name

    def close(self):
        try:
            return self.file.close()
        except FileNotFoundError:
            pass  # already moved into evidence storage


class EvidenceUploadHandler(FileUploadHandler):
    """Receives one file per request; records why it refused, for the view to answer with."""

    chunk_size = CHUNK_BYTES

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = max_upload_bytes()
        self.temp_dir = settings.EVIDENCE_UPLOAD_TEMP_DIR
        self.file = None
        self.upload: StreamedUpload | None = None
        self.refusal: str | None = None
        self.refusal_status: int | None = None
        self._hasher = None
        self._size = 0

    def refuse(self, status: int, message: str) -> None:
        if self.refusal is None:
            self.refusal_status, self.refusal = status, message

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > self.limit + FORM_ALLOWANCE_BYTES:
            self.refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, too_large_message())
            # Answer "handled" with nothing: the body is never read or written anywhere.
            return QueryDict(encoding=encoding), MultiValueDict()
        return None

    def new_file(self, field_name, file_name, content_type, content_length, charset=None, content_type_extra=None):
        if self.file is not None:
            self.refuse(HTTPStatus.BAD_REQUEST, "Send one file per upload. Nothing was kept.")
            raise StopUpload(connection_reset=False)
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        os.makedirs(self.temp_dir, mode=0o700, exist_ok=True)
        self.file = tempfile.NamedTemporaryFile(dir=self.temp_dir, prefix="upload-", suffix=".part")  # noqa: SIM115 - closed by discard() or the request
        self._hasher = hashlib.sha256()
        self._size = 0

    def receive_data_chunk(self, raw_data, start):
        self._size += len(raw_data)
        if self._size > self.limit:
            self.refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, too_large_message())
            # The declared length was within limit + allowance, so reading the rest is bounded; doing
            # so lets the client read the answer instead of seeing the connection reset.
            raise StopUpload(connection_reset=False)
        self._hasher.update(raw_data)
        self.file.write(raw_data)
        return None

    def file_complete(self, file_size):
        self.file.flush()
        self.file.seek(0)
        self.upload = StreamedUpload(
            self.file, original_name=self.file_name, content_type=self.content_type, size=self._size,
            charset=self.charset, sha256=self._hasher.hexdigest(), content_type_extra=self.content_type_extra,
        )
        return self.upload

    def upload_interrupted(self):
        self.refuse(HTTPStatus.BAD_REQUEST, (
            "The upload was interrupted before the whole file arrived, so nothing was kept. "
            "Check your connection and upload the file again."
        ))
        self.discard()

    def discard(self) -> None:
        """Remove the temporary file, whatever state the upload is in."""
        if self.file is not None:
            with contextlib.suppress(FileNotFoundError):
                self.file.close()


class _RequestBody(io.RawIOBase):
    """The request body as a raw stream, so io.BufferedReader can put a large buffer in front of it."""

    def __init__(self, stream):
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class EvidenceMultiPartParser(MultiPartParser):
    """Django's parser, except that the filename reaches the handler as sent, and the body is read in
    large blocks.

    Django quietly strips folder parts and unprintable characters from filenames. Evidence intake
    refuses such names with the reason instead (evidence.filenames), so it needs the name unaltered;
    it is metadata only and never used as a path.

    The parser asks for CHUNK_BYTES at a time. Some servers copy their whole read-ahead buffer on each
    small read (gunicorn keeps up to 1 MB and copies it for every 64 KB taken), so a 1 MB buffer here
    turns those into one large read per megabyte.
    """

    def __init__(self, META, input_data, upload_handlers, encoding=None):
        body = io.BufferedReader(_RequestBody(input_data), buffer_size=READ_BYTES)
        super().__init__(META, body, upload_handlers, encoding)

    def sanitize_file_name(self, file_name):
        file_name = html.unescape(file_name)
        return file_name or None


def receive_upload(request) -> EvidenceUploadHandler:
    """Parse the request body with the evidence handler and return it, holding the upload or a refusal.

    Call before anything reads request.POST or request.FILES (the view is csrf_exempt and checks the
    token itself after this) and call `discard()` on the handler when the request is done.
    """
    handler = EvidenceUploadHandler(request)
    request.upload_handlers = [handler]
    request.parse_file_upload = lambda META, post_data: EvidenceMultiPartParser(
        META, post_data, [handler], request.encoding
    ).parse()
    try:
        request.POST  # noqa: B018 - reading POST parses the body through the handler
    except (MultiPartParserError, TooManyFilesSent, TooManyFieldsSent, RequestDataTooBig):
        handler.discard()
        handler.refuse(HTTPStatus.BAD_REQUEST, (
            "The upload could not be read (the form data was malformed or incomplete). Nothing was kept. "
            "Upload the file again from the form."
        ))
    if handler.upload is None and handler.refusal is None and handler.file is not None:
        # A file part began but never completed (Django skipped it): treat as interrupted.
        handler.upload_interrupted()
    return handler
