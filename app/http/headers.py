"""Security headers on every response; no caching of anything but static files.

HTML gets a Content-Security-Policy allowing only the service's own CSS, script and
images, no framing; other responses get one allowing nothing. Reports (and every
other dynamic answer) carry Cache-Control: no-store unless the route chose otherwise.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HTML_CSP = ("default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
OTHER_CSP = "default-src 'none'; frame-ancestors 'none'"
_ALWAYS = ((b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
           (b"referrer-policy", b"same-origin"))
_SWAGGER = ("/docs", "/redoc", "/docs/oauth2-redirect")  # FastAPI's pages load their own scripts


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        https = scope.get("scheme") == "https"

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": _with_headers(message.get("headers", []), path, https)}
            await send(message)

        await self.app(scope, receive, sending)


def _with_headers(raw: list[tuple[bytes, bytes]], path: str, https: bool) -> list[tuple[bytes, bytes]]:
    headers = list(raw)
    present = {name.lower() for name, _ in headers}
    for name, value in _ALWAYS:
        if name not in present:
            headers.append((name, value))
    content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
    if b"content-security-policy" not in present and path not in _SWAGGER:
        csp = HTML_CSP if content_type.startswith(b"text/html") else OTHER_CSP
        headers.append((b"content-security-policy", csp.encode()))
    if b"cache-control" not in present and not path.startswith("/static/"):
        headers.append((b"cache-control", b"no-store"))
    if https:
        headers.append((b"strict-transport-security", b"max-age=31536000"))
    return headers
