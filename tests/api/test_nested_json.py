"""Deeply nested JSON bodies get a 400 problem on every JSON endpoint, never a 500."""

from __future__ import annotations

import json

import httpx
import pytest

from app.http.json_body import MAX_DEPTH
from tests.fixtures.space import ROCKET_CAPTION, SPACE
from tests.helpers import assert_problem
from tests.webhooks.conftest import make_settings, serve, signed

ARTICLE = {**SPACE, "figures": [{"image": None, "caption": ROCKET_CAPTION}]}
ABYSS = b"[" * 100_000 + b"]" * 100_000  # past the parser's recursion limit
JSON = {"content-type": "application/json"}


def nested(levels: int) -> object:
    value: object = "bottom"
    for _ in range(levels):
        value = {"deeper": value}
    return value


def deep_inside(levels: int) -> bytes:
    """A valid article with one extra field nested `levels` deep (the parser copes; what follows must not)."""
    return json.dumps({**ARTICLE, "notes": nested(levels)}).encode()


@pytest.fixture(scope="module")
def hooks(tmp_path_factory, text_encoder):
    from tests.fixtures.space import space_clip

    with serve(make_settings(tmp_path_factory.mktemp("nested")), text_encoder, space_clip()) as service:
        yield service


@pytest.mark.parametrize("body", [ABYSS, deep_inside(900)], ids=["past-the-parser", "inside-the-parser"])
def test_checks_json_body(service_url, body):
    problem = assert_problem(httpx.post(f"{service_url}/v1/checks", content=body, headers=JSON, timeout=60), 400)
    assert str(MAX_DEPTH) in problem["detail"]


def test_checks_multipart_article_field(service_url):
    form = {"article": ABYSS.decode()}
    response = httpx.post(f"{service_url}/v1/checks", data=form, files={"x": ("", b"", "text/plain")}, timeout=60)
    assert_problem(response, 400, "levels deep")


@pytest.mark.parametrize("body", [ABYSS, deep_inside(900)], ids=["past-the-parser", "inside-the-parser"])
def test_webhook_body(hooks, body):
    assert_problem(hooks.post(body, signed(body)), 400, "levels deep")
    assert hooks.runs == []


def test_depth_at_the_limit_is_still_checked(service_url):
    body = deep_inside(MAX_DEPTH - 1)  # the article object counts as one level
    assert httpx.post(f"{service_url}/v1/checks", content=body, headers=JSON, timeout=60).status_code == 201
