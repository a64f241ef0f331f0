"""The web form's session: a signed, timestamped cookie carrying the user (after a login) and
the CSRF token every form post must repeat.

Nothing is stored server-side. The cookie is HttpOnly, SameSite=Lax, and Secure when the
page was served over https; its signature key is CAPTIONCHECK_SESSION_SECRET (random per
start when unset, so sessions then end when the service restarts).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie

from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "captioncheck_session"
CSRF_FIELD = "csrf_token"


@dataclass(frozen=True)
class Session:
    user: str | None
    csrf: str
    fresh: bool = False  # made for this request: the response must set the cookie

    def csrf_matches(self, token: object) -> bool:
        return isinstance(token, str) and hmac.compare_digest(token.encode(), self.csrf.encode())


class SessionCodec:
    def __init__(self, secret: str | None, max_age_s: int) -> None:
        self._serializer = URLSafeTimedSerializer(secret or secrets.token_urlsafe(32), salt="captioncheck-session")
        self.max_age_s = max_age_s

    def new(self, user: str | None = None) -> Session:
        return Session(user=user, csrf=secrets.token_urlsafe(32), fresh=True)

    def load(self, cookie_header: str | None) -> Session | None:
        value = _cookie(cookie_header, COOKIE)
        if not value:
            return None
        try:
            data = self._serializer.loads(value, max_age=self.max_age_s)
        except BadSignature:  # also expired (SignatureExpired is a BadSignature)
            return None
        if not isinstance(data, dict) or not isinstance(data.get("c"), str):
            return None
        user = data.get("u")
        return Session(user=user if isinstance(user, str) else None, csrf=data["c"])

    def set_cookie(self, session: Session, *, secure: bool, path: str = "/") -> str:
        """The Set-Cookie header value for `session`."""
        value = self._serializer.dumps({"u": session.user, "c": session.csrf})
        return _attributes(f"{COOKIE}={value}", secure, path, f"Max-Age={self.max_age_s}")

    @staticmethod
    def clear_cookie(*, secure: bool, path: str = "/") -> str:
        return _attributes(f"{COOKIE}=", secure, path, "Max-Age=0")


def _attributes(pair: str, secure: bool, path: str, age: str) -> str:
    parts = [pair, f"Path={path or '/'}", age, "HttpOnly", "SameSite=Lax"]
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


def _cookie(header: str | None, name: str) -> str | None:
    if not header:
        return None
    jar = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return None
    morsel = jar.get(name)
    return morsel.value if morsel is not None else None
