"""Refuse request bodies over the limit before reading them."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from app.http.problems import html_error, problem_response, wants_html


class BodySizeLimit:
    """413 when Content-Length, or the bytes actually received, pass max_bytes."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        received = 0

        async def counting_receive():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise _TooLarge()
            return message

        try:
            await self.app(scope, counting_receive, send)
        except _TooLarge:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        detail = f"the request body is over the limit of {self.max_bytes:,} bytes (CAPTIONCHECK_MAX_REQUEST_BYTES)"
        accept = dict(scope.get("headers", [])).get(b"accept", b"").decode("latin-1")
        if wants_html(scope.get("path", ""), accept):
            response = html_error(413, "Too much to upload", f"The form was too large: {detail}.")
        else:
            response = problem_response(413, "Request too large", detail)
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass
