"""CSV and HTML reports of an audit: what a standards editor opens and shares."""

from __future__ import annotations

import csv
import io
import re

import pytest

from app.audit.records import Summary
from app.reports import render_csv, render_html


@pytest.fixture
def audit_records(site, auditor):
    base, _ = site
    _, records = auditor.run([base + "/pages/sitemap-index.xml"])
    return records


def test_csv_has_one_row_per_figure_and_pages_without_figures(audit_records):
    rows = list(csv.DictReader(io.StringIO(render_csv([r.to_json() for r in audit_records]))))
    assert len(rows) == 9 + 2  # nine figures, plus the page with no article and the skipped one
    swapped = [r for r in rows if r["reason_codes"].startswith("caption_swapped")]
    assert len(swapped) == 2 and all(r["figure_verdict"] == "mismatch" for r in swapped)
    coffee = next(r for r in rows if r["credit"] == "Rachel Michetti (CC0)")
    assert coffee["figure"] == "1" and coffee["article_verdict"] == "block"
    broken = next(r for r in rows if r["image"].endswith("broken.jpg"))
    assert "not a JPEG" in broken["image_error"]
    world = next(r for r in rows if r["url"].endswith("world.html"))
    assert world["status"] == "no_article" and world["figure"] == ""


def test_csv_cells_that_look_like_formulas_are_quoted():
    record = {"url": "u", "status": "checked", "report": {"article": {"headline": "=HYPERLINK(\"x\")"},
              "figures": [{"index": 0, "caption": "+1 caption", "verdict": "consistent", "reasons": [], "scores": {}}]}}
    row = next(csv.DictReader(io.StringIO(render_csv([record]))))
    assert row["headline"].startswith("'=") and row["caption"] == "'+1 caption"


def test_html_report_shows_thumbnails_captions_badges_and_reasons(audit_records):
    data = [r.to_json() for r in audit_records]
    thumbs = {i: r.thumbnails for i, r in enumerate(audit_records)}
    html = render_html(data, thumbs, summary=Summary.of(audit_records).as_dict(), run_id="run123")
    assert html.startswith("<!doctype html>") and "<script" not in html
    assert len(re.findall(r'<img src="data:image/jpeg;base64,[A-Za-z0-9+/=]+"', html)) == 6
    assert "A barista pours milk into an espresso at a busy coffee shop." in html
    assert "✕ mismatch" in html and "✓ consistent" in html and "✕ block" in html
    assert "<code>caption_swapped</code>" in html and "<code>image_caption_mismatch</code>" in html
    assert "Credit: NASA (public domain)" in html
    assert "Image not checked: HTTP 404 Not Found" in html
    assert "disallowed by robots.txt" in html and "no article text found" in html
    assert "run123" in html


def test_html_escapes_what_pages_say_and_links_only_web_urls():
    record = {"url": "javascript:alert(1)", "status": "checked", "figures": [{"credit": "<b>x</b>"}],
              "report": {"verdict": "pass", "article": {"headline": "<script>alert(1)</script>"},
                         "figures": [{"index": 0, "caption": "a & <i>b</i>", "verdict": "consistent",
                                      "reasons": [], "scores": {}}]}}
    html = render_html([record])
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "a &amp; &lt;i&gt;b&lt;/i&gt;" in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert 'href="javascript:' not in html
