"""Fuzzing: schemathesis over the service's own OpenAPI schema (never a 5xx), and hypothesis on
`parse_article` (an article or an InputError, nothing else).

Short by default for CI; CAPTIONCHECK_FUZZ_EXAMPLES=500 runs a longer campaign.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.engine.encoders.base import EncoderProvider
from app.errors import InputError
from app.server import create_app
from app.inputs import parse_article
from app.schema import ArticleIn
from app.settings import Settings
from tests.api.secured import KEY, bearer, running
from tests.fixtures.space import space_clip

EXAMPLES = int(os.environ.get("CAPTIONCHECK_FUZZ_EXAMPLES", "12"))
_SCHEMA_APP = create_app(Settings(api_keys=KEY), encoders=EncoderProvider(lambda: None, lambda: None))
schema = schemathesis.openapi.from_dict(_SCHEMA_APP.openapi())
_FAST = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                 suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def target(tmp_path_factory, text_encoder):
    overrides = {"api_keys": KEY, "rate_limit_per_min": 0, "fetch_timeout_s": 2.0, "max_figures": 8}
    with running(tmp_path_factory.mktemp("fuzz"), text_encoder, space_clip(), **overrides) as (url, _):
        yield url


@pytest.mark.fuzz
@pytest.mark.slow
@schema.parametrize()
@_FAST
def test_no_generated_request_gets_a_server_error(case, target):
    response = case.call(base_url=target, headers=bearer(), timeout=60)
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code} {response.text}"


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
_figure = st.fixed_dictionaries({}, optional={"caption": _json | st.text(), "image": _json, "credit": _json,
                                              "alt": _json})
_article = st.fixed_dictionaries({}, optional={
    "headline": _json | st.text(), "body": _json | st.text(), "published": _json | st.dates().map(str),
    "figures": _json | st.lists(_figure, max_size=3), "id": _json, "url": _json})


@pytest.mark.fuzz
@given(st.one_of(_json, _article))
@settings(max_examples=EXAMPLES * 25, deadline=None, database=None)
def test_parse_article_answers_an_article_or_an_input_error(data):
    try:
        article = parse_article(data)
    except InputError as error:
        assert str(error) and (error.field is None or isinstance(error.field, str))
    else:
        assert isinstance(article, ArticleIn) and article.headline and article.body


@pytest.mark.fuzz
@given(st.text(min_size=1).filter(str.strip), st.text(min_size=1).filter(str.strip),
       st.lists(st.text(min_size=1).filter(str.strip), max_size=3))
@settings(max_examples=EXAMPLES * 10, deadline=None, database=None)
def test_parse_article_keeps_what_it_was_given(headline, body, captions):
    article = parse_article({"headline": headline, "body": body, "figures": [{"caption": c} for c in captions]})
    assert article.headline == headline and article.body == body
    assert [f.caption for f in article.figures] == [c.strip() for c in captions]


_text = st.text(st.characters(codec="utf-8"), min_size=1, max_size=300).filter(str.strip)
_caption_only = st.fixed_dictionaries({
    "headline": _text, "body": _text,
    "published": st.none() | st.dates().map(str) | st.datetimes().map(lambda d: d.isoformat()),
    "figures": st.lists(st.fixed_dictionaries({"caption": _text, "image": st.none()}), max_size=3)})


@pytest.mark.fuzz
@pytest.mark.slow
@given(_caption_only)
@_FAST
def test_odd_but_valid_articles_are_checked_or_refused_never_5xx(target, article):
    import httpx

    response = httpx.post(f"{target}/v1/checks", json=article, headers=bearer(), timeout=60)
    assert response.status_code in (201, 422), response.text
