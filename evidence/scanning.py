"""Malware scanners behind one interface: `scanner().scan(stream) -> ScanResult`.

`clamav` speaks clamd's INSTREAM command over its Unix socket (Debian's clamav-daemon): the bytes go
in length-prefixed chunks, a zero-length chunk ends them, and clamd answers `stream: OK`,
`stream: <signature> FOUND` or an error such as `INSTREAM size limit exceeded. ERROR` (it then closes
the socket mid-send). `none` marks every file clean without scanning and exists for local runs only;
a deployment check refuses it in production.
"""

import logging
import socket
import struct
from dataclasses import dataclass
from typing import BinaryIO, Protocol

from django.conf import settings

logger = logging.getLogger(__name__)

CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class ScanResult:
    verdict: str  # "clean", "infected" or "error" (evidence.models.ScanStatus values)
    detail: str


class Scanner(Protocol):
    name: str

    def scan(self, stream: BinaryIO) -> ScanResult: ...


class NoScanner:
    """Local runs without clamd. Files are marked clean and the record says they were not scanned."""

    name = "none"

    def scan(self, stream: BinaryIO) -> ScanResult:
        return ScanResult("clean", "Not scanned: the scanner is switched off (EVIDENCE_SCANNER=none).")


class ClamdScanner:
    name = "clamav"

    def __init__(self, socket_path: str, timeout: float):
        self.socket_path = socket_path
        self.timeout = timeout

    def scan(self, stream: BinaryIO) -> ScanResult:
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
                conn.settimeout(self.timeout)
                conn.connect(self.socket_path)
                conn.sendall(b"zINSTREAM\0")
                try:
                    while chunk := stream.read(CHUNK_BYTES):
                        conn.sendall(struct.pack("!I", len(chunk)) + chunk)
                    conn.sendall(struct.pack("!I", 0))
                except (BrokenPipeError, ConnectionResetError):
                    # clamd stops reading past StreamMaxLength and says why before closing; read it below.
                    pass
                reply = _read_reply(conn)
        except (OSError, TimeoutError) as exc:
            logger.error("clamd at %s could not scan: %s", self.socket_path, exc)
            return ScanResult("error", f"The malware scanner could not be reached ({exc.__class__.__name__}: {exc}).")
        return parse_reply(reply)


def _read_reply(conn: socket.socket) -> str:
    data = b""
    while not data.endswith(b"\0"):
        try:
            part = conn.recv(4096)
        except ConnectionResetError:
            break
        if not part:
            break
        data += part
    return data.rstrip(b"\0").decode("utf-8", errors="replace").strip()


def parse_reply(reply: str) -> ScanResult:
    """Interpret one clamd reply line (e.g. `stream: Eicar-Signature FOUND`)."""
    if reply.endswith("FOUND"):
        signature = reply.removeprefix("stream:").removesuffix("FOUND").strip()
        return ScanResult("infected", f"Malware found: {signature}.")
    if reply == "stream: OK":
        return ScanResult("clean", "No malware found (ClamAV).")
    if "size limit exceeded" in reply:
        return ScanResult("error", (
            "The file is larger than the scanner accepts (clamd StreamMaxLength), so it was not scanned. "
            "Raise StreamMaxLength to at least EVIDENCE_MAX_UPLOAD_BYTES and scan it again."
        ))
    if not reply:
        return ScanResult("error", "The malware scanner closed the connection without an answer.")
    return ScanResult("error", f"The malware scanner answered: {reply}")


def scanner() -> Scanner:
    backend = settings.EVIDENCE_SCANNER
    if backend == "clamav":
        return ClamdScanner(settings.EVIDENCE_CLAMD_SOCKET, settings.EVIDENCE_CLAMD_TIMEOUT)
    if backend == "none":
        return NoScanner()
    raise ValueError(f"EVIDENCE_SCANNER must be 'clamav' or 'none', not {backend!r}.")
