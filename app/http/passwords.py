"""Web form logins: PBKDF2-SHA256 password hashes (standard library only).

A hash reads `pbkdf2_sha256$<iterations>$<salt, base64>$<hash, base64>`;
CAPTIONCHECK_WEB_USERS holds `name:hash` pairs separated by commas
(`captioncheck users hash NAME` prints one).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os

from app.http.access import USERS_ENV, ConfigError

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000  # OWASP's 2023 figure for PBKDF2-HMAC-SHA256
MAX_PASSWORD_CHARS = 1024
_DUMMY = f"{ALGORITHM}$1000${base64.b64encode(b'0' * 16).decode()}${base64.b64encode(b'0' * 32).decode()}"


def hash_password(password: str, iterations: int = ITERATIONS, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return f"{ALGORITHM}${iterations}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def verify_password(password: str, encoded: str) -> bool:
    try:
        algorithm, iterations, salt, expected = encoded.split("$")
        if algorithm != ALGORITHM or len(password) > MAX_PASSWORD_CHARS:
            return False
        digest = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt), int(iterations))
        return hmac.compare_digest(digest, base64.b64decode(expected))
    except (ValueError, binascii.Error):
        return False


def parse_users(text: str | None) -> dict[str, str]:
    """name -> hash; ConfigError (naming the entry, never its hash) when an entry is malformed."""
    users: dict[str, str] = {}
    for number, item in enumerate((text or "").split(","), start=1):
        item = item.strip()
        if not item:
            continue
        name, _, encoded = item.partition(":")
        parts = encoded.split("$")
        if not name.strip() or len(parts) != 4 or parts[0] != ALGORITHM or not parts[1].isdigit():
            raise ConfigError(f"{USERS_ENV}: entry number {number} is not name:{ALGORITHM}$... "
                              "(make one with: captioncheck users hash NAME)")
        users[name.strip()] = encoded
    return users


def check_login(users: dict[str, str], name: str, password: str) -> bool:
    """True for a right name and password; about as slow for an unknown name as for a known one."""
    encoded = users.get(name)
    if encoded is None:
        cost = next(iter(users.values()), _DUMMY).split("$")[1]
        verify_password(password, _DUMMY.replace("$1000$", f"${cost}$"))
        return False
    return verify_password(password, encoded)
