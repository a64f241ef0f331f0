"""State-changing requests a browser sends for another site's page are refused (Sec-Fetch-Site,
Origin); the service's own pages, non-browser clients and API-key callers go through."""

from __future__ import annotations

import re

import httpx
import pytest

from app.http.cross_site import cross_site_reason
from tests.api.secured import ARTICLE, KEY, bearer, running
from tests.fixtures.space import space_clip
from tests.helpers import assert_problem

FOREIGN = [{"sec-fetch-site": "cross-site"}, {"sec-fetch-site": "same-site"},
           {"origin": "http://evil.example"}, {"origin": "null"}, {"origin": "http://127.0.0.1:1"}]


@pytest.fixture(scope="module")
def open_service(tmp_path_factory, text_encoder):
    """No API keys, no webhook secrets, no sign-in: the loopback-only mode a local page could abuse."""
    with running(tmp_path_factory.mktemp("cross-site"), text_encoder, space_clip()) as (url, app):
        yield url, app


@pytest.mark.parametrize("headers", FOREIGN, ids=lambda h: next(iter(h.values())))
def test_a_check_posted_from_another_site_is_refused(open_service, headers):
    url, app = open_service
    problem = assert_problem(httpx.post(f"{url}/v1/checks", json=ARTICLE, headers=headers), 403)
    assert problem["title"] == "Cross-site request refused" and "Nothing was done" in problem["detail"]


def test_a_text_plain_webhook_from_another_site_is_refused(open_service):
    url, app = open_service
    runs_before = len(app.state.service.store.list(limit=200).items)
    response = httpx.post(f"{url}/v1/hooks/prepublish", content=str(ARTICLE).encode(),
                          headers={"content-type": "text/plain", "sec-fetch-site": "cross-site",
                                   "origin": "http://localhost:3000"})
    assert_problem(response, 403)
    assert len(app.state.service.store.list(limit=200).items) == runs_before


def test_a_form_post_from_another_site_is_refused_even_with_the_token(open_service):
    url, _ = open_service
    with httpx.Client(base_url=url, timeout=60) as browser:
        token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/").text).group(1)
        fields = {"csrf_token": token, "headline": "x", "body": "y", "caption-0": "z", "figures": "1"}
        response = browser.post("/", data=fields, files={"image-0": ("", b"", "image/png")},
                                headers={"origin": "http://attacker.example", "accept": "text/html"})
    assert response.status_code == 403 and response.headers["content-type"].startswith("text/html")
    assert "another site" in response.text


def test_the_services_own_page_and_plain_clients_go_through(open_service):
    url, _ = open_service
    own = httpx.post(f"{url}/v1/checks", json=ARTICLE, timeout=120,
                     headers={"origin": url, "sec-fetch-site": "same-origin"})
    assert own.status_code == 201, own.text
    assert httpx.get(f"{url}/v1/checks", headers={"sec-fetch-site": "cross-site"}).status_code == 200  # reads


def test_an_api_key_caller_is_not_asked_where_it_came_from(tmp_path, text_encoder):
    with running(tmp_path, text_encoder, space_clip(), api_keys=KEY) as (url, _):
        response = httpx.post(f"{url}/v1/checks", json=ARTICLE, timeout=120,
                              headers={**bearer(), "sec-fetch-site": "cross-site", "origin": "https://app.example"})
    assert response.status_code == 201, response.text


@pytest.mark.parametrize("headers, own, refused", [
    ({"origin": "https://captioncheck.example"}, ("captioncheck.example",), False),
    ({"origin": "https://captioncheck.example"}, ("captioncheck.example:443",), False),
    ({"origin": "http://[::1]:8000"}, ("[::1]:8000",), False),
    ({"origin": "https://news.example"}, ("10.0.0.5:8000", "news.example"), False),  # a trusted proxy's host
    ({"origin": "https://captioncheck.example.evil"}, ("captioncheck.example",), True),
    ({"origin": "ftp://captioncheck.example"}, ("captioncheck.example",), True),
    ({"origin": "http://a:b:c"}, ("a",), True),
    ({"sec-fetch-site": "none", "origin": "http://elsewhere.example"}, ("here",), False),  # typed by the person
    ({"authorization": "Bearer x", "sec-fetch-site": "cross-site"}, ("here",), False),
    ({"webhook-signature": "v1,abc", "origin": "http://cms.example"}, ("here",), False),
])
def test_origin_rules(headers, own, refused):
    assert (cross_site_reason("POST", headers, own) is not None) is refused
    assert cross_site_reason("GET", headers, own) is None
