"""A 202 is a promise: accepted async checks survive a shutdown or a crash and run later.

Real services (controlled CLIP, real sentence model) on SQLite and on PostgreSQL; the
CMS is a loopback receiver. "A process that died" is what one leaves in the database:
an accepted event, its stored request, and a lease nobody renews any more.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

import httpx
import pytest

from app.payloads import to_article
from app.schema import ArticleIn
from app.storage import ReportStore, WebhookEvent, WebhookLog
from app.webhooks.jobs import JobRunner
from app.webhooks.options import read_options
from app.webhooks.prepublish import PrepublishHooks
from app.webhooks.signatures import parse_secrets
from tests.fixtures.space import ROCKET_CAPTION, SPACE
from tests.webhooks.conftest import SECRET, Service, encode, make_settings, new_id, serve, signed
from tests.webhooks.receiver import Receiver, callback_receiver


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str | None:
    """None: the SQLite file in the service's data dir; else a new PostgreSQL database."""
    return None if request.param == "sqlite" else request.getfixturevalue("postgres_url")


def _story(n: int, **options: object) -> bytes:
    return encode({**SPACE, "id": f"durable-{n}", "figures": [{"caption": f"{ROCKET_CAPTION} Take {n}."}]},
                  **options)


def _article(body: bytes) -> ArticleIn:
    return to_article(read_options(json.loads(body))[1], None)[1]


@contextmanager
def _log(settings) -> Iterator[WebhookLog]:  # noqa: ANN001
    with ReportStore(settings.resolved_database_url()) as store:
        yield WebhookLog(store)


def _left_by_a_dead_process(settings, webhook_id: str, body: bytes, callback_url: str, base_url: str) -> None:  # noqa: ANN001
    """An event accepted (202) by a process that then died: its lease has run out."""
    with ReportStore(settings.resolved_database_url()) as store:
        dead = WebhookLog(store, lease_s=0)
        assert dead.claim(webhook_id, hashlib.sha256(body).hexdigest(), callback_url=callback_url).new
        dead.keep_work(webhook_id, {"article": _article(body).model_dump(mode="json"), "base_url": base_url})


def _hold_the_only_worker(runner: JobRunner) -> None:
    """A job that keeps the runner's single worker busy until shutdown begins."""
    deadline = time.monotonic() + 30
    while not runner.closed and time.monotonic() < deadline:
        time.sleep(0.01)


def _status(service: Service, webhook_id: str) -> dict:
    response = httpx.get(f"{service.url}/v1/hooks/prepublish/{webhook_id}", timeout=30)
    assert response.status_code == 200, response.text  # never a 404 for an accepted id
    return response.json()


def _wait_done(service: Service, webhook_id: str, timeout_s: float = 30) -> dict:
    deadline = time.monotonic() + timeout_s
    while (status := _status(service, webhook_id))["status"] == "pending":
        assert time.monotonic() < deadline, f"webhook {webhook_id} was never checked"
        time.sleep(0.05)
    return status


def _checks_run(settings) -> int:  # noqa: ANN001
    """Checks stored in the database: one per engine run (counted even before `serve` counts runs)."""
    with ReportStore(settings.resolved_database_url()) as store:
        return len(store.list(limit=1000).items)


def _results(cms: Receiver, count: int) -> dict[str, dict]:
    return {body["webhook_id"]: body for body in (json.loads(r.body) for r in cms.wait_for(count))}


def test_checks_queued_at_shutdown_are_kept_and_run_at_the_next_start(tmp_path, text_encoder, clip, database_url):
    settings = make_settings(tmp_path, database_url=database_url, allow_private_urls=True, webhook_workers=1)
    ids = [new_id() for _ in range(3)]
    with callback_receiver() as cms:
        with serve(settings, text_encoder, clip) as first:
            hooks = first.app.state.webhooks
            hooks.runner.submit(partial(_hold_the_only_worker, hooks.runner))
            for n, webhook_id in enumerate(ids):
                body = _story(n)
                assert hooks.log.claim(webhook_id, hashlib.sha256(body).hexdigest(), callback_url=cms.url).new
                assert hooks.check_later(webhook_id, _article(body), f"{first.url}/")
        assert first.runs == [] and cms.received == []  # stopped before any of them ran
        with _log(settings) as log:
            kept = [log.get(webhook_id) for webhook_id in ids]
        assert all(isinstance(e, WebhookEvent) and e.status == "pending" and e.work for e in kept), kept
        with serve(settings, text_encoder, clip) as second:
            results = _results(cms, len(ids))
            second.wait_idle()
            statuses = {webhook_id: _status(second, webhook_id) for webhook_id in ids}
    assert sorted(results) == sorted(ids) and _checks_run(settings) == len(ids)
    for webhook_id, status in statuses.items():
        assert status["status"] == "done" and status["decision"] == results[webhook_id]["decision"] == "allow"
        assert status["callback"]["status"] == "delivered"
    with _log(settings) as log:
        assert all(log.get(webhook_id).work is None for webhook_id in ids)  # the drafts are gone


def test_an_accepted_check_left_by_a_crash_runs_at_the_next_start(tmp_path, text_encoder, clip, database_url):
    settings = make_settings(tmp_path, database_url=database_url, allow_private_urls=True)
    webhook_id, body = new_id(), _story(7)
    with callback_receiver() as cms:
        _left_by_a_dead_process(settings, webhook_id, body, cms.url, "http://cms-facing.example/")
        with serve(settings, text_encoder, clip) as service:
            [result] = _results(cms, 1).values()
            status = _wait_done(service, webhook_id)
    assert result["decision"] == status["decision"] == "allow" and result["check_id"] == status["check_id"]
    assert result["report_url"] == f"http://cms-facing.example/v1/checks/{status['check_id']}"
    assert _checks_run(settings) == 1


def test_a_retried_id_whose_holder_died_is_checked_again(tmp_path, text_encoder, clip, database_url):
    settings = make_settings(tmp_path, database_url=database_url, allow_private_urls=True)
    with callback_receiver() as cms, serve(settings, text_encoder, clip) as service:
        async_body = _story(8, **{"async": True, "callback_url": cms.url})
        (async_id, sync_id), sync_body = (new_id(), new_id()), _story(9)
        # Accepted by another process that died after the service started (so not taken at its start).
        for webhook_id, body in ((async_id, async_body), (sync_id, sync_body)):
            _left_by_a_dead_process(settings, webhook_id, body, cms.url, f"{service.url}/")
        retry = service.post(async_body, signed(async_body, SECRET, async_id))
        assert retry.status_code == 202, retry.text
        [result] = _results(cms, 1).values()
        status = _wait_done(service, async_id)
        # Taken over by the retry itself, at once: not left for a sweep to find later.
        answer = service.post(sync_body, signed(sync_body, SECRET, sync_id))
    assert result["webhook_id"] == async_id and status["decision"] == result["decision"] == "allow"
    assert answer.status_code == 200 and "webhook-replayed" not in answer.headers
    assert answer.json()["decision"] == "allow" and _checks_run(settings) == 2


def test_a_live_process_takes_over_what_a_dead_one_accepted(tmp_path, text_encoder, clip, database_url):
    settings = make_settings(tmp_path, database_url=database_url, allow_private_urls=True)
    webhook_id, body = new_id(), _story(9)
    with callback_receiver() as cms, serve(settings, text_encoder, clip) as service:
        # A second process on the same database, renewing (and sweeping) every 0.2 s.
        sweeper = PrepublishHooks(service.app.state.service, settings, parse_secrets(SECRET), lease_s=0.6)
        try:
            assert sweeper.resume() == 0
            _left_by_a_dead_process(settings, webhook_id, body, cms.url, f"{service.url}/")
            [result] = _results(cms, 1).values()
            status = _wait_done(service, webhook_id)
        finally:
            sweeper.close()
    assert status["decision"] == result["decision"] == "allow" and _checks_run(settings) == 1
    with ReportStore(settings.resolved_database_url()) as store, store.engine.connect() as conn:
        owner = conn.exec_driver_sql("SELECT owner FROM webhook_events").scalar()
    assert owner == sweeper.log.owner
