"""The result page shows what the photo itself says, in a real browser (Debian's Chromium):
the offline banner when the service has no CLIP weights (and none when it has a model),
the photo file's metadata beside the draft caption, and the text read in the photo listed
and boxed on its thumbnail. The photo's IPTC caption is hostile HTML: it must show as text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from app.engine.encoders.base import EncoderProvider
from app.errors import ModelUnavailable
from app.server import create_app
from app.settings import Settings
from tests.controlled import ControlledClip
from tests.engine.photo_metadata.fixtures import exiftool
from tests.fixtures.evidence_photo import HOSTILE_CAPTION, NAIROBI, NAIROBI_CAPTION, box_pixels, lagos_photo
from tests.live_server import live_server
from tests.web import BODY, CONCEPTS, HEADLINE, PUBLISHED, ROCKET_CAPTION, png, web_service

__all__ = ["exiftool"]  # fixture
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-component-update", "--disable-sync"]
CHECK_TIMEOUT_MS = 120_000  # the real sentence model and OCR run on CPU
BANNER = "Image–caption checks are off: no CLIP weights — how to add them"
WHY = "no CLIP weights in this test"

pytestmark = pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                                reason=f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)")


def no_clip():
    raise ModelUnavailable(WHY)


@pytest.fixture(scope="module")
def offline_url(tmp_path_factory, text_encoder) -> Iterator[str]:
    """A live service whose CLIP weights are missing."""
    folder = tmp_path_factory.mktemp("web-offline")
    settings = Settings(data_dir=folder, models_dir=folder / "models")
    with live_server(create_app(settings, encoders=EncoderProvider(lambda: text_encoder, no_clip))) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _open_form(browser: Browser, base_url: str) -> tuple[Page, list[str]]:
    """The form in a fresh context; the list collects any dialog a script would open."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    context.set_default_timeout(CHECK_TIMEOUT_MS)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{base_url}/")
    return page, dialogs


def _check(page: Page, story: dict[str, str], caption: str, photo: Path | None) -> None:
    page.get_by_label("Headline").fill(story["headline"])
    page.get_by_label("Article text").fill(story["body"])
    page.get_by_label("Publication date").fill(story["published"])
    figure = page.get_by_role("group", name="Figure 1", exact=True)
    if photo is not None:
        figure.get_by_label("Photo").set_input_files(photo)
    figure.get_by_label("Caption").fill(caption)
    page.get_by_role("button", name="Check article").click()
    page.wait_for_url("**/checks/*")


def test_offline_the_report_shows_the_banner_the_file_s_metadata_and_the_text_boxed(
        browser, offline_url, tmp_path, exiftool):
    photo = tmp_path / "lagos.jpg"
    photo.write_bytes(lagos_photo())
    page, dialogs = _open_form(browser, offline_url)
    banner = page.locator("#no-clip")
    expect(banner.get_by_role("heading", level=2)).to_contain_text(BANNER)
    expect(banner).to_contain_text("captioncheck models download")
    expect(banner).to_contain_text("docs/models.md")
    expect(banner).to_contain_text(f"Why: {WHY}")

    _check(page, NAIROBI, NAIROBI_CAPTION, photo)
    expect(page.locator("#no-clip")).to_contain_text(BANNER)
    card = page.locator("#figure-0")
    expect(card.locator("h3 .badge")).to_have_text("✕ Mismatch")
    for code in ("image_text_conflict", "photo_metadata_conflict", "image_not_checked"):
        expect(card.locator(f".reason[data-code='{code}']")).to_have_count(1)

    # What the file says, beside the draft caption; the hostile IPTC caption is only text.
    expect(card.locator("tr[data-field='caption'] td").first).to_have_text(HOSTILE_CAPTION)
    expect(card.locator("tr[data-field='place'] td").first).to_have_text("Lagos, Nigeria Disagrees")
    expect(card.locator("tr[data-field='place'] .from")).to_have_text("IPTC City, Country-PrimaryLocationName")
    expect(card.locator("tr[data-field='date'] td").first).to_have_text("2024-06-20")
    expect(card.locator("tr[data-field='credit'] td").first).to_have_text("Example Wire")
    expect(card.locator("tr[data-field='byline'] td").first).to_have_text("A. Photographer")
    assert page.locator("img[src='x']").count() == 0 and page.locator("main script").count() == 0

    # The words read, listed, and boxed on the photo the page shows.
    assert card.locator(".words li").all_inner_texts()[:5] == ["LAGOS", "SAYS", "NO", "TO", "FUEL"]
    picture = card.get_by_role("img", name="Photo of figure 1, with the text read in it boxed")
    expect(picture).to_be_visible()
    assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
    boxed = page.request.get(offline_url + picture.get_attribute("src"))
    plain = page.request.get(offline_url + picture.get_attribute("src").replace("/text-boxes", "/thumbnail"))
    assert boxed.ok and boxed.headers["content-type"] == "image/jpeg"
    assert box_pixels(boxed.body()) > box_pixels(plain.body()) + 150
    missing = re.sub(r"/figures/0/", "/figures/5/", picture.get_attribute("src"))
    assert page.request.get(offline_url + missing).status == 404
    assert page.request.get(offline_url + missing.replace("/5/", "/x/")).status == 404
    assert dialogs == []
    page.screenshot(path=tmp_path / "report-offline.png", full_page=True)
    page.context.close()


def test_offline_a_caption_only_check_also_says_image_checks_are_off(browser, offline_url):
    page, _ = _open_form(browser, offline_url)
    _check(page, NAIROBI, NAIROBI_CAPTION, None)
    expect(page.locator("#no-clip")).to_contain_text(BANNER)
    expect(page.locator("#figure-0 .no-photo")).to_be_visible()
    expect(page.locator("#figure-0 .file-says")).to_have_count(0)
    page.context.close()


def test_with_a_clip_model_there_is_no_banner(browser, tmp_path_factory, text_encoder, tmp_path):
    clip = ControlledClip(CONCEPTS)
    photo = tmp_path / "rocket.png"
    photo.write_bytes(png(clip, "rocket"))
    with web_service(tmp_path_factory.mktemp("web-clip"), text_encoder, clip) as url:
        page, _ = _open_form(browser, url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.locator("#no-clip")).to_have_count(0)
        _check(page, {"headline": HEADLINE, "body": BODY, "published": PUBLISHED}, ROCKET_CAPTION, photo)
        expect(page.locator("#verdict")).to_contain_text("Pass")
        expect(page.locator("#no-clip")).to_have_count(0)
        expect(page.locator(".models")).to_contain_text("controlled-test-encoder")
        expect(page.locator(".reason[data-code='image_not_checked']")).to_have_count(0)
        expect(page.get_by_role("img", name="Photo of figure 1")).to_have_attribute("src", re.compile("/thumbnail$"))
        expect(page.locator("#figure-0 .words")).to_have_count(0)
        page.context.close()
