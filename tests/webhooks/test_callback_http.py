"""A callback's answer is read only so far: a huge or dripping body cannot hold a worker or its memory."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from app.settings import Settings
from app.webhooks.callback_http import MAX_ANSWER_BYTES, check_callback_url, post

HUGE = 1 << 40  # the length the server claims
SEND_AT_MOST = 256 * 1024 * 1024  # what it really sends before giving up
CHUNK = 64 * 1024


@dataclass
class Sent:
    bytes: int = 0
    done: threading.Event = field(default_factory=threading.Event)


@contextmanager
def answering(send_body: Callable[[socket.socket, Sent], None]) -> Iterator[tuple[str, Sent]]:
    """A loopback server that answers one POST with 200 and a body written by `send_body`."""
    listener = socket.create_server(("127.0.0.1", 0))
    sent = Sent()

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            _read_request(conn)
            conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Length: {HUGE}\r\n\r\n".encode())
            try:
                send_body(conn, sent)
            except OSError:
                pass  # the client hung up: what we want
        sent.done.set()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/hook", sent
    finally:
        listener.close()
        thread.join(timeout=30)


def _read_request(conn: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        data += conn.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length"))
    while len(body) < length:
        body += conn.recv(65536)


def _flood(conn: socket.socket, sent: Sent) -> None:
    block = b"x" * CHUNK
    while sent.bytes < SEND_AT_MOST:
        conn.sendall(block)
        sent.bytes += len(block)


def _drip(conn: socket.socket, sent: Sent) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        conn.sendall(b"x")
        sent.bytes += 1
        time.sleep(0.05)


def _post(url: str, timeout_s: float) -> int:
    target = check_callback_url(url, Settings(allow_private_urls=True))
    return post(target, b'{"decision":"allow"}', {"webhook-id": "result_1"}, timeout_s)


def test_an_endless_answer_is_read_only_up_to_the_cap():
    with answering(_flood) as (url, sent):
        assert _post(url, timeout_s=10) == 200
        assert sent.done.wait(30)
    # What the server got out before the connection closed: the cap plus what socket buffers hold.
    assert MAX_ANSWER_BYTES <= sent.bytes < 32 * 1024 * 1024, sent.bytes


def test_a_dripping_answer_is_read_no_longer_than_the_callback_timeout():
    started = time.monotonic()
    with answering(_drip) as (url, sent):
        assert _post(url, timeout_s=1.0) == 200
        elapsed = time.monotonic() - started
        assert sent.done.wait(30)
    assert 1.0 <= elapsed < 5, elapsed
