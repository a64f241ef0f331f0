"""A fetched page -> headline, body text, publication date and captioned figures."""

from __future__ import annotations

from dataclasses import replace

import trafilatura
from dateutil import parser as dateparser
from selectolax.lexbor import LexborHTMLParser

from app.audit.dom import content_root, parse, strip_noise
from app.audit.figures import find_figures
from app.audit.model import ExtractedPage, FoundFigure, NoArticleFound
from app.audit.sanitize import clean_text, clean_url
from app.audit.structured import read_structured
from app.audit.urls import resolve, without_query

# Fewer words than this is a teaser list, a search page or an error page, not an article.
MIN_BODY_WORDS = 30


def extract_page(html: str, url: str, *, max_figures: int = 50, hints: dict[str, str] | None = None) -> ExtractedPage:
    """Everything the engine needs from one page; NoArticleFound when there is no article text.

    `url` is the page's address (or file path), against which relative references resolve;
    `hints` are a news sitemap's `title` and `published` for pages that declare neither.
    """
    hints = hints or {}
    tree = parse(html)
    base = _base_url(tree, url)
    structured = read_structured(html, tree, base)
    main = trafilatura.bare_extraction(
        html, url=url if url.startswith("http") else None, with_metadata=True, favor_precision=True,
        include_comments=False, include_tables=False, include_images=False,
    )
    body = clean_text((getattr(main, "text", None) or "").strip() or (structured.body or ""))
    if len(body.split()) < MIN_BODY_WORDS:
        raise NoArticleFound(f"no article text found (only {len(body.split())} words in the main content)")
    headline = clean_text(structured.headline or getattr(main, "title", None) or hints.get("title") or "")
    if not headline.strip():
        raise NoArticleFound("no headline found (no JSON-LD headline, og:title, <h1> or <title>)")
    published = _iso(structured.published) or _iso(getattr(main, "date", None)) or _iso(hints.get("published"))
    root = content_root(tree)
    dom_figures: list[FoundFigure] = []
    if root is not None:
        strip_noise(root)
        dom_figures = find_figures(root, base)
    figures = [f for f in map(_cleaned, merge_figures(dom_figures, structured.figures)) if f is not None]
    return ExtractedPage(
        url=url, headline=" ".join(headline.split()), body=body, published=published,
        figures=figures[:max_figures], dropped_figures=max(0, len(figures) - max_figures),
    )


def merge_figures(dom: list[FoundFigure], declared: list[FoundFigure]) -> list[FoundFigure]:
    """Markup figures in page order, then JSON-LD images the markup does not caption; one per image."""
    merged: dict[str, FoundFigure] = {}
    captions: set[str] = set()
    for figure in [*dom, *declared]:
        key = without_query(figure.image) if figure.image else f"caption:{figure.caption}"
        if key in merged:
            merged[key] = merged[key].merged(figure)
        elif figure.origin == "json-ld" and figure.caption in captions:
            continue  # another rendition of a figure the markup already has
        else:
            merged[key] = figure
            captions.add(figure.caption)
    return list(merged.values())


def _cleaned(figure: FoundFigure) -> FoundFigure | None:
    """The figure as safe text (None when nothing of its caption is left)."""
    caption = " ".join(clean_text(figure.caption).split())
    if not caption:
        return None
    image = clean_url(figure.image) if figure.image else None
    return replace(figure, image=image, caption=caption, credit=_clean_or_none(figure.credit),
                   alt=_clean_or_none(figure.alt))


def _clean_or_none(text: str | None) -> str | None:
    return (clean_text(text).strip() or None) if text else None


def _base_url(tree: LexborHTMLParser, url: str) -> str:
    node = tree.css_first("base[href]")
    href = (node.attributes.get("href") or "").strip() if node is not None else ""
    return (resolve(url, href) or url) if href and url.startswith("http") else url


def _iso(value: str | None) -> str | None:
    """A date or datetime in ISO 8601, from whatever form the page wrote it in; None if unreadable."""
    if not value or not value.strip():
        return None
    try:
        parsed = dateparser.parse(value.strip())
    except (ValueError, OverflowError):
        return None
    if parsed is None or not 1900 < parsed.year < 2200:
        return None
    has_time = any(ch in value for ch in ":T") and len(value.strip()) > 10
    return parsed.isoformat() if has_time else parsed.date().isoformat()


__all__ = ["ExtractedPage", "NoArticleFound", "extract_page", "merge_figures"]
