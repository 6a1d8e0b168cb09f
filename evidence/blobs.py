"""Content-addressed storage of evidence bytes in the `evidence` storage (settings.STORAGES).

The key is computed by the server from the SHA-256 (`sha256/ab/cd/abcd...`), never from anything the
uploader sent, so the same bytes are stored once and a name cannot steer where they go. Quarantined
bytes move under `quarantine/`, out of the content-addressed tree.
"""

import hashlib

from django.core.files.storage import storages

READ_CHUNK_BYTES = 1024 * 1024


def evidence_storage():
    return storages["evidence"]


def blob_key(sha256: str) -> str:
    return f"sha256/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def quarantine_key(sha256: str) -> str:
    return f"quarantine/{sha256}"


def store(sha256: str, content) -> tuple[str, bool]:
    """Store `content` under its hash; returns (key, whether this call wrote the bytes)."""
    storage = evidence_storage()
    key = blob_key(sha256)
    if storage.exists(key):
        return key, False
    saved = storage.save(key, content)
    if saved != key:
        # Another upload of the same bytes stored them a moment earlier: keep theirs, drop ours.
        storage.delete(saved)
        return key, False
    return key, True


def delete_if_unreferenced(key: str, still_referenced: bool) -> None:
    if not still_referenced:
        evidence_storage().delete(key)


def open_blob(key: str):
    return evidence_storage().open(key, "rb")


def hash_blob(key: str) -> tuple[str, int]:
    """Re-read stored bytes: (sha256, size). FileNotFoundError if they are gone."""
    storage = evidence_storage()
    if not storage.exists(key):
        raise FileNotFoundError(key)
    digest = hashlib.sha256()
    size = 0
    with storage.open(key, "rb") as stream:
        while chunk := stream.read(READ_CHUNK_BYTES):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def hash_upload(uploaded_file) -> tuple[str, int]:
    """Hash a file that did not come through the streaming handler (API clients, scripts, tests)."""
    digest = hashlib.sha256()
    size = 0
    for chunk in uploaded_file.chunks(READ_CHUNK_BYTES):
        digest.update(chunk)
        size += len(chunk)
    uploaded_file.seek(0)
    return digest.hexdigest(), size


def move_to_quarantine(sha256: str) -> str:
    """Move the bytes out of the served tree; returns the quarantine key."""
    storage = evidence_storage()
    source, target = blob_key(sha256), quarantine_key(sha256)
    if storage.exists(source):
        if not storage.exists(target):
            with storage.open(source, "rb") as stream:
                saved = storage.save(target, stream)
            if saved != target:
                storage.delete(saved)
        storage.delete(source)
    return target
