"""A loopback HTTP server over samples/, with the misbehaviours an audit must survive."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SAMPLE_HOST = "http://127.0.0.1:8000"  # what the sample sitemaps name; rewritten to the real port
_TYPES = {".html": "text/html; charset=utf-8", ".xml": "application/xml", ".txt": "text/plain",
          ".jpg": "image/jpeg", ".png": "image/png"}


@dataclass
class Behaviour:
    """What the server does besides serving files; the test sets it up."""

    fail_once: dict[str, tuple[int, dict[str, str]]] = field(default_factory=dict)  # path -> status, headers
    redirects: dict[str, str] = field(default_factory=dict)  # path -> Location
    images: dict[str, bytes] = field(default_factory=dict)  # path -> bytes served instead of the file
    extra: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # path -> (content type, body)
    delay_s: dict[str, float] = field(default_factory=dict)  # path prefix -> seconds before answering
    requests: Counter = field(default_factory=Counter)
    user_agents: set[str] = field(default_factory=set)
    in_flight: int = 0
    max_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    behaviour: Behaviour
    base: str

    def log_message(self, *_args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        b = self.behaviour
        path = self.path
        with b.lock:
            b.requests[path] += 1
            b.user_agents.add(self.headers.get("User-Agent", ""))
            b.in_flight += 1
            b.max_in_flight = max(b.max_in_flight, b.in_flight)
            failure = b.fail_once.pop(path, None)
        try:
            delay = next((s for prefix, s in b.delay_s.items() if path.startswith(prefix)), 0.0)
            time.sleep(delay)
            self._answer(path, failure)
        finally:
            with b.lock:
                b.in_flight -= 1

    def _answer(self, path: str, failure: tuple[int, dict[str, str]] | None) -> None:
        b = self.behaviour
        if failure is not None:
            return self._send(failure[0], "text/plain", b"try again later", failure[1])
        if path in b.redirects:
            return self._send(301, "text/plain", b"", {"Location": b.redirects[path]})
        if path in b.extra:
            kind, body = b.extra[path]
            return self._send(200, kind, body)
        if path in b.images:
            return self._send(200, "image/jpeg", b.images[path])
        file = (SAMPLES / path.split("?", 1)[0].lstrip("/")).resolve()
        if SAMPLES not in file.parents or not file.is_file():
            return self._send(404, "text/html", b"<html><body><h1>Not found</h1></body></html>")
        body = file.read_bytes()
        if file.suffix == ".xml":
            body = body.replace(SAMPLE_HOST.encode(), self.base.encode())
        self._send(200, _TYPES.get(file.suffix, "application/octet-stream"), body)

    def _send(self, status: int, kind: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def sample_server(behaviour: Behaviour | None = None) -> Iterator[tuple[str, Behaviour]]:
    """Serve samples/ on a free loopback port; yields (base URL, behaviour)."""
    behaviour = behaviour or Behaviour()
    handler = type("Handler", (_Handler,), {"behaviour": behaviour, "base": ""})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    handler.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="sample-server", daemon=True)
    thread.start()
    try:
        yield handler.base, behaviour
    finally:
        server.shutdown()
        server.server_close()
