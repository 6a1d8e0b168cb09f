"""Small steps the security tests share: signing in through the real form, codes from a device's key."""

import hmac
import struct
import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import AuditEvent
from tests import factories


def sign_in(client, username, password=factories.PASSWORD, address="203.0.113.7", **headers):
    return client.post("/accounts/login/", {"username": username, "password": password},
                       REMOTE_ADDR=address, **headers)


def totp(key: bytes, at: float, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 written out, as an authenticator app computes it (HMAC-SHA1, dynamic truncation)."""
    mac = hmac.new(key, struct.pack(">Q", int(at // step)), "sha1").digest()
    offset = mac[-1] & 0x0F
    return f"{(struct.unpack('>I', mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 10 ** digits:0{digits}d}"


def totp_now(device: TOTPDevice, offset_steps: int = 0) -> str:
    """The code an app holding the device's key shows now (or `offset_steps` periods later)."""
    return totp(device.bin_key, time.time() + offset_steps * device.step, device.step, device.digits)


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def events(action: str):
    return list(AuditEvent.objects.filter(action=action).order_by("sequence"))


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def verified_login(client, user) -> TOTPDevice:
    """Signed in as if the password and a code from an enrolled app were given (for staff pages)."""
    device = enrolled(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
