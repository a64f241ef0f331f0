"""kill -9 during a burst of signed webhooks: every call answered 2xx has its decision stored.

A real `captioncheck serve` (tiny open_clip checkpoint, real sentence model) in a
subprocess; the decision is committed before the answer is sent, so an answer the
CMS saw can never be lost. Calls cut off by the kill are retried after the restart.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.fixtures.space import ROCKET_CAPTION, SPACE
from tests.fixtures.tiny_clip import tiny_clip_checkpoint  # noqa: F401  (pytest fixture)
from tests.live_server import free_port
from tests.webhooks.conftest import SECRET, encode, signed

EXE = Path(sys.executable).parent / "captioncheck"
CALLS = 48
KILL_AFTER_ANSWERS = 12


def _start(env: dict[str, str], port: int, log: Path) -> tuple[subprocess.Popen, str]:
    # stderr to a file: a pipe nobody reads would fill with request log lines and stall the server.
    with log.open("a") as sink:
        proc = subprocess.Popen([str(EXE), "serve", "--port", str(port)], env=env,
                                stdout=subprocess.DEVNULL, stderr=sink)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        assert proc.poll() is None, log.read_text()
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, "service did not become ready"
        time.sleep(0.2)


def _call(base: str, webhook_id: str, body: bytes) -> int | str:
    try:
        response = httpx.post(f"{base}/v1/hooks/prepublish", content=body,
                              headers=signed(body, SECRET, webhook_id), timeout=60)
    except httpx.HTTPError as exc:
        return type(exc).__name__
    return response.status_code


def _article(n: int) -> bytes:
    return encode({**SPACE, "id": f"crash-{n}", "figures": [{"caption": f"{ROCKET_CAPTION} Take {n}."}]},
                  images="skip")


@pytest.mark.slow
def test_answers_survive_kill_9_and_cut_off_calls_can_be_retried(tmp_path, tiny_clip_checkpoint):
    config, checkpoint = tiny_clip_checkpoint
    env = {**os.environ, "CAPTIONCHECK_DATA_DIR": str(tmp_path / "data"),
           "CAPTIONCHECK_MODELS_DIR": str(tmp_path / "models"), "CAPTIONCHECK_CLIP_MODEL": str(config),
           "CAPTIONCHECK_CLIP_PRETRAINED": str(checkpoint), "CAPTIONCHECK_WEBHOOK_SECRETS": SECRET,
           "CAPTIONCHECK_RATE_LIMIT_PER_MIN": "0"}
    port = free_port()
    proc, base = _start(env, port, tmp_path / "serve.log")
    calls = {f"msg_crash_{n}": _article(n) for n in range(CALLS)}
    try:
        with ThreadPoolExecutor(8) as pool:
            futures: dict[str, Future] = {i: pool.submit(_call, base, i, body) for i, body in calls.items()}
            _wait(lambda: sum(f.done() and f.result() == 200 for f in futures.values()) >= KILL_AFTER_ANSWERS)
            os.kill(proc.pid, signal.SIGKILL)
            results = {i: f.result() for i, f in futures.items()}
    finally:
        proc.kill()
        proc.wait(timeout=30)
    acknowledged = [i for i, r in results.items() if r == 200]
    proc, base = _start(env, port, tmp_path / "serve.log")
    try:
        stored = {i: httpx.get(f"{base}/v1/hooks/prepublish/{i}", timeout=30).json() for i in acknowledged}
        cut_off = [i for i, r in results.items() if r != 200]
        retried = {i: _call(base, i, calls[i]) for i in cut_off if _stored_status(base, i) != "pending"}
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    lost = [i for i, body in stored.items() if body.get("status") != "done" or not body.get("decision")]
    print(f"\ncrash test: {len(acknowledged)} acknowledged, {len(lost)} lost, {len(cut_off)} cut off "
          f"({sum(r == 200 for r in retried.values())} answered on retry, "
          f"{len(cut_off) - len(retried)} left pending by the killed process)")
    assert len(acknowledged) >= KILL_AFTER_ANSWERS and cut_off, results
    assert lost == []
    assert all(r == 200 for r in retried.values()), retried
    _assert_request_log(tmp_path / "serve.log")


def _assert_request_log(path: Path) -> None:
    """The real server's stderr: one JSON line per request, the route template, no draft text."""
    text = path.read_text()
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    assert any(line["route"] == "/v1/hooks/prepublish" and line["status"] == 200 for line in lines)
    assert any(line["route"] == "/v1/hooks/prepublish/{webhook_id:path}" for line in lines)
    assert "Open on loopback only" in text and ROCKET_CAPTION not in text and SPACE["headline"] not in text


def _stored_status(base: str, webhook_id: str) -> str | None:
    response = httpx.get(f"{base}/v1/hooks/prepublish/{webhook_id}", timeout=30)
    return response.json().get("status") if response.status_code == 200 else None


def _wait(condition, timeout_s: float = 120.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "the burst did not get far enough"
        time.sleep(0.01)
