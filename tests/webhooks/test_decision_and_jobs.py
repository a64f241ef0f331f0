"""The decision policy, callback backoff, and the job runner's scheduling and shutdown."""

from __future__ import annotations

import threading
import time

import pytest

from app.settings import Settings
from app.webhooks.decision import accepted, decide
from app.webhooks.delivery import backoff_s, callback_id
from app.webhooks.jobs import JobRunner


@pytest.mark.parametrize(("policy", "expected"), [("review", "review"), ("allow", "allow"), ("block", "block")])
def test_review_verdict_answers_the_configured_decision(policy, expected):
    settings = Settings(webhook_review_decision=policy)
    assert decide("review", settings) == expected
    assert (decide("pass", settings), decide("block", settings)) == ("allow", "block")


def test_review_decision_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("CAPTIONCHECK_WEBHOOK_REVIEW_DECISION", "allow")
    assert Settings().webhook_review_decision == "allow"


def test_status_url_escapes_the_id():
    assert accepted("wp-1/2", "http://h:1/")["status_url"] == "http://h:1/v1/hooks/prepublish/wp-1%2F2"


def test_backoff_doubles_and_is_capped():
    assert [backoff_s(n, 2.0) for n in (1, 2, 3, 4)] == [2.0, 4.0, 8.0, 16.0]
    assert backoff_s(40, 2.0) == 3600.0
    assert callback_id("msg_1") == callback_id("msg_1") != callback_id("msg_2")


def test_jobs_run_when_due_in_order():
    runner = JobRunner(workers=1)
    order: list[str] = []
    runner.submit(lambda: order.append("later"), delay_s=0.1)
    runner.submit(lambda: order.append("now"))
    deadline = time.monotonic() + 5
    while len(order) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    runner.close()
    assert order == ["now", "later"]


def test_close_finishes_running_jobs_and_abandons_queued_ones():
    runner = JobRunner(workers=1)
    started, finished, abandoned = threading.Event(), threading.Event(), []
    runner.submit(lambda: (started.set(), time.sleep(0.2), finished.set()))
    runner.submit(lambda: None, delay_s=60, on_abandon=lambda: abandoned.append("queued"))
    assert started.wait(5)
    runner.close(timeout_s=5)
    assert finished.is_set() and abandoned == ["queued"]
    assert runner.submit(lambda: None) is False


def test_a_failing_job_does_not_stop_the_worker():
    runner = JobRunner(workers=1)
    done = threading.Event()
    runner.submit(lambda: 1 / 0)
    runner.submit(done.set)
    assert done.wait(5)
    runner.close()
