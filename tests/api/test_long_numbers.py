"""A JSON number past the interpreter's digit cap is a 400 problem on every JSON endpoint, never a 500."""

from __future__ import annotations

import json
import sys

import httpx
import pytest

from tests.fixtures.space import ROCKET_CAPTION, SPACE, space_clip
from tests.helpers import assert_problem
from tests.webhooks.conftest import make_settings, serve, signed

ARTICLE = {**SPACE, "figures": [{"image": None, "caption": ROCKET_CAPTION}]}
LONG_NUMBER = "9" * (sys.get_int_max_str_digits() + 1)
BODY = json.dumps({**ARTICLE, "wire_ref": 0}).replace('"wire_ref": 0', f'"wire_ref": {LONG_NUMBER}').encode()
JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def hooks(tmp_path_factory, text_encoder):
    with serve(make_settings(tmp_path_factory.mktemp("numbers")), text_encoder, space_clip()) as service:
        yield service


def test_checks_json_body(service_url):
    response = httpx.post(f"{service_url}/v1/checks", content=BODY, headers=JSON, timeout=60)
    assert assert_problem(response, 400, "digits")["title"] == "Malformed JSON"
    # the connection survives: the next request on a fresh client is answered normally
    assert httpx.get(f"{service_url}/healthz", timeout=10).status_code == 200


def test_checks_multipart_article_field(service_url):
    response = httpx.post(f"{service_url}/v1/checks", data={"article": BODY.decode()},
                          files={"x": ("", b"", "text/plain")}, timeout=60)
    assert assert_problem(response, 422, "digits")["field"] == "article"


def test_webhook_body(hooks):
    assert_problem(hooks.post(BODY, signed(BODY)), 400, "digits")
    assert hooks.runs == []
