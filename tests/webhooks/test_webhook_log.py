"""WebhookLog: claims, replays, take-overs, delivery records; tables appear in older databases."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import inspect, text, update

from app.storage import ReportStore, WebhookLog
from app.storage.engine import write_connection
from app.storage.webhook_tables import WebhookEventRow


@pytest.fixture
def store(tmp_path):
    with ReportStore(f"sqlite:///{tmp_path / 'hooks.db'}") as opened:
        yield opened


@pytest.fixture
def log(store) -> WebhookLog:
    return WebhookLog(store)


def test_first_claim_is_new_and_a_second_sees_it(log):
    first = log.claim("msg_1", "a" * 64)
    second = log.claim("msg_1", "a" * 64)
    assert first.new and first.event.status == "pending"
    assert not second.new and second.event.received_at == first.event.received_at


def test_finished_answer_is_kept_for_replays(log):
    log.claim("msg_1", "a" * 64)
    log.finish("msg_1", status="done", response_status=200, response={"decision": "block"},
               decision="block", check_id="c1")
    claim = log.claim("msg_1", "a" * 64)
    assert not claim.new
    assert (claim.event.status, claim.event.decision, claim.event.check_id) == ("done", "block", "c1")
    assert claim.event.response == {"decision": "block"}


def test_released_and_failed_events_can_be_sent_again(log):
    log.claim("msg_1", "a" * 64)
    log.release("msg_1")
    assert log.get("msg_1") is None
    log.claim("msg_2", "b" * 64)
    log.finish("msg_2", status="failed", response_status=422, response={"detail": "x"})
    assert log.claim("msg_2", "b" * 64).new
    assert not log.claim("msg_2", "c" * 64).new  # another payload never takes an id over


def test_a_pending_claim_left_by_a_dead_process_goes_stale(log, store):
    log.claim("msg_1", "a" * 64)
    old = datetime.now(timezone.utc) - timedelta(hours=1)
    with write_connection(store._engine) as conn:
        conn.execute(update(WebhookEventRow).values(received_at=old))
    assert not log.claim("msg_1", "a" * 64, stale_after_s=7200).new
    assert log.claim("msg_1", "a" * 64, stale_after_s=60).new


def test_deliveries_are_recorded_in_order_and_owed_callbacks_listed(log):
    log.claim("msg_1", "a" * 64, callback_url="https://cms.example.org/hook")
    assert log.undelivered() == []  # nothing decided yet
    log.finish("msg_1", status="done", response_status=200, response={}, decision="allow", check_id="c")
    log.record_delivery("msg_1", "https://cms.example.org/hook", 1, status_code=500, error="HTTP 500")
    log.record_delivery("msg_1", "https://cms.example.org/hook", 2, status_code=None, error="timeout")
    assert [e.webhook_id for e in log.undelivered()] == ["msg_1"]
    assert [(d.attempt, d.status_code, d.error) for d in log.deliveries("msg_1")] == [
        (1, 500, "HTTP 500"), (2, None, "timeout")]
    assert log.attempts("msg_1") == 2
    log.set_callback_status("msg_1", "delivered")
    assert log.undelivered() == []


def test_tables_are_added_to_a_database_made_before_them(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    with ReportStore(url) as store, store._engine.begin() as conn:
        conn.execute(text("DROP TABLE webhook_events"))
        conn.execute(text("DROP TABLE webhook_deliveries"))
    with ReportStore(url) as store:
        assert {"webhook_events", "webhook_deliveries"} <= set(inspect(store._engine).get_table_names())
        assert WebhookLog(store).claim("msg_1", "a" * 64).new
