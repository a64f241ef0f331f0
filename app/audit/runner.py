"""Pages in, records out, in stages joined by bounded queues (app.pipeline):

    fetch (async I/O: polite per host, many pages at once; each image decoded, hashed and
    thumbnailed in the decode pool as soon as it arrives)
    -> encode (CLIP over the images of many pages at once; the next batch is prepared while
    one runs) -> check (the text signals and verdicts, one page at a time, in one thread)
    -> store (reports, thumbnails and the pages' status in one transaction per batch).

Each queue holds a few batches at most, so a slow stage holds back the ones before it and
memory stays bounded whatever the number of pages. A page whose reading, decoding or check
fails becomes one error row; the run goes on. The reports are the same as checking each page
alone with CheckService.check_loaded (tests/audit/test_pipeline.py compares them).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from pydantic import ValidationError

from app.archive.provenance import RecordPolicy
from app.audit.fetch import Fetcher
from app.audit.model import ExtractedPage
from app.audit.reader import ACCEPT_IMAGE, PageReader, ReadPage, message, short
from app.audit.records import ERROR, PageRecord
from app.audit.sanitize import unforeseen
from app.audit.targets import PageTarget
from app.engine.checker import Checker
from app.engine.images import LoadedImage
from app.errors import InputError
from app.engine.article import PreparedArticle, prepare_article
from app.pipeline.audit_stages import EncodeStage, decode_options, prefill_words
from app.pipeline.decode import DecodeOptions, FingerprintKind
from app.pipeline.pool import DecodePool
from app.pipeline.stages import END, StageProgress, StageQueue, StageThread
from app.schema import ArticleIn
from app.service import CheckService
from app.settings import Settings
from app.storage import ReportStore
from app.storage.batch import CheckToSave, PageUpdate, check_rows, write_batch

__all__ = ["ACCEPT_IMAGE", "AuditRunner", "PageReader", "ReadPage", "STAGES", "_article", "_message", "_short"]

OnDone = Callable[[int, PageRecord], None]
STAGES = ("fetched", "decoded", "encoded", "checked", "stored")  # pages, images, images, pages, pages
_message, _short = message, short  # the names other modules import


@dataclass
class PageWork:
    """One page on its way through the stages."""

    position: int
    target: PageTarget
    record: PageRecord
    page: ExtractedPage | None = None
    images: dict[int, LoadedImage] = field(default_factory=dict)
    prepared: PreparedArticle | None = None  # the article as the engine prepares it, for the encode stage


class AuditRunner:
    """Audits pages through the staged pipeline. `pool`: the decode pool to use (one is started,
    and stopped at the end, when none is given); `batch_images`: images per CLIP batch
    (default CAPTIONCHECK_BATCH_SIZE); `batch_pages`: pages per storage transaction."""

    logs_pages = True  # run(..., run_id=...) writes the run's page rows in the storage transaction

    def __init__(
        self,
        settings: Settings,
        checker: Checker,
        fetcher: Fetcher,
        *,
        reports: ReportStore,
        captions_only: bool = False,
        record_archive: bool = True,
        pool: DecodePool | None = None,
        batch_images: int | None = None,
        batch_pages: int = 32,
    ) -> None:
        self.settings = settings
        self.fetcher = fetcher
        self.captions_only = captions_only
        self.pool = pool
        self.reader = PageReader(settings, fetcher, pool)
        self.encode: EncodeStage[PageWork] = EncodeStage(
            checker.encoders, batch_images or settings.batch_size,
            images_of=lambda work: list(work.images.values()), texts_of=self._caption_texts,
            sentences_of=self._sentences,
        )
        self.service = CheckService(settings, Checker(settings, self.encode.provider, checker.signals), reports)
        # Published pages join the archive of images, after being looked up in it themselves.
        self.record_archive = record_archive
        self.batch_pages = max(1, batch_pages)
        self.progress = StageProgress(STAGES, units={"decoded": "images", "encoded": "images"})
        self._queue_pages = max(2, fetcher.options.concurrency * 2)
        self._lookups = False
        self.threads: dict[str, StageThread] = {}
        self.queues: dict[str, StageQueue[PageWork]] = {}

    async def run(self, targets: Sequence[tuple[int, PageTarget]], on_done: OnDone, *,
                  run_id: str | None = None) -> dict[int, PageRecord]:
        """Audit every (position, page); `on_done` runs on the event loop after each page is
        stored; with `run_id`, the run's page rows are written with the reports."""
        own_pool = self.pool is None and not self.captions_only
        if own_pool:
            self.pool = self.reader.pool = DecodePool(self.settings.decode_workers)
        # Pages of sites not listed as trusted join the archive only when asked, marked untrusted.
        self.service.recorder.policy = policy = RecordPolicy.from_settings(self.settings)
        may_record = self.record_archive and bool(policy.trusted_sites.hosts or policy.record_untrusted)
        archive = self.service.archive
        self._lookups = archive is not None and (may_record or not await asyncio.to_thread(archive.store.empty))
        threads = [StageThread(name) for name in ("prepare", "model", "check", "store")]
        self.threads = {thread.name: thread for thread in threads}
        try:
            if not self.captions_only:
                await self._start(threads[1])
            return await self._stages(targets, on_done, run_id, *threads)
        finally:
            for thread in threads:
                thread.close()
            if own_pool and self.pool is not None:
                self.pool.close()
                self.pool = self.reader.pool = None

    async def _start(self, model: StageThread) -> None:
        """Load CLIP while the decode workers start: the workers need its pixel spec."""
        assert self.pool is not None
        starting = asyncio.create_task(asyncio.to_thread(self.pool.start))
        await model.run(self.encode.load)
        await starting

    async def _stages(self, targets: Sequence[tuple[int, PageTarget]], on_done: OnDone, run_id: str | None,
                      prepare: StageThread, model: StageThread, check: StageThread, store: StageThread,
                      ) -> dict[int, PageRecord]:
        fetched: StageQueue[PageWork] = StageQueue(self._queue_pages)
        encoded: StageQueue[PageWork] = StageQueue(self._queue_pages)
        checked: StageQueue[PageWork] = StageQueue(max(self._queue_pages, self.batch_pages))
        self.queues = {"fetched": fetched, "encoded": encoded, "checked": checked}
        results: dict[int, PageRecord] = {}
        tasks = [
            asyncio.create_task(self._fetch_stage(iter(targets), fetched)),
            asyncio.create_task(self.encode.run(fetched, encoded, prepare, model, self.progress)),
            asyncio.create_task(self._check_stage(encoded, checked, check)),
            asyncio.create_task(self._store_stage(checked, store, on_done, run_id, results)),
        ]
        try:
            await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()
        return results

    async def _fetch_stage(self, targets: Iterator[tuple[int, PageTarget]], out: StageQueue[PageWork]) -> None:
        async def fetcher() -> None:
            for position, target in targets:  # one iterator shared by all: pages start in order
                try:
                    work = await self.fetch_page(position, target)
                except Exception as exc:  # noqa: BLE001  one hostile page must not end the audit
                    work = PageWork(position, target, _failed(target, exc))
                self.progress.advance("fetched")
                await out.put(work)  # waits while the encoder is behind: backpressure

        await asyncio.gather(*(fetcher() for _ in range(self._queue_pages)))
        await out.close()

    async def fetch_page(self, position: int, target: PageTarget) -> PageWork:
        """The page read, its images decoded; a failure nobody foresaw is the page's error row."""
        try:
            read = await self.reader.read(target, images=not self.captions_only, options=self._options(target))
        except Exception as exc:  # noqa: BLE001  one hostile page must not end the audit
            return PageWork(position, target, _failed(target, exc))
        self.progress.advance("decoded", len(read.images))
        return PageWork(position, target, read.record, read.page, read.images)

    def _options(self, target: PageTarget) -> DecodeOptions:
        """A page to be recorded in the archive needs full fingerprints; one to be looked up, its
        whole-frame hash; otherwise none is made."""
        kind: FingerprintKind = "none"
        if self.record_archive and self.service.recorder.policy.source_for("audit", target.url) is not None:
            kind = "full"
        elif self._lookups:
            kind = "query"
        return decode_options(self.settings, self.encode.spec, kind)

    def _caption_texts(self, work: PageWork) -> list[str]:
        """What the image-caption signal will encode with CLIP: the captions, the headline and lead."""
        prepared = self._prepared(work)
        if prepared is None or not work.images:
            return []
        return [prepared.scene_captions[i] for i in sorted(work.images)] + [prepared.headline_and_lead]

    def _sentences(self, work: PageWork) -> list[str]:
        """What the text signals will encode with the sentence model: the story's sentences, the captions."""
        prepared = self._prepared(work)
        return [] if prepared is None else [*prepared.units, *prepared.scene_captions]

    def _prepared(self, work: PageWork) -> PreparedArticle | None:
        if work.page is not None and work.prepared is None:
            try:
                work.prepared = prepare_article(_article(work.page, work.target.url, set(work.images)), self.settings)
            except (InputError, ValidationError):  # the check says why, as the page's error
                return None
        return work.prepared

    async def _check_stage(self, inbox: StageQueue[PageWork], out: StageQueue[PageWork], thread: StageThread) -> None:
        while not isinstance(work := await inbox.get(), type(END)):
            try:
                await thread.run(self.check_page, work)
            except Exception as exc:  # noqa: BLE001  one hostile page must not end the audit
                work.record, work.images = _failed(work.target, exc), {}
            self.encode.release(work.images.values())
            self.progress.advance("checked")
            await out.put(work)
        await out.close()

    def check_page(self, work: PageWork) -> None:
        """The page's report (and its photos in the archive when the policy says so); blocking."""
        if work.page is None:
            return
        record = work.record
        try:
            article = _article(work.page, work.target.url, set(work.images))
            prefill_words(self.encode.provider, work.images.values())
            checked = self.service.evaluate(article, work.images, source="audit", record=self.record_archive)
            record.report, record.thumbnails = checked.report.model_dump(mode="json"), checked.thumbnails
        except (InputError, ValidationError) as exc:
            record.status, record.error = ERROR, message(exc)
        except Exception as exc:  # noqa: BLE001  one hostile page must not end the audit
            work.record = _failed(work.target, exc)
        finally:
            work.images = {}  # the decoded pictures are not needed past this stage

    async def _store_stage(self, inbox: StageQueue[PageWork], thread: StageThread, on_done: OnDone,
                           run_id: str | None, results: dict[int, PageRecord]) -> None:
        ended = False
        while not ended:
            works, ended = await inbox.batch(self.batch_pages)
            if not works:
                continue
            await thread.run(self._store, works, run_id)
            for work in works:
                results[work.position] = work.record
                self.progress.advance("stored")
                on_done(work.position, work.record)

    def _store(self, works: list[PageWork], run_id: str | None) -> None:
        """One transaction for the batch: the reports with their thumbnails, and the pages' rows."""
        with_report = [work for work in works if work.record.report]
        rows = check_rows([CheckToSave(w.record.report, "audit", w.record.thumbnails) for w in with_report])
        for work, row in zip(with_report, rows, strict=True):
            if isinstance(row, ValueError):
                work.record = _failed(work.target, row)
        pages = [PageUpdate(w.position, w.record.status, w.record.to_json(), (w.record.report or {}).get("id"))
                 for w in works] if run_id is not None else []
        write_batch(self.service.store.engine, [row for row in rows if not isinstance(row, ValueError)],
                    run_id=run_id, pages=pages)


def _article(page: ExtractedPage, url: str, loaded: set[int]) -> ArticleIn:
    """The page as the engine's input; a figure whose image failed is checked on its caption alone."""
    article = page.article()
    figures = [f if i in loaded else f.model_copy(update={"image": None}) for i, f in enumerate(article.figures)]
    return article.model_copy(update={"url": url, "figures": figures})


def _failed(target: PageTarget, exc: BaseException) -> PageRecord:
    return PageRecord(target.url, ERROR, error=f"could not audit this page ({unforeseen(exc)})")
