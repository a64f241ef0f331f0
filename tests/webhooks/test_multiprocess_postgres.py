"""Two `captioncheck serve` processes on one PostgreSQL database, as behind a load balancer.

Real processes (tiny open_clip checkpoint, real sentence model), each with its own data
dir, sharing only the database. One pair serves the whole module; the kill -9 test
runs last, since it ends one of them.
"""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text, update

from app.storage import ReportStore, WebhookLog
from app.storage.engine import write_connection
from app.storage.webhook_tables import WebhookEventRow
from tests.fixtures.space import ROCKET_CAPTION, SPACE
from tests.fixtures.tiny_clip import tiny_clip_checkpoint  # noqa: F401  (pytest fixture)
from tests.live_server import free_port
from tests.postgres_server import PostgresServer
from tests.storage.test_store import make_report
from tests.webhooks.conftest import SECRET, encode, new_id, signed

pytestmark = pytest.mark.slow

EXE = Path(sys.executable).parent / "captioncheck"
REPO = Path(__file__).resolve().parents[2]
RETENTION_DAYS = 30


@dataclass
class Process:
    proc: subprocess.Popen
    base: str
    log: Path

    def post(self, webhook_id: str, body: bytes) -> httpx.Response:
        return httpx.post(f"{self.base}/v1/hooks/prepublish", content=body, timeout=120,
                          headers=signed(body, SECRET, webhook_id))

    def status(self, webhook_id: str) -> httpx.Response:
        return httpx.get(f"{self.base}/v1/hooks/prepublish/{webhook_id}", timeout=30)


@dataclass
class Pair:
    a: Process
    b: Process
    url: str

    def checks_of(self, article_id: str) -> int:
        engine = create_engine(self.url)
        try:
            with engine.connect() as conn:
                return conn.execute(text("SELECT count(*) FROM checks WHERE article_id = :a"),
                                    {"a": article_id}).scalar_one()
        finally:
            engine.dispose()


@pytest.fixture(scope="module")
def pair(tmp_path_factory, tiny_clip_checkpoint, postgres_server: PostgresServer) -> Iterator[Pair]:  # noqa: F811
    url = postgres_server.create_database()
    folder = tmp_path_factory.mktemp("two-processes")
    _seed_old_and_recent(url)
    config, checkpoint = tiny_clip_checkpoint
    env = {**os.environ, "CAPTIONCHECK_DATABASE_URL": url, "CAPTIONCHECK_CLIP_MODEL": str(config),
           "CAPTIONCHECK_CLIP_PRETRAINED": str(checkpoint), "CAPTIONCHECK_WEBHOOK_SECRETS": SECRET,
           "CAPTIONCHECK_RATE_LIMIT_PER_MIN": "0", "CAPTIONCHECK_RETENTION_DAYS": str(RETENTION_DAYS),
           "CAPTIONCHECK_ARCHIVE_RECORD_CHECKS": "true"}
    started = [_spawn(env, folder / name) for name in ("a", "b")]  # both start (and migrate, purge) at once
    try:
        a, b = (_ready(process) for process in started)
        yield Pair(a, b, url)
    finally:
        for process in started:
            process.proc.terminate()
        for process in started:
            try:
                process.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.proc.kill()
                process.proc.wait(timeout=30)
        postgres_server.drop_database(url)


def _spawn(env: dict[str, str], folder: Path) -> Process:
    folder.mkdir(parents=True)
    port = free_port()
    own = {**env, "CAPTIONCHECK_DATA_DIR": str(folder / "data"), "CAPTIONCHECK_MODELS_DIR": str(folder / "models")}
    log = folder / "serve.log"
    # stderr to a file: a pipe nobody reads would fill with request log lines and stall the server.
    with log.open("a") as sink:
        proc = subprocess.Popen([str(EXE), "serve", "--port", str(port)], env=own,
                                stdout=subprocess.DEVNULL, stderr=sink)
    return Process(proc, f"http://127.0.0.1:{port}", log)


def _ready(process: Process, timeout_s: float = 240) -> Process:
    deadline = time.monotonic() + timeout_s
    while True:
        assert process.proc.poll() is None, process.log.read_text()
        try:
            if httpx.get(f"{process.base}/readyz", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, "service did not become ready"
        time.sleep(0.2)


def _seed_old_and_recent(url: str) -> None:
    """Reports and webhook answers from before and within the retention period."""
    now = datetime.now(timezone.utc)
    with ReportStore(url) as store:
        store.save(make_report("chk-old", now - timedelta(days=RETENTION_DAYS + 10)), source="webhook")
        store.save(make_report("chk-recent", now - timedelta(days=1)), source="webhook")
        log = WebhookLog(store)
        for webhook_id in ("msg_seed_old", "msg_seed_recent"):
            log.claim(webhook_id, "a" * 64, callback_url="https://cms.example.org/hook")
            log.record_delivery(webhook_id, "https://cms.example.org/hook", 1, status_code=200, error=None)
            log.finish(webhook_id, status="done", response_status=200, response={"decision": "allow"},
                       decision="allow", check_id="chk-old")
            log.set_callback_status(webhook_id, "delivered")
        with write_connection(store.engine) as conn:
            conn.execute(update(WebhookEventRow).where(WebhookEventRow.webhook_id == "msg_seed_old")
                         .values(received_at=now - timedelta(days=RETENTION_DAYS + 10)))


def _story(article_id: str, caption: str = ROCKET_CAPTION) -> bytes:
    return encode({**SPACE, "id": article_id, "figures": [{"caption": caption}]}, images="skip")


def test_retention_at_start_covers_reports_and_webhook_answers(pair):
    for process in (pair.a, pair.b):
        assert httpx.get(f"{process.base}/v1/checks/chk-old", timeout=30).status_code == 404
        assert httpx.get(f"{process.base}/v1/checks/chk-recent", timeout=30).status_code == 200
        assert process.status("msg_seed_old").status_code == 404
        assert process.status("msg_seed_recent").json()["decision"] == "allow"


def test_one_id_sent_to_both_processes_at_once_runs_one_check(pair):
    for n in range(4):
        webhook_id, article_id = new_id(), f"race-{n}-{new_id()}"
        body = _story(article_id, f"{ROCKET_CAPTION} Take {n}.")
        start = threading.Barrier(2)

        def send(process: Process, webhook_id: str = webhook_id, body: bytes = body,
                 start: threading.Barrier = start) -> httpx.Response:
            start.wait()
            return process.post(webhook_id, body)

        with ThreadPoolExecutor(2) as pool:
            first, second = pool.map(send, (pair.a, pair.b))
        assert first.status_code == second.status_code == 200, (first.text, second.text)
        assert first.json() == second.json() and first.json()["decision"] == "allow"
        replayed = [r.headers.get("webhook-replayed") == "true" for r in (first, second)]
        assert sorted(replayed) == [False, True]  # one ran the check, the other answered its decision
        assert pair.checks_of(article_id) == 1


def test_idempotency_holds_across_processes(pair):
    webhook_id, body = new_id(), _story(f"idem-{new_id()}")
    answer = pair.a.post(webhook_id, body)
    assert answer.status_code == 200
    replay = pair.b.post(webhook_id, body)
    assert replay.status_code == 200 and replay.headers["webhook-replayed"] == "true"
    assert replay.json() == answer.json()
    reused = pair.b.post(webhook_id, _story("another-article"))
    assert reused.status_code == 409 and "already used" in reused.json()["detail"]
    assert pair.b.status(webhook_id).json()["check_id"] == answer.json()["check_id"]


def test_the_archive_is_shared_across_processes(pair):
    photo = (REPO / "samples" / "images" / "rocket-launch.jpg").read_bytes()
    image = "data:image/jpeg;base64," + base64.b64encode(photo).decode()

    def story(article_id: str, headline: str, caption: str, body: str) -> bytes:
        return encode({"id": article_id, "headline": headline, "body": body,
                       "figures": [{"image": image, "caption": caption}]})

    first = story(f"launch-{new_id()}", "Rocket launch delayed", "The rocket on its pad before the delayed launch.",
                  "The rocket launch was delayed by a day because of high winds, the agency said.")
    answered = httpx.post(f"{pair.a.base}/v1/hooks/prepublish", content=first, headers=signed(first), timeout=120)
    assert answered.status_code == 200, answered.text
    assert "image_reused" not in _codes(answered.json())
    other = story(f"storm-{new_id()}", "Storm closes the coast", "The rocket on its pad.",
                  "A storm closed the coast on Sunday.")
    reused = httpx.post(f"{pair.b.base}/v1/hooks/prepublish", content=other, headers=signed(other), timeout=120)
    assert reused.status_code == 200, reused.text
    assert "image_reused" in _codes(reused.json())  # recorded by the other process


def _codes(answer: dict) -> list[str]:
    return [reason["code"] for figure in answer["figures"] for reason in figure["reasons"]]


CALLS = 24
KILL_AFTER_ANSWERS_FROM_A = 4


def _call(process: Process, webhook_id: str, body: bytes) -> int | str:
    try:
        return process.post(webhook_id, body).status_code
    except httpx.HTTPError as exc:
        return type(exc).__name__


def test_kill_9_of_one_process_loses_no_acknowledged_decision(pair):
    """Runs last: it ends process a. Every call answered 200 by either process has its decision
    stored; process b answers all of its own calls and every decision a acknowledged."""
    calls = [(pair.a if n % 2 == 0 else pair.b, new_id(), _story(f"crash-{n}-{new_id()}", f"{ROCKET_CAPTION} {n}."))
             for n in range(CALLS)]
    with ThreadPoolExecutor(8) as pool:
        futures: list[tuple[Process, str, bytes, Future]] = [
            (process, webhook_id, body, pool.submit(_call, process, webhook_id, body))
            for process, webhook_id, body in calls]
        from_a = [f for process, _, _, f in futures if process is pair.a]
        deadline = time.monotonic() + 120
        while sum(f.done() and f.result() == 200 for f in from_a) < KILL_AFTER_ANSWERS_FROM_A:
            assert time.monotonic() < deadline, "process a answered too few calls"
            time.sleep(0.01)
        os.kill(pair.a.proc.pid, signal.SIGKILL)
        results = {webhook_id: (process, body, f.result()) for process, webhook_id, body, f in futures}
    pair.a.proc.wait(timeout=30)
    acknowledged = [webhook_id for webhook_id, (_, _, status) in results.items() if status == 200]
    stored = {webhook_id: pair.b.status(webhook_id).json() for webhook_id in acknowledged}
    lost = [webhook_id for webhook_id, body in stored.items() if body.get("status") != "done" or not body.get("decision")]
    cut_off = [webhook_id for webhook_id, (_, _, status) in results.items() if status != 200]
    retried = {webhook_id: pair.b.post(webhook_id, results[webhook_id][1]).status_code for webhook_id in cut_off
               if pair.b.status(webhook_id).json().get("status") != "pending"}
    print(f"\ntwo-process crash test: {len(acknowledged)} acknowledged ({sum(1 for i in acknowledged if results[i][0] is pair.a)} "
          f"by the killed process), {len(lost)} lost, {len(cut_off)} cut off ({len(retried)} retried on the other)")
    assert all(status == 200 for process, _, status in results.values() if process is pair.b), results
    assert sum(1 for i in acknowledged if results[i][0] is pair.a) >= KILL_AFTER_ANSWERS_FROM_A
    assert lost == []
    assert all(status == 200 for status in retried.values()), retried
