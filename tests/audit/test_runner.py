"""A whole audit over HTTP: sitemap index -> pages -> figures -> verdicts, problems listed, re-audits cheap."""

from __future__ import annotations

import asyncio

import pytest

from app.audit.fetch import Fetcher
from app.audit.records import PageRecord
from app.audit.runner import AuditRunner, PageWork
from app.audit.session import plan_audit, run_plan
from app.audit.targets import targets_digest
from tests.audit.conftest import FAST, by_path, codes
from tests.audit.server import SAMPLES

INDEX = "/pages/sitemap-index.xml"


@pytest.fixture
def audited(site, auditor):
    base, behaviour = site
    behaviour.fail_once["/pages/rocket-launch.html"] = (500, {})
    run_id, records = auditor.run([base + INDEX])
    return base, behaviour, run_id, by_path(records), records


def test_every_captioned_figure_is_found_with_caption_credit_and_absolute_url(audited):
    base, _, _, pages, _ = audited
    rocket = pages["/pages/rocket-launch.html"]
    assert rocket.status == "checked"
    assert [(f["image"], f["credit"]) for f in rocket.figures] == [
        (f"{base}/images/rocket-launch.jpg", "SpaceX (public domain)"),
        (f"{base}/images/astronaut-portrait.jpg", "NASA (public domain)"),
    ]
    assert rocket.figures[1]["caption"].startswith("A former space shuttle commander")
    coffee = pages["/pages/coffee-prices.html"]  # WordPress captions, lazy-loaded images
    assert [f["image"] for f in coffee.figures] == [f"{base}/images/coffee-cup.jpg", f"{base}/images/cat-chelsea.jpg"]
    assert coffee.figures[0] | {"alt": None} == {
        "image": f"{base}/images/coffee-cup.jpg", "caption": "A cup of coffee served at an independent espresso bar.",
        "credit": "Rachel Michetti (CC0)", "alt": None, "found_in": "html"}
    gallery = pages["/pages/launch-gallery.html"]  # one caption in the markup, one only in JSON-LD
    assert [(f["found_in"], f["credit"]) for f in gallery.figures] == [
        ("html", "SpaceX (public domain)"), ("json-ld", "NASA (public domain)")]
    doha = pages["/pages/doha-talks.html"]
    assert len(doha.figures) == 3
    # Ads, "most read" boxes, related posts, newsletters and footers are not the article.
    everything = [f["caption"] for r in pages.values() for f in r.figures]
    assert not any("cat" in c.lower().split() or "Advertisement" in c or "newsroom" in c for c in everything)
    assert sum(len(r.figures) for r in pages.values()) == 9


def test_planted_mismatches_are_flagged_and_clean_figures_pass(audited):
    _, _, _, pages, _ = audited
    assert pages["/pages/rocket-launch.html"].report["verdict"] == "pass"
    coffee = pages["/pages/coffee-prices.html"].report
    assert [f["verdict"] for f in coffee["figures"]] == ["consistent", "mismatch"]
    assert "image_caption_mismatch" in codes(pages["/pages/coffee-prices.html"], 1)
    gallery = pages["/pages/launch-gallery.html"]
    assert codes(gallery, 0)[0] == codes(gallery, 1)[0] == "caption_swapped"
    doha = pages["/pages/doha-talks.html"]
    assert [f["verdict"] for f in doha.report["figures"]] == ["consistent", "consistent", "mismatch"]
    assert "caption_place_conflict" in codes(doha, 2)
    assert pages["/pages/rocket-launch.html"].report["article"]["url"].endswith("/pages/rocket-launch.html")


def test_problems_are_listed_and_the_audit_goes_on(audited):
    _, behaviour, _, pages, records = audited
    assert behaviour.requests["/pages/rocket-launch.html"] == 2  # 500 once, then retried
    private = pages["/pages/private/embargoed.html"]
    assert private.status == "skipped" and "robots.txt" in private.error
    assert behaviour.requests["/pages/private/embargoed.html"] == 0
    world = pages["/pages/world.html"]
    assert world.status == "no_article" and "no article" in world.error
    doha = pages["/pages/doha-talks.html"]
    errors = {e["index"]: e["error"] for e in doha.image_errors}
    assert errors[0] == "HTTP 404 Not Found" and "not a JPEG, PNG, WebP or GIF" in errors[1]
    assert all(f["image"] is None for f in doha.report["figures"])  # checked on their captions alone
    assert [r.url.rsplit("/", 1)[-1] for r in records][:3] == [
        "rocket-launch.html", "coffee-prices.html", "launch-gallery.html"]  # sitemap order
    assert all(ua.startswith("Captioncheck/") and "audit" in ua for ua in behaviour.user_agents)


def test_reports_are_stored_with_thumbnails(audited, auditor):
    _, _, _, pages, _ = audited
    report = pages["/pages/coffee-prices.html"].report
    assert auditor.reports.get(report["id"])["verdict"] == "block"
    thumbnail, mime = auditor.reports.thumbnail(report["id"], 1)
    assert mime == "image/jpeg" and thumbnail


def test_a_redirected_page_keeps_its_url_and_notes_where_it_went(site, auditor):
    base, behaviour = site
    behaviour.redirects["/news/latest-coffee"] = "/pages/coffee-prices.html"
    _, [record] = auditor.run([base + "/news/latest-coffee"])
    assert record.status == "checked" and record.final_url == f"{base}/pages/coffee-prices.html"
    assert record.report["article"]["url"] == f"{base}/news/latest-coffee"
    assert record.figures[0]["image"] == f"{base}/images/coffee-cup.jpg"  # resolved against the final URL


def test_a_re_audit_does_not_re_encode_cached_images(site, auditor, clip):
    base, _ = site
    pages = [base + "/pages/coffee-prices.html", base + "/pages/launch-gallery.html"]
    auditor.run(pages)
    first = clip.images_encoded
    assert first == 4
    _, records = auditor.run(pages)
    assert clip.images_encoded == first
    assert "image_caption_mismatch" in codes(records[0], 1)  # same verdicts from cached vectors


def test_an_interrupted_audit_resumes_with_only_the_remaining_pages(site, auditor):
    base, behaviour = site
    target = [base + INDEX]

    def stop_after_two(record):
        auditor.finished.append(record)
        if len(auditor.finished) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        auditor.run(target, options=_one_at_a_time(), on_page=stop_after_two)
    done = {r.url for r in auditor.finished}
    before = dict(behaviour.requests)
    run_id, records = auditor.run(target, resume=True)
    fetched_again = {path for path, n in behaviour.requests.items() if n > before.get(path, 0)}
    assert not any(url.endswith(path) for url in done for path in fetched_again)
    assert INDEX not in fetched_again  # the page list came from the database, not the sitemaps
    assert len(records) == 6 and {r.url for r in records} >= done
    assert auditor.audits.run(run_id).finished
    assert auditor.audits.latest_unfinished(targets_digest(target)) is None


def _one_at_a_time():
    from dataclasses import replace

    from tests.audit.conftest import FAST

    return replace(FAST, concurrency=1, per_host=1)


def _with_deep_json_ld(page: str) -> bytes:
    deep = "[" * 50_000 + "]" * 50_000
    return page.replace("</head>", f'<script type="application/ld+json">{deep}</script></head>', 1).encode()


def test_one_hostile_page_does_not_end_the_audit(site, auditor):
    base, behaviour = site
    rocket = (SAMPLES / "pages" / "rocket-launch.html").read_text("utf-8")
    behaviour.extra["/pages/hostile.html"] = ("text/html", _with_deep_json_ld(rocket))
    pages = [f"{base}/pages/coffee-prices.html", f"{base}/pages/hostile.html", f"{base}/pages/launch-gallery.html"]
    _, records = auditor.run(pages)
    assert [(r.url, r.status) for r in records] == [(url, "checked") for url in pages]
    assert all(r.report for r in records)
    # The nested block is skipped; the page is read from its markup and its own JSON-LD.
    hostile = records[1].report
    assert hostile["article"]["headline"] == "Rocket launches weather satellite from Cape Canaveral"
    assert len(hostile["figures"]) == 2


class _OnePageFails(AuditRunner):
    """A runner whose check of one page fails in a way nobody foresaw."""

    def check_page(self, work: PageWork) -> None:
        if work.target.url.endswith("/hostile.html"):
            raise RecursionError("maximum recursion depth exceeded \x1b[2J")
        super().check_page(work)


def test_an_unforeseen_failure_of_one_page_becomes_its_error_row_and_the_run_goes_on(site, auditor):
    base, _ = site
    pages = [f"{base}/pages/coffee-prices.html", f"{base}/pages/hostile.html", f"{base}/pages/launch-gallery.html"]

    async def go() -> tuple[str, list[PageRecord]]:
        async with Fetcher(FAST) as fetcher:
            plan = await plan_audit(pages, fetcher, auditor.audits, max_pages=100)
            runner = _OnePageFails(auditor.settings, auditor.checker, fetcher, reports=auditor.reports)
            return plan.run_id, await run_plan(plan, runner, auditor.audits)

    run_id, records = asyncio.run(go())
    assert [r.status for r in records] == ["checked", "error", "checked"]
    assert records[1].error == "could not audit this page (RecursionError: maximum recursion depth exceeded [2J)"
    stored = {page.url: page.status for page in auditor.audits.pages(run_id)}
    assert stored == dict(zip(pages, ["checked", "error", "checked"], strict=True))
    assert auditor.audits.run(run_id).finished
