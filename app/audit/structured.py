"""Structured data a page declares about itself: JSON-LD (schema.org) and OpenGraph."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

import lxml.etree
import lxml.html
from extruct.jsonld import JsonLdExtractor
from selectolax.lexbor import LexborHTMLParser

from app.audit.model import FoundFigure
from app.audit.urls import resolve

_ARTICLE_TYPES = {
    "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
    "BackgroundNewsArticle", "ReviewNewsArticle", "BlogPosting", "LiveBlogPosting", "Report", "TechArticle",
}
_CREDIT_KEYS = ("creditText", "copyrightHolder", "creator", "author", "copyrightNotice")
# Real JSON-LD nests a few levels; a hostile page nests thousands to crash recursive parsers.
MAX_JSONLD_DEPTH = 64
_JSON_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]++")


@dataclass
class Structured:
    headline: str | None = None
    published: str | None = None
    body: str | None = None
    figures: list[FoundFigure] = field(default_factory=list)


def read_structured(html: str, tree: LexborHTMLParser, base: str) -> Structured:
    """Headline, date, body and captioned images from JSON-LD, with OpenGraph filling gaps."""
    nodes = _jsonld_nodes(html)
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    article = next((n for n in nodes if _types(n) & _ARTICLE_TYPES), {})
    found = Structured(
        headline=_text(article.get("headline")) or _meta(tree, "og:title"),
        published=_text(article.get("datePublished")) or _meta(tree, "article:published_time"),
        body=_text(article.get("articleBody")),
    )
    images = [*_as_list(article.get("image")), *_as_list(article.get("associatedMedia"))]
    images += [n for n in nodes if "ImageObject" in _types(n)]  # e.g. a page's #primaryimage
    seen: set[str] = set()
    for image in images:
        figure = _image_figure(by_id.get(image.get("@id"), image) if isinstance(image, dict) else {}, base)
        if figure is not None and figure.image not in seen:
            seen.add(figure.image or "")
            found.figures.append(figure)
    return found


def _jsonld_nodes(html: str) -> list[dict[str, Any]]:
    """Every JSON object in the page's JSON-LD, @graph members included; broken scripts skipped."""
    try:  # bytes: lxml refuses str documents that declare their own encoding
        parser = lxml.html.HTMLParser(encoding="utf-8")
        document = lxml.html.fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (ValueError, lxml.etree.ParserError):
        return []
    extractor = JsonLdExtractor()
    nodes: list[dict[str, Any]] = []
    for script in document.xpath('//script[@type="application/ld+json"]'):
        if json_depth(script.xpath("string()")) > MAX_JSONLD_DEPTH:
            continue
        try:
            items = extractor.extract_items(script)
        except ValueError:
            continue  # one malformed block must not hide the others
        for item in items:
            nodes.extend(_flatten(item))
    return nodes


def json_depth(text: str) -> int:
    """How deeply the JSON text nests arrays and objects (brackets in strings ignored), unparsed."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    return max(accumulate(1 if b in "[{" else -1 for b in brackets), default=0)


def _flatten(item: Any) -> Iterator[dict[str, Any]]:
    if isinstance(item, list):
        for member in item:
            yield from _flatten(member)
    elif isinstance(item, dict):
        yield item
        yield from _flatten(item.get("@graph", []))


def _image_figure(image: dict[str, Any], base: str) -> FoundFigure | None:
    url = next((u for key in ("contentUrl", "url") for u in _as_list(image.get(key)) if isinstance(u, str)), None)
    caption = _text(image.get("caption")) or _text(image.get("description"))
    if not url or not caption:
        return None
    source = resolve(base, url)
    if source is None:
        return None
    credit = next((c for key in _CREDIT_KEYS if (c := _name(image.get(key)))), None)
    return FoundFigure(image=source, caption=" ".join(caption.split()), credit=credit, origin="json-ld")


def _types(node: dict[str, Any]) -> set[str]:
    return {str(t).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for t in _as_list(node.get("@type"))}


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if isinstance(value, dict):
        value = value.get("text") or value.get("@value") or value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _name(value: Any) -> str | None:
    names = [_text(v) for v in _as_list(value)]
    joined = ", ".join(n for n in names if n)
    return joined or None


def _meta(tree: LexborHTMLParser, prop: str) -> str | None:
    node = tree.css_first(f'meta[property="{prop}"], meta[name="{prop}"]')
    content = (node.attributes.get("content") or "").strip() if node is not None else ""
    return content or None
