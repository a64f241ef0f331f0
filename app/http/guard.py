"""The access middleware: API keys on /v1/* and /metrics, logins (or loopback) on the web form,
rate limits, the web session cookie, and no state-changing request sent by another site's page
(app.http.cross_site). Runs before any body is read.

Webhook POSTs (/v1/hooks/*) are checked by their own Standard Webhooks signatures (and
not rate limited); health, docs and static files are open.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.http.access import KEYS_ENV, USERS_ENV, AccessPolicy, area_of, bearer_token, is_local_request
from app.http.cross_site import cross_site_reason
from app.http.problems import html_error, problem_response, wants_html
from app.http.ratelimit import RateLimiter, retry_after
from app.http.session import COOKIE, Session, SessionCodec

_LOGIN_PATHS = ("/login", "/logout")
SIGN_INS_PER_MIN = 10
_LOCAL_ONLY = ("the service is open to this machine only, because {env} is not set: "
               "send requests from the machine itself to http://127.0.0.1 (or localhost), "
               "or set {env}")


class AccessGuard:
    def __init__(self, app: ASGIApp, policy: AccessPolicy, sessions: SessionCodec, limiter: RateLimiter) -> None:
        self.app, self.policy, self.sessions, self.limiter = app, policy, sessions, limiter
        # Each sign-in costs a PBKDF2 hash: a tighter budget per address, whatever the general limit.
        self.sign_ins = RateLimiter(SIGN_INS_PER_MIN)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = _View(scope)
        refusal = self._cross_site(request)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        area = area_of(request.path, request.method)
        if area in ("open", "hook"):
            await self.app(scope, receive, send)
            return
        outcome = self._api(request) if area == "api" else self._web(request)
        if isinstance(outcome, Response):
            await outcome(scope, receive, send)
            return
        caller, session = outcome
        refusal = self._rate_limit(request, caller, area)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        scope.setdefault("state", {}).update(principal=caller, session=session)
        if session is not None and session.fresh:
            send = self._setting_cookie(send, session, request)
        await self.app(scope, receive, send)

    def _cross_site(self, request: _View) -> Response | None:
        own_hosts = [request.headers.get("host", "")]
        if self.policy.proxies.trusts(request.client):
            own_hosts.append(request.headers.get("x-forwarded-host", ""))
        reason = cross_site_reason(request.method, request.headers, tuple(own_hosts))
        if reason is None:
            return None
        return _refuse(request, 403, "Cross-site request refused",
                       f"Nothing was done: {reason}, and this service takes no changes sent by another "
                       "site's page. Use the service's own pages, or call the API with an API key.")

    def _api(self, request: _View) -> Response | tuple[str, None]:
        keys = self.policy.api_keys
        if keys:
            token = bearer_token(request.headers.get("authorization"))
            name = keys.match(token) if token else None
            if name is None:
                return _unauthorized(token is not None)
            return name, None
        if not is_local_request(request.client, request.headers):
            return problem_response(403, "API keys not configured", _LOCAL_ONLY.format(env=KEYS_ENV))
        return f"addr:{request.client}", None

    def _web(self, request: _View) -> Response | tuple[str, Session]:
        session = self.sessions.load(request.headers.get("cookie")) or self.sessions.new()
        if not self.policy.web_protected:
            if not is_local_request(request.client, request.headers):
                return _refuse(request, 403, "Sign-in not configured", _LOCAL_ONLY.format(env=USERS_ENV))
            return f"addr:{request.client}", session
        user = self.policy.proxy_user(request.client, request.headers)
        if user is None and session.user in self.policy.web_users:
            user = session.user
        if user is not None:
            return f"user:{user}", session
        if request.path in _LOGIN_PATHS:
            return f"addr:{request.client}", session
        if request.method in ("GET", "HEAD"):
            target = f"{request.root}/login?next={quote(request.path, safe='/')}"
            return RedirectResponse(target, status_code=303)
        return _refuse(request, 401, "Sign in first", "Your session has ended: sign in again.")

    def _rate_limit(self, request: _View, caller: str, area: str) -> Response | None:
        if area == "web" and request.method != "POST":
            return None  # pages and thumbnails are cheap; form posts and sign-ins count
        if request.path == "/login":
            limiter, what = self.sign_ins, "sign-in attempts a minute from one address"
            caller = f"addr:{self.policy.client_address(request.client, request.headers)}"
        else:
            limiter, what = self.limiter, "requests a minute (CAPTIONCHECK_RATE_LIMIT_PER_MIN)"
        wait = limiter.take(caller)
        if wait <= 0:
            return None
        detail = f"over {limiter.capacity:g} {what}; retry in {retry_after(wait)} s"
        return _refuse(request, 429, "Too many requests", detail, {"Retry-After": retry_after(wait)})

    def _setting_cookie(self, send: Send, session: Session, request: _View) -> Send:
        cookie = self.sessions.set_cookie(session, secure=self._secure(request), path=request.root or "/")

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                ours = any(k.lower() == b"set-cookie" and v.startswith(COOKIE.encode() + b"=") for k, v in headers)
                if not ours:
                    headers.append((b"set-cookie", cookie.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        return sending

    def _secure(self, request: _View) -> bool:
        return secure_request(request.scheme, request.client, request.headers, self.policy)


def secure_request(scheme: str, client: str | None, headers: dict[str, str], policy: AccessPolicy) -> bool:
    """Served over https, directly or through a trusted proxy that says so."""
    forwarded = headers.get("x-forwarded-proto", "").lower() == "https" and policy.proxies.trusts(client)
    return scheme == "https" or forwarded


class _View:
    """What the guard needs from an ASGI scope."""

    def __init__(self, scope: Scope) -> None:
        raw: list[tuple[bytes, bytes]] = scope.get("headers", [])
        self.headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in raw}
        self.client: str | None = scope["client"][0] if scope.get("client") else None
        self.path: str = scope.get("path", "")
        self.method: str = scope.get("method", "GET")
        self.scheme: str = scope.get("scheme", "http")
        self.root: str = scope.get("root_path", "")


def _unauthorized(presented: bool) -> Response:
    challenge = 'Bearer realm="captioncheck"' + (', error="invalid_token"' if presented else "")
    detail = ("the API key is not one of CAPTIONCHECK_API_KEYS" if presented else
              "send an API key as 'Authorization: Bearer <key>' (one of CAPTIONCHECK_API_KEYS)")
    return problem_response(401, "API key required" if not presented else "API key refused", detail,
                            headers={"WWW-Authenticate": challenge})


def _refuse(request: _View, status: int, title: str, detail: str, headers: dict[str, Any] | None = None) -> Response:
    if wants_html(request.path, request.headers.get("accept", "")):
        response = html_error(status, title, detail)
        response.headers.update(headers or {})
        return response
    return problem_response(status, title, detail, headers=headers)
