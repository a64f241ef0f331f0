"""Targets -> pages: sitemap indexes, news sitemaps, gzip, files of URLs, saved HTML files."""

from __future__ import annotations

import asyncio
import gzip
from pathlib import Path

import pytest

from app.audit.fetch import Fetcher
from app.audit.sitemaps import SitemapError, parse_sitemap
from app.audit.targets import expand_targets, is_sitemap_target, read_urls_file, targets_digest
from app.errors import InputError
from tests.audit.conftest import FAST
from tests.audit.server import Behaviour, sample_server

PAGES = Path(__file__).resolve().parents[2] / "samples" / "pages"


def expand(targets: list[str]):
    async def go():
        async with Fetcher(FAST) as fetcher:
            return await expand_targets(targets, fetcher, max_pages=100)
    return asyncio.run(go())


def test_sitemap_index_news_and_plain_sitemaps_become_pages_in_order():
    with sample_server() as (base, _):
        expansion = expand([f"{base}/pages/sitemap-index.xml", f"{base}/pages/rocket-launch.html"])
    assert [p.url.removeprefix(base) for p in expansion.pages] == [
        "/pages/rocket-launch.html", "/pages/coffee-prices.html", "/pages/launch-gallery.html",
        "/pages/doha-talks.html", "/pages/world.html", "/pages/private/embargoed.html"]
    assert expansion.pages[1].hints == {"title": "Coffee prices climb as cafes pass on higher bean costs",
                                        "published": "2024-04-18"}
    assert expansion.errors == []


def test_unreadable_sitemaps_are_errors_and_the_rest_goes_on(tmp_path):
    behaviour = Behaviour(extra={"/sitemap-gz.xml.gz": ("application/gzip", gzip.compress(
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.example/1</loc></url></urlset>'))})
    with sample_server(behaviour) as (base, _):
        expansion = expand([f"{base}/missing-sitemap.xml", f"{base}/sitemap-gz.xml.gz", str(tmp_path / "gone.html")])
    assert [p.url for p in expansion.pages] == ["https://a.example/1"]
    assert [e[1] for e in expansion.errors] == ["could not read sitemap: HTTP 404 Not Found", "file not found"]


def test_entity_expansion_is_refused():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
            b"<urlset><url><loc>&b;</loc></url></urlset>")
    with pytest.raises(SitemapError, match="DTDs or entities"):
        parse_sitemap(bomb)
    with pytest.raises(SitemapError, match="not well-formed"):
        parse_sitemap(b"<urlset><url>")


def test_local_sitemap_and_html_files(tmp_path):
    sitemap = tmp_path / "list.xml"
    sitemap.write_text('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></sitemapindex>')
    expansion = expand([str(PAGES / "world.html"), str(sitemap)])
    assert [p.url for p in expansion.pages] == [str(PAGES / "world.html")]
    assert expansion.pages[0].is_local


def test_urls_file_and_digest(tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text("# audit list\nhttps://a.example/one\n\n  https://a.example/sitemap.xml  \n")
    assert read_urls_file(str(listing)) == ["https://a.example/one", "https://a.example/sitemap.xml"]
    with pytest.raises(InputError):
        read_urls_file(str(tmp_path / "none.txt"))
    assert is_sitemap_target("https://a.example/news-sitemap") and not is_sitemap_target("https://a.example/a.html")
    assert targets_digest(["a", "b"]) != targets_digest(["b", "a"])


def _urlset(*locs: str) -> bytes:
    entries = "".join(f"<url><loc>{loc}</loc></url>" for loc in locs)
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'.encode()


def test_a_remote_sitemap_cannot_name_local_files_or_other_schemes(tmp_path):
    page = PAGES / "rocket-launch.html"
    leak = tmp_path / "local-sitemap.xml"  # were it read, its page would be audited
    leak.write_bytes(_urlset("https://leak.example/private.html"))
    index = (f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>{leak}</loc>'
             f"</sitemap><sitemap><loc>file://{leak}</loc></sitemap></sitemapindex>").encode()
    with sample_server() as (base, behaviour):
        behaviour.extra["/sitemap.xml"] = ("application/xml", _urlset(
            str(page), f"file://{page}", "data:text/html,x", "ftp://files.example/a.html",
            "pages/relative.html", f"{base}/pages/coffee-prices.html"))
        behaviour.extra["/index.xml"] = ("application/xml", index)
        expansion = expand([f"{base}/sitemap.xml", f"{base}/index.xml"])
    assert [p.url for p in expansion.pages] == [f"{base}/pages/coffee-prices.html"]
    refused = dict(expansion.errors)
    assert list(refused) == [str(page), f"file://{page}", "data:text/html,x", "ftp://files.example/a.html",
                             "pages/relative.html", str(leak), f"file://{leak}"]
    assert all(reason.startswith("refused: a sitemap may list only http(s) URLs") for reason in refused.values())
    assert refused[str(page)].endswith(f"(listed in {base}/sitemap.xml)")
    assert refused[str(leak)].endswith(f"(listed in {base}/index.xml)")


def test_a_local_sitemap_the_person_typed_lists_only_web_pages_too(tmp_path):
    sitemap = tmp_path / "saved-sitemap.xml"
    sitemap.write_bytes(_urlset(str(PAGES / "world.html"), "https://a.example/1"))
    expansion = expand([str(sitemap), str(PAGES / "rocket-launch.html")])
    assert [p.url for p in expansion.pages] == ["https://a.example/1", str(PAGES / "rocket-launch.html")]
    assert [url for url, _ in expansion.errors] == [str(PAGES / "world.html")]


def test_a_flood_of_refused_entries_is_summarised(tmp_path):
    sitemap = tmp_path / "flood.xml"
    sitemap.write_bytes(_urlset(*(f"/etc/file{n}" for n in range(500)), "https://a.example/ok"))
    expansion = expand([str(sitemap)])
    assert [p.url for p in expansion.pages] == ["https://a.example/ok"]
    assert len(expansion.errors) == 21
    assert expansion.errors[-1] == (str(sitemap), "refused 480 more entries that are not http(s) URLs")


def test_control_characters_in_sitemap_entries_never_reach_the_output():
    news = ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>{base}/pages/a.html</loc>'
            "<news:news><news:title>Title \u009b2J with \u202egnp.exe</news:title></news:news></url></urlset>")
    with sample_server() as (base, behaviour):
        behaviour.extra["/news.xml"] = ("application/xml", news.format(base=base).encode())
        listing = f"{base}/pages/b.html?x=\x1b[2J\x1b]0;pwned\x07\n"
        behaviour.extra["/plain-sitemap.txt"] = ("text/plain", listing.encode())
        expansion = expand([f"{base}/news.xml", f"{base}/plain-sitemap.txt"])
    assert [(p.url.removeprefix(base), p.hints) for p in expansion.pages] == [
        ("/pages/a.html", {"title": "Title 2J with gnp.exe"}), ("/pages/b.html?x=%1B[2J%1B]0;pwned%07", {})]
