"""Signatures in the Standard Webhooks format (https://www.standardwebhooks.com/).

Headers: `webhook-id` (the event id, the same on every retry), `webhook-timestamp` (Unix seconds of
this attempt) and `webhook-signature: v1,<base64 HMAC-SHA256>` over "<id>.<timestamp>.<body>", keyed
with the base64-decoded part of the secret after `whsec_`. A receiver recomputes it with a constant-time
comparison and refuses a timestamp outside its replay window (REPLAY_WINDOW_SECONDS suggested).
"""

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"
REPLAY_WINDOW_SECONDS = 300


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def signature(secret: str, event_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{event_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(_key(secret), signed, hashlib.sha256).digest()).decode()


def headers(secret: str, event_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "webhook-id": event_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, event_id, timestamp, body),
        "Content-Type": "application/json",
    }


def verify(secret: str, received_headers, body: bytes, now: int, window: int = REPLAY_WINDOW_SECONDS) -> bool:
    """What a receiver does: a valid signature over a timestamp inside the replay window."""
    try:
        timestamp = int(received_headers["webhook-timestamp"])
        event_id = received_headers["webhook-id"]
        offered = received_headers["webhook-signature"].split()
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > window:
        return False
    expected = signature(secret, event_id, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in offered)
