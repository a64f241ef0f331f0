"""One JSON log line per request, and the request metrics.

The line holds the request id (X-Request-ID, echoed; made up when absent or odd),
method, route template (never the raw path or query), status, duration, client
address and caller (an API key's digest prefix or a user name). Never a body,
header value or secret.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from datetime import datetime, timezone

from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.http.metrics import Metrics

log = logging.getLogger("captioncheck.access")
REQUEST_ID = "x-request-id"
_ID_SHAPE = re.compile(r"^[A-Za-z0-9._:@/+=-]{1,128}$")


class RequestObserver:
    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = _request_id(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        status, recorded = 500, False

        def record() -> None:
            nonlocal recorded
            if not recorded:
                recorded = True
                self._record(scope, request_id, status, time.perf_counter() - started)

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [*message.get("headers", []), (REQUEST_ID.encode(), request_id.encode())]
                message = {**message, "headers": headers}
            elif message["type"] == "http.response.body" and not message.get("more_body", False):
                record()  # before the client can see the end of the answer
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            record()

    def _record(self, scope: Scope, request_id: str, status: int, seconds: float) -> None:
        route = route_template(scope)
        method = scope.get("method", "GET")
        self.metrics.observe_request(method, route, status, seconds)
        state = scope.get("state", {})
        line = {"ts": datetime.now(timezone.utc).isoformat(timespec="milliseconds"), "request_id": request_id,
                "method": method, "route": route, "status": status, "duration_ms": round(seconds * 1000, 1),
                "client": scope["client"][0] if scope.get("client") else None,
                "caller": state.get("principal")}
        log.info(json.dumps(line))


def route_template(scope: Scope) -> str:
    """The matched route's path template (`/v1/checks/{check_id}`), or "unmatched"."""
    route = scope.get("route")
    if route is None and scope.get("app") is not None:
        found = {match: candidate for candidate in reversed(scope["app"].router.routes)
                 for match in (candidate.matches(scope)[0],) if match is not Match.NONE}
        route = found.get(Match.FULL) or found.get(Match.PARTIAL)
    path = getattr(route, "path", None)
    return path if isinstance(path, str) and path else "unmatched"


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name.lower() == REQUEST_ID.encode():
            text = value.decode("latin-1")
            if _ID_SHAPE.match(text):
                return text
    return uuid.uuid4().hex
