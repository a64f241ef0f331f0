"""Headline, body, date and figures from the markups newsrooms publish."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.audit.extract import extract_page
from app.audit.model import NoArticleFound
from app.audit.urls import best_candidate, parse_srcset, resolve

PAGES = Path(__file__).resolve().parents[2] / "samples" / "pages"
BASE = "https://news.example/pages/"


def page(name: str, url: str | None = None):
    return extract_page((PAGES / name).read_text("utf-8"), url or BASE + name)


def test_figure_and_figcaption_with_credit_elements():
    found = page("rocket-launch.html")
    assert found.headline == "Rocket launches weather satellite from Cape Canaveral"
    assert found.published == "2015-02-12T09:30:00+00:00"
    assert "deep-space weather satellite" in found.body and "Most read" not in found.body
    assert [(f.image, f.credit) for f in found.figures] == [
        ("https://news.example/images/rocket-launch.jpg", "SpaceX (public domain)"),
        ("https://news.example/images/astronaut-portrait.jpg", "NASA (public domain)"),
    ]
    assert found.figures[0].caption == "The rocket lifts off from its launch pad at Cape Canaveral, Florida."
    assert found.figures[0].alt == "A rocket rising on a column of flame"


def test_wordpress_captions_lazy_images_and_credit_in_the_caption_text():
    found = page("coffee-prices.html")
    assert found.published == "2024-04-18T07:00:00+00:00"  # from OpenGraph article:published_time
    first, second = found.figures
    assert first.image == "https://news.example/images/coffee-cup.jpg"  # data-src, not the placeholder
    assert (first.caption, first.credit) == ("A cup of coffee served at an independent espresso bar.",
                                            "Rachel Michetti (CC0)")
    assert second.image == "https://news.example/images/cat-chelsea.jpg"  # data-lazy-src inside a link
    assert len(found.figures) == 2  # the noscript copy, related posts and the sidebar are not figures


def test_json_ld_graph_supplies_credits_and_figures_the_markup_lacks():
    found = page("launch-gallery.html")
    assert found.published == "2015-02-12"
    assert [(f.origin, f.image.rsplit("/", 1)[-1], f.credit) for f in found.figures] == [
        ("html", "rocket-launch.jpg", "SpaceX (public domain)"),
        ("json-ld", "astronaut-portrait.jpg", "NASA (public domain)"),
    ]
    assert found.figures[1].caption.startswith("The rocket lifts off")


def test_block_editor_figures_and_json_ld_date():
    found = page("doha-talks.html")
    assert found.headline.startswith("Afghan government and Taliban")
    assert found.published == "2020-09-13T08:15:00+03:00"
    assert [f.image.rsplit("/", 1)[-1] for f in found.figures] == [
        "delegation-arrives.jpg", "broken.jpg", "capitol-rally.jpg"]


def test_a_saved_page_resolves_images_to_local_files():
    found = page("rocket-launch.html", url=str(PAGES / "rocket-launch.html"))
    assert found.figures[0].image == str(PAGES.parent / "images" / "rocket-launch.jpg")


def test_a_section_front_is_no_article():
    with pytest.raises(NoArticleFound, match="no article"):
        page("world.html")


def test_base_href_and_srcset_choice():
    html = (PAGES / "rocket-launch.html").read_text("utf-8").replace(
        "<head>", '<head><base href="https://cdn.example/assets/">', 1)
    found = extract_page(html, BASE + "rocket-launch.html")
    assert found.figures[0].image == "https://cdn.example/images/rocket-launch.jpg"
    candidates = parse_srcset("a.jpg 320w, b.jpg?x=1,2 800w,c.jpg 1600w")
    assert [c[0] for c in candidates] == ["a.jpg", "b.jpg?x=1,2", "c.jpg"]
    assert best_candidate(candidates) == "b.jpg?x=1,2"  # smallest at least 800 px wide
    assert best_candidate(parse_srcset("a.jpg 1x, b.jpg 2x")) == "b.jpg"
    assert resolve("https://a.example/x/y.html", "//cdn.example/p.jpg") == "https://cdn.example/p.jpg"
    assert resolve("https://a.example/x/y.html", "javascript:alert(1)") is None


def test_broken_json_ld_does_not_hide_the_rest():
    html = (PAGES / "launch-gallery.html").read_text("utf-8").replace(
        "<head>", '<head><script type="application/ld+json">{not json</script>', 1)
    assert len(extract_page(html, BASE + "launch-gallery.html").figures) == 2


def test_json_ld_nested_thousands_deep_is_skipped_and_the_other_blocks_still_read():
    deep_array = "[" * 50_000 + "]" * 50_000
    deep_object = '{"@graph": ' * 50_000 + "{}" + "}" * 50_000
    blocks = "".join(f'<script type="application/ld+json">{b}</script>' for b in (deep_array, deep_object))
    html = (PAGES / "launch-gallery.html").read_text("utf-8").replace("<head>", f"<head>{blocks}", 1)
    found = extract_page(html, BASE + "launch-gallery.html")
    assert found.published == "2015-02-12"  # from the page's own JSON-LD
    assert [f.origin for f in found.figures] == ["html", "json-ld"]
