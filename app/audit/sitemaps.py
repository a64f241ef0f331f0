"""Sitemaps (sitemaps.org), sitemap indexes and Google news sitemaps, parsed without XML tricks."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from app.audit.sanitize import clean_text, clean_url

# The protocol's own limits: 50,000 URLs and 50 MB (uncompressed) per sitemap file.
MAX_SITEMAP_BYTES = 50 * 1024 * 1024


class SitemapError(Exception):
    """Not a sitemap we can read; str() says why."""


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    hints: dict[str, str] = field(default_factory=dict)  # news sitemap: title, published


@dataclass(frozen=True)
class Sitemap:
    is_index: bool
    entries: list[SitemapEntry]


def looks_like_sitemap(data: bytes) -> bool:
    head = _decompress(data)[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<?xml") and (b"<urlset" in head or b"<sitemapindex" in head) or (
        head.startswith((b"<urlset", b"<sitemapindex"))
    )


def parse_sitemap(data: bytes) -> Sitemap:
    """A sitemap or sitemap index (gzip accepted); a plain-text list of URLs is accepted too."""
    raw = _decompress(data)
    text_start = raw[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if text_start.startswith((b"http://", b"https://")):
        lines = raw.decode("utf-8", "replace").splitlines()
        return Sitemap(False, [SitemapEntry(clean_url(line)) for line in lines if line.strip()])
    try:
        root = SafeET.fromstring(raw)
    except DefusedXmlException as exc:
        raise SitemapError(f"refused: the XML uses DTDs or entities ({type(exc).__name__})") from exc
    except ParseError as exc:
        raise SitemapError(f"not well-formed XML ({exc})") from exc
    kind = _local(root.tag)
    if kind == "sitemapindex":
        return Sitemap(True, [SitemapEntry(clean_url(loc)) for child in root if (loc := _child_text(child, "loc"))])
    if kind == "urlset":
        return Sitemap(False, [_url_entry(child) for child in root if _child_text(child, "loc")])
    raise SitemapError(f"the XML root is <{kind}>, not <urlset> or <sitemapindex>")


def _url_entry(url: Element) -> SitemapEntry:
    hints: dict[str, str] = {}
    news = next((c for c in url if _local(c.tag) == "news"), None)
    if news is not None:
        if title := _child_text(news, "title"):
            hints["title"] = clean_text(title)
        if published := _child_text(news, "publication_date"):
            hints["published"] = clean_text(published)
    return SitemapEntry(clean_url(_child_text(url, "loc") or ""), hints)


def _child_text(node: Element, name: str) -> str | None:
    child = next((c for c in node if _local(c.tag) == name), None)
    text = (child.text or "").strip() if child is not None else ""
    return text or None


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _decompress(data: bytes) -> bytes:
    if not data.startswith(b"\x1f\x8b"):
        return data
    inflater = zlib.decompressobj(wbits=31)
    try:
        out = inflater.decompress(data, MAX_SITEMAP_BYTES + 1)
    except zlib.error as exc:
        raise SitemapError(f"broken gzip data ({exc})") from exc
    if len(out) > MAX_SITEMAP_BYTES:
        raise SitemapError(f"over {MAX_SITEMAP_BYTES // (1024 * 1024)} MB once decompressed")
    return out
