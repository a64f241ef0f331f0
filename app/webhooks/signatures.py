"""Standard Webhooks signatures (https://www.standardwebhooks.com/): HMAC-SHA256, `v1,<base64>`.

The signed content is `{webhook-id}.{webhook-timestamp}.{raw body}`; the key is the
base64 part of a `whsec_<base64>` secret. Several secrets may be configured so
that one can be rotated: a request signed with any of them is accepted.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

TOLERANCE_S = 5 * 60
MAX_ID_CHARS = 255
SECRET_PREFIX = "whsec_"
SECRETS_ENV = "CAPTIONCHECK_WEBHOOK_SECRETS"
HEADERS = ("webhook-id", "webhook-timestamp", "webhook-signature")


class SignatureError(Exception):
    """The request is not signed, or not signed right; the message says which (never a secret)."""


@dataclass(frozen=True)
class SignedMessage:
    webhook_id: str
    timestamp: int


def parse_secrets(text: str | None) -> list[bytes]:
    """The HMAC keys of a comma-separated list of `whsec_<base64>` secrets; ValueError if malformed."""
    keys: list[bytes] = []
    for number, item in enumerate((text or "").split(","), start=1):
        item = item.strip()
        if item:
            keys.append(_decode_secret(item, number))
    return keys


def _decode_secret(item: str, number: int) -> bytes:
    encoded = item.removeprefix(SECRET_PREFIX)
    try:
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) < 16:
        # The secret itself is never echoed: this message may reach a log.
        raise ValueError(
            f"{SECRETS_ENV}: secret number {number} is not whsec_ followed by base64 of at least "
            "16 bytes (make one with: python -c \"import base64,os; "
            "print('whsec_' + base64.b64encode(os.urandom(32)).decode())\")"
        )
    return key


def signature(key: bytes, webhook_id: str, timestamp: int, body: bytes) -> str:
    """The `v1,<base64>` signature of a message."""
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def sign_headers(key: bytes, webhook_id: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    """The three headers that sign `body` as message `webhook_id`."""
    stamp = int(time.time()) if timestamp is None else timestamp
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(stamp),
        "webhook-signature": signature(key, webhook_id, stamp, body),
    }


def verify(
    keys: Sequence[bytes],
    headers: Mapping[str, str],
    body: bytes,
    *,
    now: float | None = None,
    tolerance_s: int = TOLERANCE_S,
) -> SignedMessage:
    """The signed message's id and timestamp; SignatureError when it does not verify.

    `headers` must look names up case-insensitively (Starlette's and httpx's do).
    """
    webhook_id, timestamp, offered = check_headers(keys, headers, now=now, tolerance_s=tolerance_s)
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    # Every key against every signature, without stopping early: timing says nothing.
    matched = False
    for key in keys:
        expected = hmac.new(key, signed, hashlib.sha256).digest()
        for candidate in offered:
            matched |= hmac.compare_digest(expected, candidate)
    if not matched:
        raise SignatureError(
            "no signature matches: the body or headers changed after signing, or it was signed "
            "with a secret that is not configured"
        )
    return SignedMessage(webhook_id, timestamp)


def check_headers(
    keys: Sequence[bytes],
    headers: Mapping[str, str],
    *,
    now: float | None = None,
    tolerance_s: int = TOLERANCE_S,
) -> tuple[str, int, list[bytes]]:
    """The signing headers checked before the body is read: id, timestamp, offered signatures.

    Missing, malformed or expired headers are refused here, so an unsigned caller never gets
    the server to read (and hold) a body."""
    if not keys:
        raise SignatureError(f"no webhook secrets are configured ({SECRETS_ENV})")
    missing = [name for name in HEADERS if not headers.get(name)]
    if missing:
        raise SignatureError(f"missing header(s): {', '.join(missing)} (Standard Webhooks signing needed)")
    webhook_id = check_webhook_id(headers["webhook-id"])
    timestamp = _timestamp(headers["webhook-timestamp"], time.time() if now is None else now, tolerance_s)
    offered = _v1_signatures(headers["webhook-signature"])
    if not offered:
        raise SignatureError("webhook-signature carries no v1 signature")
    return webhook_id, timestamp, offered


def check_webhook_id(value: str) -> str:
    """The id, stripped; SignatureError when it cannot be stored."""
    value = value.strip()
    if len(value) > MAX_ID_CHARS or not value.isprintable():
        raise SignatureError(f"webhook-id must be printable and at most {MAX_ID_CHARS} characters")
    return value


def _timestamp(value: str, now: float, tolerance_s: int) -> int:
    value = value.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 12:
        raise SignatureError("webhook-timestamp must be whole seconds since the Unix epoch")
    stamp = int(value)
    skew = stamp - now
    if skew < -tolerance_s:
        raise SignatureError(
            f"webhook-timestamp is {int(-skew)} s old; it must be within {tolerance_s} s of the "
            "server's clock (a replayed request, or a wrong clock)"
        )
    if skew > tolerance_s:
        raise SignatureError(
            f"webhook-timestamp is {int(skew)} s in the future; it must be within {tolerance_s} s "
            "of the server's clock (check the sender's clock)"
        )
    return stamp


def _v1_signatures(value: str) -> list[bytes]:
    found: list[bytes] = []
    for entry in value.split():
        version, _, encoded = entry.partition(",")
        if version != "v1":
            continue  # other schemes (v1a: asymmetric) are not ours to check
        try:
            found.append(base64.b64decode(encoded, validate=True))
        except (binascii.Error, ValueError):
            continue
    if not found:
        raise SignatureError("webhook-signature holds no v1,<base64> signature")
    return found
