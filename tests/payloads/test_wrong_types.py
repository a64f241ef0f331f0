"""CMS payloads whose fields have the wrong JSON type get a 422 naming the field, never a 500 (through the webhook)."""

from __future__ import annotations

import pytest

from tests.fixtures.space import space_clip
from tests.helpers import assert_problem
from tests.webhooks.conftest import encode, make_settings, serve, signed

TEXT = [{"type": "text", "content": "Farmers began the harvest."}]
WP_CONTENT = {"rendered": "<p>Farmers began the harvest.</p>"}


@pytest.fixture(scope="module")
def hooks(tmp_path_factory, text_encoder):
    with serve(make_settings(tmp_path_factory.mktemp("types")), text_encoder, space_clip()) as service:
        yield service


@pytest.mark.parametrize("story, field", [
    ({"type": "story", "headlines": {"basic": 5}, "content_elements": TEXT}, "headlines.basic"),
    ({"type": "story", "headlines": {"basic": ["Harvest"]}, "content_elements": TEXT}, "headlines.basic"),
    ({"type": "story", "headlines": {"basic": "Harvest"}, "content_elements": [{"type": ["text"], "content": "x"}]},
     "content_elements"),
], ids=["number-headline", "list-headline", "list-element-type"])
def test_arc_story(hooks, story, field):
    body = encode(story, format="arc", images="skip")
    assert assert_problem(hooks.post(body, signed(body)), 422)["field"] == field
    assert hooks.runs == []


@pytest.mark.parametrize("embedded", ["x", 5, {"wp:featuredmedia": {"0": {}}}], ids=["string", "number", "object"])
def test_wordpress_post_with_an_odd_embedded_block_is_checked_without_it(hooks, embedded):
    post = {"id": 7, "title": {"rendered": "Harvest begins"}, "content": WP_CONTENT, "_embedded": embedded}
    body = encode(post, format="wordpress", images="skip")
    response = hooks.post(body, signed(body))
    assert response.status_code == 200, response.text
    assert response.json()["figures"] == []


def test_wordpress_post_with_a_number_for_its_title(hooks):
    body = encode({"id": 7, "title": {"rendered": 42}, "content": WP_CONTENT}, format="wordpress", images="skip")
    assert assert_problem(hooks.post(body, signed(body)), 422)["field"] == "title.rendered"
