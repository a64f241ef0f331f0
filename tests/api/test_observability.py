"""One JSON log line per request (no draft text, no secrets) and Prometheus metrics at /metrics."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import httpx
import pytest

from tests.api.secured import KEY, bearer, running
from tests.fixtures.space import space_clip

SEED = json.loads((Path(__file__).resolve().parents[2] / "samples" / "seed-doha-talks.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def service(tmp_path_factory, text_encoder):
    with running(tmp_path_factory.mktemp("observe"), text_encoder, space_clip(), api_keys=KEY) as (url, app):
        yield url, app


def _lines_for(caplog, *request_ids: str) -> dict[str, dict]:
    """The log lines of these requests (a line is written just after its answer is sent)."""
    deadline = time.monotonic() + 10
    while True:
        lines = {line["request_id"]: line for line in (json.loads(r.getMessage()) for r in caplog.records
                                                       if r.name == "captioncheck.access")}
        if all(i in lines for i in request_ids) or time.monotonic() > deadline:
            return lines
        time.sleep(0.02)


def test_request_id_is_echoed_or_made(service):
    url, _ = service
    given = httpx.get(f"{url}/healthz", headers={"x-request-id": "cms-42.retry:1"})
    assert given.headers["x-request-id"] == "cms-42.retry:1"
    made = httpx.get(f"{url}/healthz").headers["x-request-id"]
    odd = httpx.get(f"{url}/healthz", headers={"x-request-id": "two words"}).headers["x-request-id"]
    assert len(made) == 32 and len(odd) == 32 and made != odd


def test_one_json_line_per_request_without_draft_text_or_secrets(service, caplog):
    url, _ = service
    caplog.set_level(logging.INFO, logger="captioncheck.access")
    created = httpx.post(f"{url}/v1/checks", json=SEED, headers={**bearer(), "x-request-id": "req-1"}, timeout=60)
    assert created.status_code == 201, created.text
    httpx.get(f"{url}/v1/checks/{created.json()['id']}", headers={**bearer(), "x-request-id": "req-2"})
    httpx.get(f"{url}/v1/checks", headers={"authorization": "Bearer wrong-key-1234567890", "x-request-id": "req-3"})
    lines = _lines_for(caplog, "req-1", "req-2", "req-3")
    assert lines["req-1"]["route"] == "/v1/checks" and lines["req-1"]["status"] == 201
    assert lines["req-2"]["route"] == "/v1/checks/{check_id}" and lines["req-2"]["status"] == 200
    assert lines["req-3"]["status"] == 401 and lines["req-3"]["caller"] is None
    assert lines["req-1"]["caller"].startswith("key-") and lines["req-1"]["duration_ms"] > 0
    everything = "\n".join(record.getMessage() for record in caplog.records)
    for secret_or_draft in (KEY, "wrong-key-1234567890", SEED["headline"], SEED["figures"][2]["caption"]):
        assert secret_or_draft not in everything


def test_metrics_count_requests_latency_queue_and_flags(service):
    url, _ = service
    assert httpx.post(f"{url}/v1/checks", json=SEED, headers=bearer(), timeout=60).status_code == 201
    text = httpx.get(f"{url}/metrics", headers=bearer()).text
    assert 'captioncheck_http_requests_total{method="POST",route="/v1/checks",status="201"}' in text
    assert 'captioncheck_http_request_duration_seconds_bucket{le="0.5",method="POST",route="/v1/checks"}' in text
    assert "captioncheck_pending_checks 0.0" in text
    assert 'captioncheck_flags_total{code="caption_place_conflict",severity="mismatch"}' in text
    assert 'captioncheck_checks_total{verdict="block"}' in text
    unmatched = httpx.get(f"{url}/no/such/page/123", headers=bearer())
    assert unmatched.status_code == 404
    again = httpx.get(f"{url}/metrics", headers=bearer()).text
    assert 'route="unmatched"' in again and "/no/such/page" not in again
