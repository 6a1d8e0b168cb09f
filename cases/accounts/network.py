"""The client's address as the trusted proxies in front of the application saw it."""

from django.conf import settings


def client_address(request) -> str:
    """REMOTE_ADDR, or the address the outermost of TRUSTED_PROXY_COUNT proxies recorded.

    Each proxy appends the address it received the connection from to X-Forwarded-For, so only the
    rightmost TRUSTED_PROXY_COUNT entries were written by proxies we run; whatever stands left of them
    came from the client and is ignored. With no trusted proxy (the default) the header is ignored.
    """
    meta = getattr(request, "META", {})
    remote = meta.get("REMOTE_ADDR", "") or ""
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if not forwarded:
        return remote
    # The chain is shorter than the proxies we run: the request bypassed one; take the leftmost entry,
    # which the first proxy on the path still wrote.
    return forwarded[-min(trusted, len(forwarded))]
