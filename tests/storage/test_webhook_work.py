"""WebhookLog shared by several service processes: stored drafts, leases, adoption, retention."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, inspect, text, update

from app.storage import MIGRATIONS, ReportStore, WebhookLog
from app.storage.engine import write_connection
from app.storage.migrations import read_version
from app.storage.webhook_tables import WebhookEventRow

WORK = {"article": {"headline": "Rocket launch", "body": "The rocket lifted off.", "figures": []},
        "base_url": "http://127.0.0.1:8000/"}


@pytest.fixture
def stores(db_url: str) -> Iterator[list[ReportStore]]:
    """Three stores on one database, each with its own connection pool, as three processes have."""
    opened = [ReportStore(db_url) for _ in range(3)]
    yield opened
    for store in opened:
        store.close()


def _expire(store: ReportStore, webhook_id: str) -> None:
    """What a process that died leaves behind: a lease nobody renews, now run out."""
    past = datetime.now(timezone.utc) - timedelta(seconds=1)
    with write_connection(store.engine) as conn:
        conn.execute(update(WebhookEventRow).where(WebhookEventRow.webhook_id == webhook_id)
                     .values(lease_until=past))


def _lease_until(store: ReportStore, webhook_id: str) -> datetime | None:
    with store.engine.connect() as conn:
        return conn.execute(text("SELECT lease_until FROM webhook_events WHERE webhook_id = :i"),
                            {"i": webhook_id}).scalar()


def _accept(log: WebhookLog, webhook_id: str, callback_url: str | None = None) -> None:
    assert log.claim(webhook_id, "a" * 64, callback_url=callback_url).new
    log.keep_work(webhook_id, WORK)


def test_an_accepted_draft_is_stored_until_decided(stores):
    log = WebhookLog(stores[0])
    _accept(log, "msg_1")
    assert log.get("msg_1").work == WORK
    log.finish("msg_1", status="done", response_status=200, response={"decision": "allow"}, decision="allow")
    assert log.get("msg_1").work is None and log.get("msg_1").decision == "allow"


def test_live_work_is_left_alone_and_dead_work_is_adopted_once(stores):
    first, second, third = (WebhookLog(store) for store in stores)
    _accept(first, "msg_live")
    _accept(first, "msg_dead", callback_url="https://cms.example.org/hook")
    assert second.adopt() == []  # the first process holds both
    _expire(stores[0], "msg_dead")
    [adopted] = second.adopt()
    assert (adopted.webhook_id, adopted.work) == ("msg_dead", WORK)
    assert third.adopt() == []  # now held by the second
    first.renew()  # the first's renewal does not take back what it lost
    _expire(stores[0], "msg_live")
    assert [event.webhook_id for event in third.adopt()] == ["msg_live"]


def test_renewal_moves_the_lease_on(stores):
    log = WebhookLog(stores[0], lease_s=60)
    _accept(log, "msg_1")
    _expire(stores[0], "msg_1")
    assert log.renew() == 1
    assert _lease_until(stores[0], "msg_1") is not None
    assert WebhookLog(stores[1]).adopt() == []


def test_owed_callbacks_are_adopted_like_accepted_checks(stores):
    first, second = WebhookLog(stores[0]), WebhookLog(stores[1])
    first.claim("msg_cb", "a" * 64, callback_url="https://cms.example.org/hook")
    first.finish("msg_cb", status="done", response_status=200, response={}, decision="block", keep_lease=True)
    assert second.adopt() == []  # the first is delivering it
    first.let_go()  # it stops before the callback went out
    [owed] = second.adopt()
    assert (owed.status, owed.decision, owed.callback_status) == ("done", "block", "pending")
    second.set_callback_status("msg_cb", "delivered")
    first.let_go()
    assert second.adopt() == [] and WebhookLog(stores[2]).adopt() == []


def test_processes_adopting_at_once_never_share_an_event(stores):
    dead = WebhookLog(stores[0])
    ids = [f"msg_{n}" for n in range(40)]
    for webhook_id in ids:
        _accept(dead, webhook_id)
    dead.let_go()  # as if it had stopped
    logs = [WebhookLog(store) for store in stores]
    with ThreadPoolExecutor(len(logs)) as pool:
        taken = [[e.webhook_id for e in events] for events in pool.map(lambda log: log.adopt(), logs)]
    flat = [webhook_id for part in taken for webhook_id in part]
    assert sorted(flat) == sorted(ids)  # every event adopted, none twice


def test_a_claim_takes_over_a_pending_id_only_once_its_holder_is_gone(stores):
    first, second = WebhookLog(stores[0]), WebhookLog(stores[1])
    first.claim("msg_sync", "a" * 64)
    assert not second.claim("msg_sync", "a" * 64).new  # still being checked by the first
    first.let_go()
    assert not second.claim("msg_sync", "b" * 64).new  # another payload never takes an id over
    taken = second.claim("msg_sync", "a" * 64)
    assert taken.new and taken.event.status == "pending"
    _accept(first, "msg_async")
    _expire(stores[0], "msg_async")
    retried = second.claim("msg_async", "a" * 64)
    assert retried.new and retried.event.work is None  # the retry brings its own request


def test_purge_deletes_old_webhook_answers_drafts_and_callbacks(stores):
    store = stores[0]
    log = WebhookLog(store)
    for webhook_id in ("msg_old_done", "msg_old_draft", "msg_new"):
        _accept(log, webhook_id, callback_url="https://cms.example.org/hook")
        log.record_delivery(webhook_id, "https://cms.example.org/hook", 1, status_code=500, error="HTTP 500")
    for webhook_id in ("msg_old_done", "msg_new"):
        log.finish(webhook_id, status="done", response_status=200, response={"decision": "allow"},
                   decision="allow")
    old = datetime.now(timezone.utc) - timedelta(days=31)
    with write_connection(store.engine) as conn:
        conn.execute(update(WebhookEventRow).where(WebhookEventRow.webhook_id.like("msg_old%"))
                     .values(received_at=old))
    assert store.purge(0) == 0 and log.get("msg_old_done") is not None
    store.purge(30)
    for webhook_id in ("msg_old_done", "msg_old_draft"):
        assert log.get(webhook_id) is None and log.deliveries(webhook_id) == []
    assert log.get("msg_new").decision == "allow" and len(log.deliveries("msg_new")) == 1


def test_a_version_1_database_gains_the_new_columns(db_url):
    ReportStore(db_url).close()
    engine = create_engine(db_url)
    with engine.begin() as conn:  # webhook_events as version 1 made it
        for name in ("ix_webhook_events_status", "ix_webhook_events_received_at"):
            conn.execute(text(f"DROP INDEX {name}"))
        for name in ("work", "owner", "lease_until"):
            conn.execute(text(f"ALTER TABLE webhook_events DROP COLUMN {name}"))
        conn.execute(text("UPDATE schema_version SET version = 1"))
    with ReportStore(db_url) as store:
        assert store.schema_version == max(MIGRATIONS) == read_version(engine)
        columns = {c["name"] for c in inspect(store.engine).get_columns("webhook_events")}
        indexes = {i["name"] for i in inspect(store.engine).get_indexes("webhook_events")}
        assert {"work", "owner", "lease_until"} <= columns
        assert {"ix_webhook_events_status", "ix_webhook_events_received_at"} <= indexes
        log = WebhookLog(store)
        _accept(log, "msg_1")
        assert log.get("msg_1").work == WORK
    engine.dispose()
