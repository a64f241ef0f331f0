"""`captioncheck archive index`: published pages read with the audit's fetching and extraction,
every captioned figure's image recorded in the archive. No model runs.

Two stages joined by a bounded queue: fetching (async, polite per host; each image decoded and
fingerprinted in the decode pool as soon as it arrives), then storage, which records a batch of
pages (their images, hash rows and uses, and the pages as read) in one transaction with bulk
inserts (app.archive.bulk).

Incremental and resumable: pages are remembered as read in the same transaction as their
images, so the next run (after an interruption, or over a sitemap that grew) skips pages
already read; pages that failed are tried again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from app.archive.bulk import PageWrite, done_pages, write_pages
from app.archive.outcomes import INDEXED, KNOWN, IndexSummary, PageOutcome
from app.archive.recorder import ArchiveRecorder
from app.archive.store import ArchiveStore
from app.audit.fetch import Fetcher
from app.audit.reader import PageReader, ReadPage
from app.audit.records import ERROR, NO_ARTICLE, PageRecord
from app.audit.sanitize import unforeseen
from app.audit.targets import PageTarget
from app.pipeline.decode import DecodeOptions
from app.pipeline.pool import DecodePool
from app.pipeline.stages import StageProgress, StageQueue, StageThread
from app.settings import Settings

STAGES = ("fetched", "decoded", "stored")  # pages, images, pages


@dataclass
class _Read:
    target: PageTarget
    read: ReadPage | None  # None: archived by an earlier run


class ArchiveIndexer:
    def __init__(self, settings: Settings, fetcher: Fetcher, store: ArchiveStore, *, refresh: bool = False,
                 pool: DecodePool | None = None, batch_pages: int = 32) -> None:
        self.settings = settings
        self.pool = pool
        self.reader = PageReader(settings, fetcher, pool)
        self.store = store
        self.recorder = ArchiveRecorder(store)
        self.refresh = refresh
        self.concurrency = fetcher.options.concurrency
        self.batch_pages = max(1, batch_pages)
        self.progress = StageProgress(STAGES, units={"decoded": "images"})
        # The archive needs each image's fingerprint and size; its photo metadata is not kept.
        quiet = settings.model_copy(update={"photo_metadata_enabled": False})
        self.options = DecodeOptions(quiet, fingerprint="full")

    async def run(self, pages: Sequence[PageTarget], on_done: Callable[[PageOutcome], None]) -> IndexSummary:
        """Index every page; `on_done` runs after each one is stored (on the event loop)."""
        summary = IndexSummary()
        own_pool = self.pool is None
        if own_pool:
            self.pool = self.reader.pool = DecodePool(self.settings.decode_workers)
        known = set() if self.refresh else await asyncio.to_thread(done_pages, self.store.engine,
                                                                   [p.url for p in pages])
        queue: StageQueue[_Read] = StageQueue(max(2, self.concurrency * 2))
        writer = StageThread("archive-writer")
        tasks = [asyncio.create_task(self._fetch_stage(iter(pages), known, queue)),
                 asyncio.create_task(self._store_stage(queue, writer, summary, on_done))]
        try:
            await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()
            writer.close()
            if own_pool and self.pool is not None:
                self.pool.close()
                self.pool = self.reader.pool = None
        return summary

    async def _fetch_stage(self, pages: Iterator[PageTarget], known: set[str], out: StageQueue[_Read]) -> None:
        async def fetcher() -> None:
            for target in pages:  # one iterator shared by all: pages start in order
                read = None if target.url in known else await self._read(target)
                self.progress.advance("fetched")
                self.progress.advance("decoded", len(read.images) if read else 0)
                await out.put(_Read(target, read))  # waits while the writer is behind

        await asyncio.gather(*(fetcher() for _ in range(max(2, self.concurrency * 2))))
        await out.close()

    async def _read(self, target: PageTarget) -> ReadPage:
        try:
            return await self.reader.read(target, options=self.options)
        except Exception as exc:  # noqa: BLE001  one hostile page must not end the run
            return ReadPage(PageRecord(target.url, ERROR, error=f"could not read this page ({unforeseen(exc)})"))

    async def _store_stage(self, inbox: StageQueue[_Read], writer: StageThread, summary: IndexSummary,
                           on_done: Callable[[PageOutcome], None]) -> None:
        ended = False
        while not ended:
            batch, ended = await inbox.batch(self.batch_pages)
            if not batch:
                continue
            outcomes = await writer.run(self._store, batch)
            for outcome in outcomes:
                summary.outcomes.append(outcome)
                self.progress.advance("stored")
                on_done(outcome)

    def _store(self, batch: list[_Read]) -> list[PageOutcome]:
        """One transaction: the batch's images and uses, and its pages marked read."""
        writes: list[PageWrite] = []
        for item in batch:
            write = self._write_for(item)
            if write is not None:
                writes.append(write)
        stored = dict(zip((w.url for w in writes), write_pages(self.store.engine, writes), strict=True))
        return [self._outcome(item, stored) for item in batch]

    def _write_for(self, item: _Read) -> PageWrite | None:
        read = item.read
        if read is None:
            return None
        if read.page is None:
            return PageWrite(item.target.url, NO_ARTICLE) if read.record.status == NO_ARTICLE else None
        article = read.page.article().model_copy(update={"url": item.target.url})
        prepared = self.recorder.prepare(article, read.images, source="archive", known=set())
        if prepared is None:
            return None
        return PageWrite(item.target.url, INDEXED, *prepared)

    @staticmethod
    def _outcome(item: _Read, stored: dict[str, int]) -> PageOutcome:
        url, read = item.target.url, item.read
        if read is None:
            return PageOutcome(url, KNOWN)
        if read.page is None:
            return PageOutcome(url, read.record.status, error=read.record.error)
        return PageOutcome(url, INDEXED, stored.get(url, 0), image_errors=len(read.record.image_errors))
