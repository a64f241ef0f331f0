"""Pages in, records out: fetch -> extract -> images -> engine -> store (and the image archive),
many pages at once. `PageReader` is the fetch-extract-images half, shared with `archive index`.

Network work runs on the event loop; extraction and decoding in worker threads; the engine
in one dedicated thread, so the models never run twice at once and database writes queue.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError
from w3lib.encoding import html_to_unicode

from app.archive.provenance import RecordPolicy
from app.audit.extract import extract_page
from app.audit.fetch import Fetcher, FetchError, RobotsDisallowed
from app.audit.model import ExtractedPage, NoArticleFound
from app.audit.records import CHECKED, ERROR, NO_ARTICLE, SKIPPED, PageRecord
from app.audit.sanitize import unforeseen
from app.audit.sitemaps import looks_like_sitemap
from app.audit.targets import PageTarget
from app.audit.urls import is_http
from app.engine.checker import Checker
from app.engine.images import LoadedImage, decode_image, read_local_image_bytes
from app.errors import InputError
from app.net.safe_fetch import sniff_image_format
from app.schema import ArticleIn
from app.settings import Settings
from app.service import Checked, CheckService
from app.storage import ReportStore

T = TypeVar("T")
ACCEPT_IMAGE = "image/jpeg,image/png,image/webp,image/gif;q=0.9,*/*;q=0.1"
OnDone = Callable[[int, PageRecord], None]


@dataclass
class ReadPage:
    """A page fetched and read: its record so far, what extraction found, and its loaded images."""

    record: PageRecord
    page: ExtractedPage | None = None  # None when the page could not be read or has no article
    images: dict[int, LoadedImage] = field(default_factory=dict)


class PageReader:
    """Fetches a page (or reads a saved file), extracts its article and figures, loads the images."""

    def __init__(self, settings: Settings, fetcher: Fetcher) -> None:
        self.settings = settings
        self.fetcher = fetcher

    async def read(self, target: PageTarget, *, images: bool = True) -> ReadPage:
        try:
            html, final_url = await self._load_html(target)
        except RobotsDisallowed as exc:
            return ReadPage(PageRecord(target.url, SKIPPED, error=str(exc)))
        except (FetchError, OSError, InputError) as exc:
            return ReadPage(PageRecord(target.url, ERROR, error=_message(exc)))
        moved = final_url if final_url != target.url else None
        extract = partial(extract_page, max_figures=self.settings.max_figures, hints=target.hints)
        try:
            page = await asyncio.to_thread(extract, html, final_url)
        except NoArticleFound as exc:
            return ReadPage(PageRecord(target.url, NO_ARTICLE, error=str(exc), final_url=moved))
        record = PageRecord(target.url, CHECKED, final_url=moved, figures=[_figure_json(f) for f in page.figures])
        if page.dropped_figures:
            record.notes.append(f"{page.dropped_figures} more figures not checked (CAPTIONCHECK_MAX_FIGURES)")
        loaded = await self._load_images(page, record) if images else {}
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

    async def _load_images(self, page: ExtractedPage, record: PageRecord) -> dict[int, LoadedImage]:
        sources = {i: f.image for i, f in enumerate(page.figures) if f.image}
        outcomes = await asyncio.gather(*(self._load_image(i, s) for i, s in sources.items()))
        images: dict[int, LoadedImage] = {}
        for (index, source), outcome in zip(sources.items(), outcomes, strict=True):
            if isinstance(outcome, LoadedImage):
                images[index] = outcome
            else:
                record.image_errors.append({"index": index, "image": _short(source), "error": outcome})
        return images

    async def _load_image(self, index: int, source: str) -> LoadedImage | str:
        field = f"figures[{index}].image"
        try:
            if is_http(source):
                fetched = await self.fetcher.get(source, max_bytes=self.settings.max_image_bytes, accept=ACCEPT_IMAGE)
                data = fetched.body
                if sniff_image_format(data) is None:
                    return f"not a JPEG, PNG, WebP or GIF image (Content-Type: {fetched.content_type or 'none'})"
            else:
                data = await asyncio.to_thread(read_local_image_bytes, source, None, self.settings, field)
            return await asyncio.to_thread(decode_image, data, source, self.settings, field)
        except (FetchError, InputError) as exc:
            return _message(exc)


class AuditRunner:
    def __init__(
        self,
        settings: Settings,
        checker: Checker,
        fetcher: Fetcher,
        *,
        reports: ReportStore,
        captions_only: bool = False,
        record_archive: bool = True,
    ) -> None:
        self.settings = settings
        self.fetcher = fetcher
        self.captions_only = captions_only
        self.reader = PageReader(settings, fetcher)
        self.service = CheckService(settings, checker, reports)
        # Published pages join the archive of images, after being looked up in it themselves.
        self.record_archive = record_archive
        self._model: ThreadPoolExecutor | None = None

    async def run(self, targets: Sequence[tuple[int, PageTarget]], on_done: OnDone) -> dict[int, PageRecord]:
        """Audit every (position, page); `on_done` runs in the engine thread after each page."""
        # Bounds how many fetched pages (and their decoded images) wait for the engine at once.
        in_flight = asyncio.Semaphore(max(2, self.fetcher.options.concurrency * 2))
        self._model = ThreadPoolExecutor(max_workers=1, thread_name_prefix="captioncheck-audit-model")
        # Pages of sites not listed as trusted join the archive only when asked, marked untrusted.
        self.service.recorder.policy = RecordPolicy.from_settings(self.settings)

        async def one(position: int, target: PageTarget) -> tuple[int, PageRecord]:
            async with in_flight:
                try:
                    record = await self.audit_page(target)
                except Exception as exc:  # noqa: BLE001  one hostile page must not end the audit
                    record = PageRecord(target.url, ERROR, error=f"could not audit this page ({unforeseen(exc)})")
            await self._in_model(on_done, position, record)
            return position, record

        tasks = [asyncio.create_task(one(p, t)) for p, t in targets]
        try:
            return dict(await asyncio.gather(*tasks))
        finally:
            for task in tasks:
                task.cancel()
            self._model.shutdown(wait=False, cancel_futures=True)

    async def audit_page(self, target: PageTarget) -> PageRecord:
        read = await self.reader.read(target, images=not self.captions_only)
        record = read.record
        if read.page is None:
            return record
        try:
            article = _article(read.page, target.url, set(read.images))
            checked = await self._in_model(self._check, article, read.images)
            record.report, record.thumbnails = checked.report.model_dump(mode="json"), checked.thumbnails
        except (InputError, ValidationError) as exc:
            record.status, record.error = ERROR, _message(exc)
        return record

    def _check(self, article: ArticleIn, images: dict[int, LoadedImage]) -> Checked:
        return self.service.check_loaded(article, images, source="audit", record=self.record_archive)

    async def _in_model(self, func: Callable[..., T], *args: Any) -> T:
        if self._model is None:
            return func(*args)
        return await asyncio.get_running_loop().run_in_executor(self._model, partial(func, *args))


def _article(page: ExtractedPage, url: str, loaded: set[int]) -> ArticleIn:
    """The page as the engine's input; a figure whose image failed is checked on its caption alone."""
    article = page.article()
    figures = [f if i in loaded else f.model_copy(update={"image": None}) for i, f in enumerate(article.figures)]
    return article.model_copy(update={"url": url, "figures": figures})


def _figure_json(figure: Any) -> dict[str, Any]:
    return {"image": _short(figure.image) if figure.image else None, "caption": figure.caption,
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


def _message(exc: Exception) -> str:
    if isinstance(exc, InputError):
        return exc.detail
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        return f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
    if isinstance(exc, FileNotFoundError):
        return f"file not found: {exc.filename}"
    return str(exc) or type(exc).__name__


def _short(source: str) -> str:
    return source.split(",", 1)[0] + ",..." if source.startswith("data:") else source
