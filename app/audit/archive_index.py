"""`captioncheck archive index`: published pages read with the audit's fetching and extraction,
every captioned figure's image recorded in the archive. No model runs.

Incremental and resumable: each page is committed as it finishes and remembered, so the
next run (after an interruption, or over a sitemap that grew) skips pages already read;
pages that failed are tried again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TypeVar

from app.archive.outcomes import INDEXED, KNOWN, IndexSummary, PageOutcome
from app.archive.recorder import ArchiveRecorder
from app.archive.store import ArchiveStore
from app.audit.fetch import Fetcher
from app.audit.records import NO_ARTICLE
from app.audit.runner import PageReader
from app.audit.targets import PageTarget
from app.settings import Settings

T = TypeVar("T")


class ArchiveIndexer:
    def __init__(self, settings: Settings, fetcher: Fetcher, store: ArchiveStore, *, refresh: bool = False) -> None:
        self.reader = PageReader(settings, fetcher)
        self.store = store
        self.recorder = ArchiveRecorder(store)
        self.refresh = refresh
        self.concurrency = fetcher.options.concurrency
        self._writer: ThreadPoolExecutor | None = None

    async def run(self, pages: Sequence[PageTarget], on_done: Callable[[PageOutcome], None]) -> IndexSummary:
        """Index every page; `on_done` runs after each one (on the event loop)."""
        summary = IndexSummary()
        in_flight = asyncio.Semaphore(max(2, self.concurrency * 2))
        # Fingerprints and database writes in one thread: CPU work off the loop, writes in order.
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="captioncheck-archive")

        async def one(target: PageTarget) -> None:
            async with in_flight:
                outcome = await self.index_page(target)
            summary.outcomes.append(outcome)
            on_done(outcome)

        tasks = [asyncio.create_task(one(page)) for page in pages]
        try:
            await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()
            self._writer.shutdown(wait=True, cancel_futures=True)
            self._writer = None
        return summary

    async def index_page(self, target: PageTarget) -> PageOutcome:
        if not self.refresh and await self._in_writer(self.store.page_done, target.url):
            return PageOutcome(target.url, KNOWN)
        read = await self.reader.read(target)
        record = read.record
        if read.page is None:
            if record.status == NO_ARTICLE:
                await self._in_writer(self.store.mark_page, target.url, NO_ARTICLE, 0)
            return PageOutcome(target.url, record.status, error=record.error)
        article = read.page.article().model_copy(update={"url": target.url})
        stored = await self._in_writer(partial(self.recorder.record, source="archive"), article, read.images)
        await self._in_writer(self.store.mark_page, target.url, INDEXED, stored)
        return PageOutcome(target.url, INDEXED, stored, image_errors=len(record.image_errors))

    async def _in_writer(self, func: Callable[..., T], *args: object) -> T:
        if self._writer is None:
            return await asyncio.to_thread(func, *args)
        return await asyncio.get_running_loop().run_in_executor(self._writer, partial(func, *args))
