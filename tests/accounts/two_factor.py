"""Logging a Trainer or OPDC staff member into the admin with a real second factor, for any
suite that runs with ADMIN_REQUIRE_TWO_FACTOR on."""

import hashlib
import hmac
import struct
import time

from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_code(hex_key: str, at: float | None = None, step: int = 30) -> str:
    """RFC 6238 TOTP (HMAC-SHA1, six digits), computed here rather than by django-otp."""
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(bytes.fromhex(hex_key), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def login_with_two_factor(client, user) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    response = client.post("/en/accounts/two-factor/verify/", {"token": totp_code(device.key)})
    assert response.status_code == 302, response.content
    return device
