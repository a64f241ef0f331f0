"""API keys on /v1/* and /metrics; with none set, this machine only (the webhook keeps its signatures)."""

from __future__ import annotations

import httpx
import pytest

from app.http.access import ApiKeys, ConfigError, is_local_request, is_loopback_host_header
from tests.api.secured import ARTICLE, KEY, OTHER_KEY, bearer, build, from_elsewhere, running
from tests.helpers import assert_problem


@pytest.fixture(scope="module")
def keyed(tmp_path_factory, text_encoder):
    from tests.fixtures.space import space_clip

    folder = tmp_path_factory.mktemp("keyed")
    with running(folder, text_encoder, space_clip(), api_keys=f"{KEY}, {OTHER_KEY}") as (url, app):
        yield url, app


def test_no_key_is_401_with_a_bearer_challenge(keyed):
    url, _ = keyed
    body = assert_problem(httpx.post(f"{url}/v1/checks", json=ARTICLE), 401)
    assert "Authorization: Bearer" in body["detail"]
    missing = httpx.get(f"{url}/v1/checks")
    assert missing.headers["www-authenticate"] == 'Bearer realm="captioncheck"'


@pytest.mark.parametrize("header", ["Bearer not-one-of-the-keys", f"Basic {KEY}", f"Bearer {KEY}x", "Bearer"])
def test_a_wrong_key_or_scheme_is_refused(keyed, header):
    url, _ = keyed
    response = httpx.get(f"{url}/v1/checks", headers={"authorization": header})
    assert_problem(response, 401)
    assert response.headers["www-authenticate"].startswith('Bearer realm="captioncheck"')


def test_each_configured_key_works_even_from_loopback_only_with_it(keyed):
    url, _ = keyed
    created = httpx.post(f"{url}/v1/checks", json=ARTICLE, headers=bearer(), timeout=60)
    assert created.status_code == 201, created.text
    again = httpx.get(f"{url}{created.headers['location']}", headers=bearer(OTHER_KEY))
    assert again.status_code == 200 and again.json()["id"] == created.json()["id"]


def test_keys_are_accepted_from_other_machines(keyed):
    _, app = keyed
    # The guard lets it through; the route then fails only because this test client runs no lifespan.
    assert from_elsewhere(app, "GET", "/v1/checks/nope", headers=bearer()).status_code != 401
    assert from_elsewhere(app, "GET", "/v1/checks/nope").status_code == 401


def test_health_docs_and_webhook_do_not_take_api_keys(keyed):
    url, _ = keyed
    assert httpx.get(f"{url}/healthz").status_code == 200
    assert httpx.get(f"{url}/openapi.json").status_code == 200
    hook = httpx.post(f"{url}/v1/hooks/prepublish", json={**ARTICLE, "captioncheck": {"images": "skip"}}, timeout=60)
    assert hook.status_code == 200, hook.text  # no secrets set: unsigned from loopback, as before


def test_metrics_need_a_key_when_keys_are_set(keyed):
    url, _ = keyed
    assert httpx.get(f"{url}/metrics").status_code == 401
    assert httpx.get(f"{url}/metrics", headers=bearer()).status_code == 200


def test_without_keys_other_machines_are_refused(tmp_path, text_encoder):
    app = build(tmp_path, text_encoder, None)
    for method, path in (("GET", "/v1/checks"), ("POST", "/v1/checks"), ("GET", "/metrics")):
        body = assert_problem(from_elsewhere(app, method, path), 403)
        assert "CAPTIONCHECK_API_KEYS" in body["detail"]
    assert from_elsewhere(app, "GET", "/healthz").status_code == 200


@pytest.mark.parametrize("headers", [{"host": "attacker.example"}, {"x-forwarded-for": "203.0.113.9"},
                                     {"forwarded": "for=203.0.113.9"}])
def test_without_keys_rebound_or_proxied_requests_are_refused(tmp_path, text_encoder, headers):
    app = build(tmp_path, text_encoder, None)
    assert_problem(from_elsewhere(app, "GET", "/v1/checks", client="127.0.0.1", headers=headers), 403)


def test_local_request_rules():
    assert is_local_request("127.0.0.1", {"host": "127.0.0.1:8000"})
    assert is_local_request("::1", {"host": "[::1]:8000"})
    assert is_local_request("127.0.0.1", {"host": "localhost"})
    assert not is_local_request("10.0.0.2", {"host": "127.0.0.1"})
    assert not is_local_request("127.0.0.1", {"host": "evil.example:8000"})
    assert not is_loopback_host_header("127.0.0.1.evil.example")


def test_keys_are_checked_by_digest_and_must_be_long_enough():
    keys = ApiKeys.parse(f"{KEY},{OTHER_KEY}")
    assert keys.match(KEY) == keys.match(KEY) and keys.match(KEY).startswith("key-")
    assert keys.match(KEY) != keys.match(OTHER_KEY)
    assert keys.match("nope") is None and KEY not in repr(keys)
    with pytest.raises(ConfigError, match="key number 2") as caught:
        ApiKeys.parse(f"{KEY},short")
    assert "tiny-secret" not in str(caught.value)


def test_webhook_status_takes_an_api_key_but_webhook_posts_do_not(keyed):
    url, _ = keyed
    assert httpx.get(f"{url}/v1/hooks/prepublish/msg_unknown").status_code == 401
    assert httpx.get(f"{url}/v1/hooks/prepublish/msg_unknown", headers=bearer()).status_code == 404
