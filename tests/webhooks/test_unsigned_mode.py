"""With no CAPTIONCHECK_WEBHOOK_SECRETS: unsigned webhooks from this machine only."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from app.api.hooks import _authenticate
from app.http.problems import Problem
from tests.fixtures.space import SPACE
from tests.webhooks.conftest import encode, make_settings, new_id, serve

ARTICLE = {**SPACE, "figures": [{"caption": "The rocket lifts off from the launch site on Monday."}]}


def _request(host: str, headers: dict[str, str] | None = None) -> Request:
    raw = [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    return Request({"type": "http", "method": "POST", "path": "/v1/hooks/prepublish", "headers": raw,
                    "client": (host, 50000), "query_string": b""})


def test_unsigned_from_loopback_is_checked_and_idempotent_on_its_id(tmp_path, text_encoder, clip):
    with serve(make_settings(tmp_path, webhook_secrets=None), text_encoder, clip) as service:
        body = encode(ARTICLE)
        headers = {"content-type": "application/json", "webhook-id": new_id()}
        first = service.post(body, headers)
        again = service.post(body, headers)
        anonymous = service.post(body, {"content-type": "application/json"})
    assert first.status_code == 200, first.text
    assert again.json()["check_id"] == first.json()["check_id"]
    assert anonymous.json()["webhook_id"].startswith("unsigned_")
    assert len(service.runs) == 2


@pytest.mark.parametrize("host", ["203.0.113.9", "10.0.0.4", "testclient"])
def test_unsigned_from_elsewhere_is_refused_and_says_how_to_configure(host):
    with pytest.raises(Problem) as caught:
        _authenticate(_request(host), b"{}", [])
    assert caught.value.status == 401 and "CAPTIONCHECK_WEBHOOK_SECRETS" in caught.value.detail


def test_loopback_v6_counts_as_this_machine():
    assert _authenticate(_request("::1", {"webhook-id": "msg_1"}), b"{}", []) == "msg_1"


@pytest.mark.parametrize("headers", [{"host": "rebound.example:8000"}, {"x-forwarded-for": "203.0.113.9"}])
def test_unsigned_through_a_proxy_or_a_rebound_name_is_refused(headers):
    with pytest.raises(Problem) as caught:
        _authenticate(_request("127.0.0.1", headers), b"{}", [])
    assert caught.value.status == 401
