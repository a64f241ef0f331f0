"""Audit targets -> pages: page URLs, sitemaps (indexes followed), files of URLs, saved HTML files."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from app.audit.fetch import Fetcher, FetchError
from app.audit.sitemaps import MAX_SITEMAP_BYTES, SitemapError, parse_sitemap
from app.audit.urls import is_http
from app.errors import InputError

ACCEPT_XML = "application/xml,text/xml;q=0.9,*/*;q=0.5"
MAX_SITEMAP_DEPTH = 4
# Refused sitemap entries noted one by one up to this many per sitemap, then counted.
MAX_REFUSALS_NOTED = 20
_REFUSED = "refused: a sitemap may list only http(s) URLs, not local files or other schemes (listed in {sitemap})"


@dataclass(frozen=True)
class PageTarget:
    url: str  # http(s) URL or local file path
    hints: dict[str, str] = field(default_factory=dict)

    @property
    def is_local(self) -> bool:
        return not is_http(self.url)


@dataclass
class Expansion:
    pages: list[PageTarget] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (sitemap or file, reason)
    truncated: bool = False


def read_urls_file(path: str) -> list[str]:
    """One target per line; blank lines and # comments skipped."""
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the URLs file ({exc})", source=path) from exc
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def targets_digest(targets: list[str]) -> str:
    """Identifies a set of targets across runs (for --resume); local paths made absolute first."""
    canonical = [t if is_http(t) else str(Path(t).expanduser().resolve()) for t in targets]
    return hashlib.sha256(json.dumps(canonical).encode("utf-8")).hexdigest()


def is_sitemap_target(target: str) -> bool:
    path = urlsplit(target).path.lower() if is_http(target) else target.lower()
    name = path.rstrip("/").rsplit("/", 1)[-1]
    return name.endswith((".xml", ".xml.gz")) or "sitemap" in name


async def expand_targets(targets: list[str], fetcher: Fetcher, max_pages: int) -> Expansion:
    """Pages in target order, each once; unreadable sitemaps and files become errors."""
    expansion = Expansion()
    seen: set[str] = set()
    for target in targets:
        if is_sitemap_target(target):
            await _expand_sitemap(target, fetcher, expansion, seen, max_pages, depth=0)
        elif not is_http(target) and not Path(target).is_file():
            expansion.errors.append((target, "file not found"))
        else:
            _add(PageTarget(target), expansion, seen, max_pages)
    return expansion


async def _expand_sitemap(
    url: str, fetcher: Fetcher, expansion: Expansion, seen: set[str], max_pages: int, depth: int
) -> None:
    if url in seen or expansion.truncated:
        return
    seen.add(url)
    try:
        sitemap = parse_sitemap(await _read(url, fetcher))
    except (FetchError, SitemapError, OSError) as exc:
        expansion.errors.append((url, f"could not read sitemap: {exc}"))
        return
    # Only what the person typed may be a local file: whoever wrote a sitemap must not
    # make the audit read this machine's files (or other schemes) and report them.
    refused = [entry.url for entry in sitemap.entries if not is_http(entry.url)]
    _note_refusals(url, refused, expansion)
    for entry in sitemap.entries:
        if not is_http(entry.url):
            continue
        if sitemap.is_index:
            if depth + 1 >= MAX_SITEMAP_DEPTH:
                expansion.errors.append((entry.url, f"sitemap nested deeper than {MAX_SITEMAP_DEPTH} levels"))
                continue
            await _expand_sitemap(entry.url, fetcher, expansion, seen, max_pages, depth + 1)
        else:
            _add(PageTarget(entry.url, entry.hints), expansion, seen, max_pages)


def _note_refusals(sitemap: str, refused: list[str], expansion: Expansion) -> None:
    for entry in refused[:MAX_REFUSALS_NOTED]:
        expansion.errors.append((entry, _REFUSED.format(sitemap=sitemap)))
    if len(refused) > MAX_REFUSALS_NOTED:
        more = len(refused) - MAX_REFUSALS_NOTED
        expansion.errors.append((sitemap, f"refused {more:,} more entries that are not http(s) URLs"))


async def _read(location: str, fetcher: Fetcher) -> bytes:
    if is_http(location):
        return (await fetcher.get(location, max_bytes=MAX_SITEMAP_BYTES, accept=ACCEPT_XML)).body
    path = Path(location).expanduser()
    if path.stat().st_size > MAX_SITEMAP_BYTES:
        raise SitemapError(f"over {MAX_SITEMAP_BYTES:,} bytes")
    return path.read_bytes()


def _add(page: PageTarget, expansion: Expansion, seen: set[str], max_pages: int) -> None:
    if page.url in seen:
        return
    if len(expansion.pages) >= max_pages:
        if not expansion.truncated:
            expansion.truncated = True
            expansion.errors.append((page.url, f"stopped at {max_pages:,} pages (CAPTIONCHECK_AUDIT_MAX_PAGES)"))
        return
    seen.add(page.url)
    expansion.pages.append(page)
