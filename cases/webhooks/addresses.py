"""Which URLs an endpoint may have: http(s) only, and no private, loopback or link-local address.

The second rule (server-side request forgery: a webhook must not reach the agency's own network) is
on wherever WEBHOOKS_ALLOW_PRIVATE_ADDRESSES is false, the production default; local runs and the
tests set it true to deliver to a receiver on 127.0.0.1. The host is resolved when the endpoint is
registered and again before every attempt, so a name later pointed at a private address is refused too.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError


def _private(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    return not ip.is_global or ip.is_multicast


def check_target(url: str) -> None:
    """Refuse a URL the platform must not call; ValidationError({"url": ...}) says why."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError({"url": "Give an http:// or https:// URL with a host name."})
    if parts.username or parts.password:
        raise ValidationError({"url": "Put no user name or password in the URL; deliveries are signed instead."})
    if getattr(settings, "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", False):
        return
    try:
        resolved = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443,
                                                               type=socket.SOCK_STREAM)}
    except (socket.gaierror, UnicodeError) as exc:
        raise ValidationError({"url": f"The host {parts.hostname} could not be resolved."}) from exc
    if any(_private(address) for address in resolved):
        raise ValidationError({"url": "The URL points to a private, loopback or link-local address; "
                                      "webhooks are delivered to public addresses only."})
