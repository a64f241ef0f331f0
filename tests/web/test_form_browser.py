"""The web form in a real browser: Debian's Chromium driven by Playwright (sync API).

Fills the form with two photos and their captions, submits, and reads the badges and
reasons on the result page; once with the right captions, once with them swapped,
and once with JavaScript switched off.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.controlled import ControlledClip
from tests.web import ASTRONAUT_CAPTION, BODY, CONCEPTS, HEADLINE, PUBLISHED, ROCKET_CAPTION, png, web_service

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-dev-shm-usage", "--no-first-run", "--disable-component-update", "--disable-sync",
]
LAPTOP = {"width": 1366, "height": 768}
CHECK_TIMEOUT_MS = 120_000  # the real sentence model runs on CPU

pytestmark = pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                                reason=f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)")


@pytest.fixture(scope="module")
def clip() -> ControlledClip:
    return ControlledClip(CONCEPTS)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory, text_encoder, clip):
    with web_service(tmp_path_factory.mktemp("web-browser"), text_encoder, clip) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def images(tmp_path, clip) -> dict[str, Path]:
    paths = {}
    for concept in CONCEPTS:
        paths[concept] = tmp_path / f"{concept}.png"
        paths[concept].write_bytes(png(clip, concept))
    return paths


def _open_form(browser: Browser, base_url: str, *, javascript: bool = True) -> Page:
    context = browser.new_context(viewport=LAPTOP, java_script_enabled=javascript)
    context.set_default_timeout(CHECK_TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"{base_url}/")
    expect(page).to_have_title("New check · Captioncheck")
    return page


def _fill_article(page: Page) -> None:
    page.get_by_label("Headline").fill(HEADLINE)
    page.get_by_label("Article text").fill(BODY)
    page.get_by_label("Publication date").fill(PUBLISHED)


def _fill_figure(page: Page, number: int, image: Path, caption: str) -> None:
    figure = page.get_by_role("group", name=f"Figure {number}", exact=True)
    figure.get_by_label("Photo").set_input_files(image)
    figure.get_by_label("Caption").fill(caption)


def _submit(page: Page) -> None:
    page.get_by_role("button", name="Check article").click()
    page.wait_for_url("**/checks/*")


def _thumbnails_loaded(page: Page) -> bool:
    return page.evaluate("[...document.images].every(img => img.complete && img.naturalWidth > 0)")


def test_matching_photos_and_captions_pass(browser, base_url, images):
    page = _open_form(browser, base_url)
    _fill_article(page)
    _fill_figure(page, 1, images["rocket"], ROCKET_CAPTION)
    _fill_figure(page, 2, images["astronaut"], ASTRONAUT_CAPTION)
    _submit(page)

    expect(page.locator("#verdict")).to_contain_text("Overall verdict: ✓ Pass")
    for index, caption in ((0, ROCKET_CAPTION), (1, ASTRONAUT_CAPTION)):
        card = page.locator(f"#figure-{index}")
        expect(card.locator(".caption")).to_have_text(caption)
        expect(card.locator("h3 .badge")).to_have_text("✓ Consistent")
        expect(card.get_by_role("img", name=f"Photo of figure {index + 1}")).to_be_visible()
    assert _thumbnails_loaded(page)
    page.context.close()


def test_swapped_captions_are_shown_as_mismatches(browser, base_url, images, tmp_path):
    page = _open_form(browser, base_url)
    _fill_article(page)
    _fill_figure(page, 1, images["rocket"], ASTRONAUT_CAPTION)
    _fill_figure(page, 2, images["astronaut"], ROCKET_CAPTION)
    _submit(page)

    verdict = page.locator("#verdict")
    expect(verdict).to_contain_text("Overall verdict: ✕ Block")
    expect(verdict).to_contain_text("Do not publish as it is")
    for index, other in ((0, 2), (1, 1)):
        card = page.locator(f"#figure-{index}")
        expect(card.locator("h3 .badge")).to_have_text("✕ Mismatch")
        swap = card.locator(".reason[data-code='caption_swapped']")
        expect(swap).to_contain_text(f"matches the caption of figure {other} better than its own")
        expect(swap).to_contain_text("the captions may have been swapped")
        expect(swap.locator(".severity")).to_have_text("Mismatch")
    assert _thumbnails_loaded(page)

    screenshot = tmp_path / "result.png"
    page.screenshot(path=screenshot, full_page=True)
    assert screenshot.exists() and screenshot.stat().st_size > 10_000

    page.get_by_role("link", name="Recent checks").first.click()
    row = page.locator("table.checks tbody tr").first
    expect(row).to_contain_text(HEADLINE)
    expect(row.locator(".badge")).to_have_text("✕ Block")
    page.context.close()


def test_without_javascript_the_form_still_works(browser, base_url, images, tmp_path):
    page = _open_form(browser, base_url, javascript=False)
    expect(page.get_by_role("button", name="Add figure")).to_have_count(0)
    page.get_by_role("link", name="Add more figure slots").click()
    expect(page.get_by_role("group", name="Figure 6", exact=True)).to_be_visible()

    _fill_article(page)
    _fill_figure(page, 5, images["rocket"], ROCKET_CAPTION)  # earlier slots left empty: ignored
    _fill_figure(page, 6, images["astronaut"], "")  # a photo without a caption: error
    page.get_by_role("button", name="Check article").click()
    expect(page.locator("#caption-5-error")).to_contain_text("Write a caption for this photo")
    expect(page.get_by_label("Caption").nth(5)).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#image-5-again")).to_contain_text("astronaut.png")
    expect(page.get_by_label("Headline")).to_have_value(HEADLINE)
    page.screenshot(path=tmp_path / "form-error.png", full_page=True)

    page.get_by_role("group", name="Figure 5", exact=True).get_by_label("Photo").set_input_files(images["rocket"])
    _fill_figure(page, 6, images["astronaut"], ASTRONAUT_CAPTION)
    _submit(page)
    expect(page.locator("#verdict")).to_contain_text("Pass")
    expect(page.locator("h3 .badge")).to_have_text(["✓ Consistent", "✓ Consistent"])
    page.context.close()


def test_add_figure_button_adds_a_slot_in_place(browser, base_url, images):
    page = _open_form(browser, base_url)
    _fill_article(page)
    page.get_by_role("button", name="Add figure").click()
    expect(page.get_by_role("group", name="Figure 4", exact=True)).to_be_visible()
    expect(page.get_by_label("Headline")).to_have_value(HEADLINE)  # nothing typed is lost
    _fill_figure(page, 4, images["astronaut"], ASTRONAUT_CAPTION)
    _submit(page)
    expect(page.locator(".figure-cards > li")).to_have_count(1)
    expect(page.locator("#figure-0 .caption")).to_have_text(ASTRONAUT_CAPTION)
    page.context.close()
