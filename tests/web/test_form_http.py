"""The web form over plain HTTP: labelled fields, errors next to their field, report, list, thumbnails."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.controlled import ControlledClip
from tests.web import ASTRONAUT_CAPTION, BODY, CONCEPTS, HEADLINE, PUBLISHED, ROCKET_CAPTION, png, web_service


PAGE_SIZE = 2


@pytest.fixture(scope="module")
def clip() -> ControlledClip:
    return ControlledClip(CONCEPTS)


@pytest.fixture(scope="module")
def client(tmp_path_factory, text_encoder, clip):
    with web_service(tmp_path_factory.mktemp("web-http"), text_encoder, clip, page_size=PAGE_SIZE) as url:
        with httpx.Client(base_url=url, timeout=120) as http:
            yield http


def _article_fields(**extra: str) -> dict[str, str]:
    return {"headline": HEADLINE, "body": BODY, "published": PUBLISHED, "figures": "3", **extra}


def _submit(client: httpx.Client, fields: dict[str, str], files: dict[str, tuple]) -> httpx.Response:
    # Browsers send every file input, chosen or not: an empty one has filename "" and no bytes.
    files = {f"image-{i}": ("", b"", "application/octet-stream") for i in range(3)} | files
    return client.post("/", data={"csrf_token": csrf_token(client), **fields}, files=files)


def csrf_token(client: httpx.Client) -> str:
    """The form's CSRF token, as a browser gets it: from the page (its session cookie kept by the client)."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text)
    assert match, "the form has no CSRF token"
    return match.group(1)


def _check_id(response: httpx.Response) -> str:
    assert response.status_code == 303, response.text
    match = re.fullmatch(r".*/checks/([^/]+)", response.headers["location"])
    assert match, response.headers["location"]
    return match.group(1)


def _slots(html: str) -> int:
    """How many figure fieldsets the form shows (the script's <template> has no number)."""
    return len(re.findall(r"<legend>Figure \d+</legend>", html))


def _element(html: str, element_id: str) -> str:
    match = re.search(rf'<[^>]*\bid="{re.escape(element_id)}"[^>]*>', html)
    assert match, f"no element with id {element_id!r}"
    return match.group(0)


def test_form_has_labelled_fields(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert '<html lang="en">' in html
    assert 'enctype="multipart/form-data"' in html and 'method="post"' in html
    for field in ("headline", "body", "published", "image-0", "caption-0", "credit-0", "image-2", "caption-2"):
        assert f'<label for="{field}"' in html, field
        assert f'name="{field}"' in html, field
    assert 'type="date"' in _element(html, "published")
    assert _slots(html) == 3
    assert "Add more figure slots" in html


def test_more_figure_slots_without_javascript(client):
    html = client.get("/", params={"figures": "7"}).text
    assert _slots(html) == 7
    assert "caption-6" in html
    assert _slots(client.get("/", params={"figures": "100000"}).text) == 50
    assert client.get("/", params={"figures": "junk"}).status_code == 200


def test_photo_without_caption_is_an_error_next_to_the_caption(client, clip):
    fields = _article_fields(**{"caption-0": ROCKET_CAPTION, "caption-1": ""})
    files = {"image-0": ("rocket.png", png(clip, "rocket"), "image/png"),
             "image-1": ("astronaut.png", png(clip, "astronaut"), "image/png")}
    response = _submit(client, fields, files)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    caption_field = re.search(r'<label for="caption-1">.*?</textarea>', html, re.DOTALL).group(0)
    assert "Write a caption for this photo" in caption_field
    assert 'aria-describedby="caption-1-error"' in _element(html, "caption-1")
    assert 'aria-invalid="true"' in _element(html, "caption-1")
    assert "There is a problem" in html and 'href="#caption-1"' in html
    # What the user typed is kept; the files are not, and the page says so next to the file input.
    assert f'value="{HEADLINE}"' in html and BODY.replace("'", "&#39;") in html
    assert ROCKET_CAPTION in html
    assert "You had chosen “astronaut.png”" in html and "choose it again" in html


def test_unreadable_image_is_an_error_next_to_the_file_input(client):
    fields = _article_fields(**{"caption-0": ROCKET_CAPTION})
    response = _submit(client, fields, {"image-0": ("rocket.png", b"this is not a picture", "image/png")})
    assert response.status_code == 422
    html = response.text
    image_field = re.search(r'<label for="image-0">.*?<input[^>]*id="image-0"[^>]*>', html, re.DOTALL).group(0)
    assert "not an image that can be read" in image_field
    assert "image-0-error" in _element(html, "image-0")


def test_missing_headline_and_bad_date_are_shown_next_to_their_fields(client):
    fields = _article_fields(headline="", **{"caption-0": ROCKET_CAPTION})
    html = _submit(client, fields, {}).text
    assert "Enter the headline." in html and 'aria-describedby="headline-error"' in _element(html, "headline")
    html = _submit(client, _article_fields(published="31/02/2024", **{"caption-0": ROCKET_CAPTION}), {}).text
    assert "published-error" in _element(html, "published")
    assert "31/02/2024" in html


def test_empty_form_asks_for_a_figure(client):
    response = _submit(client, _article_fields(), {})
    assert response.status_code == 422
    assert "Add at least one figure" in response.text


def test_check_report_thumbnail_and_list(client, clip):
    fields = _article_fields(**{"caption-0": ROCKET_CAPTION, "credit-0": "Agency photo",
                                "caption-2": ASTRONAUT_CAPTION})  # slot 1 left empty: ignored
    check_id = _check_id(_submit(client, fields, {"image-0": ("r.png", png(clip, "rocket"), "image/png")}))

    page = client.get(f"/checks/{check_id}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "Overall verdict" in html and HEADLINE in html
    assert html.count('class="card ') == 2
    assert f'src="/checks/{check_id}/figures/0/thumbnail"' in html
    assert "No photo: checked on the caption alone" in html  # figure 2 (slot 2) had no photo

    thumb = client.get(f"/checks/{check_id}/figures/0/thumbnail")
    assert thumb.status_code == 200
    assert thumb.headers["content-type"] == "image/jpeg" and thumb.content[:3] == b"\xff\xd8\xff"
    missing = client.get(f"/checks/{check_id}/figures/1/thumbnail")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")

    listing = client.get("/checks")
    assert listing.status_code == 200
    assert f'href="/checks/{check_id}"' in listing.text and HEADLINE in listing.text


def test_list_pages_with_the_cursor(client):
    made = []
    for n in range(PAGE_SIZE + 1):
        fields = _article_fields(headline=f"Rocket launch number {n}", **{"caption-0": ROCKET_CAPTION})
        made.append(_check_id(_submit(client, fields, {})))
    seen: list[str] = []
    html = client.get("/checks").text
    while True:
        rows = re.findall(r'<tr data-check="([^"]+)">', html)
        assert 0 < len(rows) <= PAGE_SIZE
        seen += rows
        older = re.search(r'<a href="(/checks\?before=[^"]+)" rel="next">Older checks</a>', html)
        if not older:
            break
        html = client.get(older.group(1).replace("&amp;", "&")).text
        assert "Newest checks" in html
    assert seen[:PAGE_SIZE + 1] == made[::-1]  # newest first
    assert len(seen) == len(set(seen))
    bad = client.get("/checks", params={"before": "not-a-cursor"})
    assert bad.status_code == 400 and "not valid" in bad.text


def test_unknown_check_is_a_friendly_html_404(client):
    response = client.get("/checks/no-such-check")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "There is no check with this id" in response.text
    assert client.get("/checks/no-such-check/figures/0/thumbnail").status_code == 404
    assert client.get("/checks/no-such-check/figures/x/thumbnail").headers["content-type"].startswith("text/html")


def test_everything_typed_is_escaped(client):
    fields = _article_fields(headline="<script>alert(1)</script>", **{"caption-0": "<b>rocket</b>", "caption-1": ""})
    html = _submit(client, fields, {"image-1": ("x.png", b"junk", "image/png")}).text
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<b>rocket</b>" not in html


def test_the_maximum_number_of_figures_can_be_sent(tmp_path, text_encoder, clip):
    """Every field a browser sends with every slot shown: the CSRF token is a field too."""
    most = 4
    with web_service(tmp_path, text_encoder, clip, max_figures=most) as url:
        with httpx.Client(base_url=url, timeout=120) as http:
            fields = {"csrf_token": csrf_token(http), "headline": HEADLINE, "body": BODY,
                      "published": PUBLISHED, "figures": str(most)}
            for i in range(most):
                fields |= {f"caption-{i}": ROCKET_CAPTION, f"credit-{i}": "Agency photo"}
            files = {f"image-{i}": (f"r{i}.png", png(clip, "rocket"), "image/png") for i in range(most)}
            response = http.post("/", data=fields, files=files)
            report = http.get(f"/checks/{_check_id(response)}").text
    assert report.count('class="card ') == most


def test_a_form_with_more_fields_than_any_browser_sends_gets_the_form_page_back(client):
    fields = _article_fields(**{f"extra-{i}": "x" for i in range(200)})
    response = _submit(client, fields, {})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert "could not be read" in response.text and 'name="headline"' in response.text
