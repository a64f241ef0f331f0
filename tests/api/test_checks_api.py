"""/v1/checks over real HTTP."""

from __future__ import annotations

import base64
import json
from concurrent.futures import ThreadPoolExecutor

import httpx

from app.engine.encoders.base import EncoderProvider
from app.server import create_app
from tests.fixtures.space import ASTRONAUT_CAPTION, ROCKET_CAPTION, SPACE, png
from tests.helpers import assert_problem, multipart_article
from tests.live_server import live_server


def test_json_caption_only_check_is_stored_and_needs_no_clip(service_url, clip):
    article = {**SPACE, "figures": [{"image": None, "caption": ROCKET_CAPTION}]}
    created = httpx.post(f"{service_url}/v1/checks", json=article, timeout=60)
    assert created.status_code == 201, created.text
    report = created.json()
    assert created.headers["location"] == f"/v1/checks/{report['id']}"
    assert report["verdict"] == "pass" and report["models"]["clip"] is None
    assert clip.images_encoded == 0
    again = httpx.get(f"{service_url}{created.headers['location']}")
    assert again.status_code == 200 and again.json() == report


def test_multipart_with_uploaded_images(service_url, clip):
    article = {**SPACE, "figures": [{"caption": ROCKET_CAPTION}, {"caption": ASTRONAUT_CAPTION}]}
    response = httpx.post(f"{service_url}/v1/checks", timeout=60,
                          **multipart_article(article, [png(clip, "rocket"), png(clip, "astronaut")]))
    assert response.status_code == 201, response.text
    report = response.json()
    assert report["verdict"] == "pass"
    assert [f["image"]["width"] for f in report["figures"]] == [48, 48]
    assert report["figures"][0]["image"]["source"] == "upload:figure-0"


def test_multipart_article_sent_as_a_file_part(service_url, clip):
    """What `curl -F article=@article.json -F figure-0=@photo.png` sends."""
    article = json.dumps({**SPACE, "figures": [{"caption": ROCKET_CAPTION}]}).encode()
    files = {"article": ("article.json", article, "application/json"),
             "figure-0": ("figure-0.png", png(clip, "rocket"), "image/png")}
    response = httpx.post(f"{service_url}/v1/checks", files=files, timeout=60)
    assert response.status_code == 201, response.text
    assert response.json()["figures"][0]["image"]["source"] == "upload:figure-0"


def test_multipart_swapped_captions_are_blocked(service_url, clip):
    article = {**SPACE, "figures": [{"caption": ASTRONAUT_CAPTION}, {"caption": ROCKET_CAPTION}]}
    report = httpx.post(f"{service_url}/v1/checks", timeout=60,
                        **multipart_article(article, [png(clip, "rocket"), png(clip, "astronaut")])).json()
    assert report["verdict"] == "block"
    assert all("caption_swapped" in [r["code"] for r in f["reasons"]] for f in report["figures"])


def test_data_uri_image_in_json(service_url, clip):
    uri = "data:image/png;base64," + base64.b64encode(png(clip, "rocket")).decode()
    article = {**SPACE, "figures": [{"image": uri, "caption": ROCKET_CAPTION}]}
    response = httpx.post(f"{service_url}/v1/checks", json=article, timeout=60)
    assert response.status_code == 201
    assert response.json()["figures"][0]["verdict"] == "consistent"


def test_local_paths_are_refused_over_http(service_url):
    article = {**SPACE, "figures": [{"image": "/etc/passwd", "caption": ROCKET_CAPTION}]}
    body = assert_problem(httpx.post(f"{service_url}/v1/checks", json=article), 422)
    assert body["field"] == "figures[0].image" and "local file paths" in body["detail"]


def test_private_image_urls_are_refused(service_url):
    article = {**SPACE, "figures": [{"image": f"{service_url}/healthz", "caption": ROCKET_CAPTION}]}
    body = assert_problem(httpx.post(f"{service_url}/v1/checks", json=article), 422)
    assert "CAPTIONCHECK_ALLOW_PRIVATE_URLS" in body["detail"]


def test_bad_inputs_get_clear_problems(service_url, clip):
    url = f"{service_url}/v1/checks"
    assert_problem(httpx.post(url, content=b"{not json", headers={"content-type": "application/json"}), 400)
    assert_problem(httpx.post(url, content=b"hello", headers={"content-type": "text/plain"}), 415)
    missing = assert_problem(httpx.post(url, json={**SPACE, "figures": [{"image": None}]}), 422)
    assert missing["field"] == "figures[0].caption"
    blank = assert_problem(httpx.post(url, json={**SPACE, "headline": " \n\t"}), 422, "headline is empty")
    assert blank["field"] == "headline"  # as the web form says "Enter the headline."
    markup = assert_problem(httpx.post(url, json={**SPACE, "headline": "<b></b>"}), 422, "no text once HTML")
    assert markup["field"] == "headline"
    no_article = assert_problem(httpx.post(url, files={"figure-0": ("a.png", png(clip, "rocket"), "image/png")}), 422)
    assert no_article["field"] == "article"
    stray = {**SPACE, "figures": [{"caption": ROCKET_CAPTION}]}
    extra = assert_problem(httpx.post(url, **multipart_article(stray, [png(clip, "rocket"), png(clip, "kitten")])), 422)
    assert extra["field"] == "figure-1"
    broken = assert_problem(httpx.post(url, **multipart_article(stray, [b"not an image"])), 422)
    assert "not a readable image" in broken["detail"]
    assert_problem(httpx.get(f"{url}/does-not-exist"), 404)
    assert_problem(httpx.get(url, params={"cursor": "garbage"}), 422)


def test_oversized_body_is_refused_before_reading(settings, text_encoder, clip):
    small = settings.model_copy(update={"max_request_bytes": 10_000})
    app = create_app(small, encoders=EncoderProvider(lambda: text_encoder, lambda: clip))
    with live_server(app) as url:
        article = {**SPACE, "body": SPACE["body"] * 200, "figures": []}
        assert_problem(httpx.post(f"{url}/v1/checks", json=article), 413)


def test_listing_is_newest_first_and_paginated(service_url):
    ids = []
    for n in range(3):
        article = {**SPACE, "id": f"a{n}", "figures": [{"image": None, "caption": ROCKET_CAPTION}]}
        ids.append(httpx.post(f"{service_url}/v1/checks", json=article, timeout=60).json()["id"])
    first = httpx.get(f"{service_url}/v1/checks", params={"limit": 2})
    assert first.status_code == 200
    page = first.json()
    assert [item["id"] for item in page["items"]] == ids[::-1][:2]
    assert 'rel="next"' in first.headers["link"]
    rest = httpx.get(f"{service_url}/v1/checks", params={"limit": 2, "cursor": page["next_cursor"]}).json()
    assert [item["id"] for item in rest["items"]] == [ids[0]]
    assert rest["next_cursor"] is None


def test_ten_concurrent_four_image_requests_all_succeed(service_url, clip):
    article = {**SPACE, "figures": [{"caption": ROCKET_CAPTION}, {"caption": ASTRONAUT_CAPTION},
                                    {"caption": ROCKET_CAPTION}, {"caption": ASTRONAUT_CAPTION}]}
    images = [png(clip, c) for c in ("rocket", "astronaut", "rocket", "astronaut")]

    def post(_: int) -> httpx.Response:
        return httpx.post(f"{service_url}/v1/checks", timeout=120, **multipart_article(article, images))

    with ThreadPoolExecutor(max_workers=10) as pool:
        responses = list(pool.map(post, range(10)))
    assert [r.status_code for r in responses] == [201] * 10
    assert len({r.json()["id"] for r in responses}) == 10
    assert 2 <= clip.images_encoded <= 40  # two distinct images; repeats may come from the cache


def test_rechecking_an_unchanged_article_runs_no_model(service_url, clip, text_encoder, monkeypatch):
    article = {**SPACE, "figures": [{"caption": ROCKET_CAPTION}, {"caption": ASTRONAUT_CAPTION}]}
    images = [png(clip, "rocket"), png(clip, "astronaut")]
    first = httpx.post(f"{service_url}/v1/checks", timeout=60, **multipart_article(article, images)).json()
    encoded_images = clip.images_encoded
    calls: list[int] = []
    monkeypatch.setattr(clip, "encode_texts", lambda texts: calls.append(len(texts)) or [])
    monkeypatch.setattr(text_encoder, "encode", lambda texts: calls.append(len(texts)) or [])
    again = httpx.post(f"{service_url}/v1/checks", timeout=60, **multipart_article(article, images)).json()
    assert clip.images_encoded == encoded_images and calls == []
    assert again["id"] != first["id"]
    assert [f["scores"] for f in again["figures"]] == [f["scores"] for f in first["figures"]]


def test_health_and_readiness(service_url):
    assert httpx.get(f"{service_url}/healthz").json() == {"status": "ok"}
    ready = httpx.get(f"{service_url}/readyz")
    assert ready.status_code == 200 and ready.json()["models"] and ready.json()["database"]


def test_reports_survive_a_restart(settings, text_encoder, clip):
    article = {**SPACE, "figures": [{"image": None, "caption": ROCKET_CAPTION}]}

    def app():
        return create_app(settings, encoders=EncoderProvider(lambda: text_encoder, lambda: clip))

    with live_server(app()) as url:
        created = httpx.post(f"{url}/v1/checks", json=article, timeout=60).json()
    with live_server(app()) as url:
        again = httpx.get(f"{url}/v1/checks/{created['id']}")
    assert again.status_code == 200 and again.json() == created


def test_oversized_form_post_gets_an_html_page_not_json(settings, text_encoder, clip):
    small = settings.model_copy(update={"max_request_bytes": 10_000})
    app = create_app(small, encoders=EncoderProvider(lambda: text_encoder, lambda: clip))
    with live_server(app) as url:
        response = httpx.post(f"{url}/", data={"headline": "h", "body": "x" * 20_000},
                              headers={"accept": "text/html"})
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html")
    assert "Too much to upload" in response.text and "CAPTIONCHECK_MAX_REQUEST_BYTES" in response.text
