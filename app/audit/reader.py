"""Reading one page: fetch it (or read a saved file), extract its article and figures, fetch the
images and decode them (in the decode pool when there is one). Shared by the audit, `archive
index` and the Ray engine's fetching actors."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from w3lib.encoding import html_to_unicode

from app.audit.extract import extract_page
from app.audit.fetch import Fetcher, FetchError, RobotsDisallowed
from app.audit.model import ExtractedPage, NoArticleFound
from app.audit.records import CHECKED, ERROR, NO_ARTICLE, SKIPPED, PageRecord
from app.audit.sitemaps import looks_like_sitemap
from app.audit.targets import PageTarget
from app.audit.urls import is_http
from app.engine.images import LoadedImage, decode_image, read_local_image_bytes
from app.errors import InputError
from app.net.safe_fetch import sniff_image_format
from app.pipeline.decode import DecodeOptions
from app.pipeline.pool import DecodePool
from app.settings import Settings

ACCEPT_IMAGE = "image/jpeg,image/png,image/webp,image/gif;q=0.9,*/*;q=0.1"


@dataclass
class ReadPage:
    """A page fetched and read: its record so far, what extraction found, and its loaded images."""

    record: PageRecord
    page: ExtractedPage | None = None  # None when the page could not be read or has no article
    images: dict[int, LoadedImage] = field(default_factory=dict)


class PageReader:
    """Fetches a page (or reads a saved file), extracts its article and figures, loads the images.

    With a `pool`, images are decoded there with the `options` given to `read` (DecodedImage:
    hashes, thumbnail and CLIP pixels made beside the decode); without one, in a thread here.
    """

    def __init__(self, settings: Settings, fetcher: Fetcher, pool: DecodePool | None = None) -> None:
        self.settings = settings
        self.fetcher = fetcher
        self.pool = pool

    async def read(self, target: PageTarget, *, images: bool = True, options: DecodeOptions | None = None) -> ReadPage:
        try:
            html, final_url = await self._load_html(target)
        except RobotsDisallowed as exc:
            return ReadPage(PageRecord(target.url, SKIPPED, error=str(exc)))
        except (FetchError, OSError, InputError) as exc:
            return ReadPage(PageRecord(target.url, ERROR, error=message(exc)))
        moved = final_url if final_url != target.url else None
        extract = partial(extract_page, max_figures=self.settings.max_figures, hints=target.hints)
        try:
            page = await asyncio.to_thread(extract, html, final_url)
        except NoArticleFound as exc:
            return ReadPage(PageRecord(target.url, NO_ARTICLE, error=str(exc), final_url=moved))
        record = PageRecord(target.url, CHECKED, final_url=moved, figures=[_figure_json(f) for f in page.figures])
        if page.dropped_figures:
            record.notes.append(f"{page.dropped_figures} more figures not checked (CAPTIONCHECK_MAX_FIGURES)")
        loaded = await self._load_images(page, record, options) if images else {}
        return ReadPage(record, page, loaded)

    async def _load_html(self, target: PageTarget) -> tuple[str, str]:
        if target.is_local:
            data = await asyncio.to_thread(_read_local, target.url, self.settings.audit_max_page_bytes)
            return _decode(data, ""), target.url
        fetched = await self.fetcher.get(target.url, max_bytes=self.settings.audit_max_page_bytes)
        if looks_like_sitemap(fetched.body):
            raise FetchError("is a sitemap, not a page (sitemap targets end in .xml or have 'sitemap' in their name)")
        if not _is_html(fetched.content_type, fetched.body):
            raise FetchError(f"not an HTML page (Content-Type: {fetched.content_type or 'none'})")
        return _decode(fetched.body, fetched.content_type), fetched.url

    async def _load_images(self, page: ExtractedPage, record: PageRecord,
                           options: DecodeOptions | None) -> dict[int, LoadedImage]:
        sources = {i: f.image for i, f in enumerate(page.figures) if f.image}
        outcomes = await asyncio.gather(*(self._load_image(i, s, options) for i, s in sources.items()))
        images: dict[int, LoadedImage] = {}
        for (index, source), outcome in zip(sources.items(), outcomes, strict=True):
            if isinstance(outcome, LoadedImage):
                images[index] = outcome
            else:
                record.image_errors.append({"index": index, "image": short(source), "error": outcome})
        return images

    async def _load_image(self, index: int, source: str, options: DecodeOptions | None) -> LoadedImage | str:
        field = f"figures[{index}].image"
        try:
            data = await self.image_bytes(index, source)
            if isinstance(data, str):
                return data
            if self.pool is not None and options is not None:
                return await self.pool.decode_async(data, source, field, options)
            return await asyncio.to_thread(decode_image, data, source, self.settings, field)
        except (FetchError, InputError) as exc:
            return message(exc)

    async def image_bytes(self, index: int, source: str) -> bytes | str:
        """The image file's bytes, or why it is not an image (FetchError, InputError raised)."""
        if is_http(source):
            fetched = await self.fetcher.get(source, max_bytes=self.settings.max_image_bytes, accept=ACCEPT_IMAGE)
            if sniff_image_format(fetched.body) is None:
                return f"not a JPEG, PNG, WebP or GIF image (Content-Type: {fetched.content_type or 'none'})"
            return fetched.body
        field = f"figures[{index}].image"
        return await asyncio.to_thread(read_local_image_bytes, source, None, self.settings, field)


def _figure_json(figure: Any) -> dict[str, Any]:
    return {"image": short(figure.image) if figure.image else None, "caption": figure.caption,
            "credit": figure.credit, "alt": figure.alt, "found_in": figure.origin}


def _read_local(path: str, limit: int) -> bytes:
    file = Path(path).expanduser()
    if file.stat().st_size > limit:
        raise InputError(f"file is over the limit of {limit:,} bytes (CAPTIONCHECK_AUDIT_MAX_PAGE_BYTES)")
    return file.read_bytes()


def _decode(data: bytes, content_type: str) -> str:
    return html_to_unicode(content_type or None, data)[1]


def _is_html(content_type: str, body: bytes) -> bool:
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind in ("text/html", "application/xhtml+xml"):
        return True
    return kind in ("", "text/plain", "application/octet-stream") and body.lstrip()[:1] == b"<"


def message(exc: Exception) -> str:
    """An error as the audit's rows say it."""
    if isinstance(exc, InputError):
        return exc.detail
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        return f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
    if isinstance(exc, FileNotFoundError):
        return f"file not found: {exc.filename}"
    return str(exc) or type(exc).__name__


def short(source: str) -> str:
    return source.split(",", 1)[0] + ",..." if source.startswith("data:") else source
