"""The last stage of `--engine ray`, as Ray Data actor pools (app.audit.ray_engine builds the
pipeline; app.audit.ray_stages has the stages before it and the batch format):

- PageChecker holds the models (a GPU each when the cluster has GPUs): a batch's images go
  through CLIP together, then each page is checked, and the batch's reports, thumbnails and
  audit page rows are written in one transaction, as the local engine's encode, check and
  store stages do (app.audit.runner.AuditRunner).
- ArchiveWriter records a batch of pages in the archive in one transaction, as `archive index`
  does locally (app.audit.archive_index.ArchiveIndexer).

Every node writes to the one database (PostgreSQL when the cluster is more than this machine).
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import TYPE_CHECKING

from app.audit.ray_stages import PageWork, failed, pack, unpack
from app.audit.records import ERROR, NO_ARTICLE
from app.errors import InputError, short_error
from app.settings import Settings

if TYPE_CHECKING:
    import pyarrow as pa

    from app.archive.bulk import PageWrite

log = logging.getLogger(__name__)


class PageChecker:
    """Encodes, checks and stores batches of pages; `run_id`: the audit run whose page rows it writes."""

    def __init__(self, settings: Settings, *, run_id: str | None, images: bool = True,
                 record_archive: bool = True) -> None:
        from app.archive.provenance import RecordPolicy
        from app.engine.checker import Checker
        from app.engine.encoders.cached import cached_provider
        from app.pipeline.audit_stages import EncodeStage
        from app.service import CheckService
        from app.storage import EmbeddingStore, ReportStore

        reports = ReportStore(settings.resolved_database_url())
        models = cached_provider(settings, EmbeddingStore(reports.engine))
        self.encode: EncodeStage[PageWork] = EncodeStage(models, settings.batch_size,
                                                         images_of=lambda work: list(work.images.values()))
        self.service = CheckService(settings, Checker(settings, self.encode.provider), reports)
        # Pages of sites not listed as trusted join the archive only when asked, marked untrusted.
        self.service.recorder.policy = RecordPolicy.from_settings(settings)
        self.settings = settings
        self.run_id = run_id
        self.record_archive = record_archive
        if images:
            self.encode.load()  # at the actor's start, not in its first batch

    def __call__(self, batch: pa.Table) -> pa.Table:
        rows = unpack(batch)
        self.encode_batch([work for _, work in rows])
        for _, work in rows:
            self.check_page(work)
        self.store_batch(rows)
        return pack(rows)

    def encode_batch(self, works: list[PageWork]) -> None:
        """The batch's images, then its captions, through CLIP at once (as the local encode stage
        does); the rows wait in the stage's CLIP for the checks."""
        images = [image for work in works for image in work.images.values()]
        if not images or self.encode.embedder is None or self.encode.clip is None:
            return
        try:
            rows = self.encode.embedder.encode_batch(images)
            # Each page releases its rows after its check: held once per page showing the image.
            self.encode.clip.add(rows, Counter(sha for w in works for sha in {i.sha256 for i in w.images.values()}))
            self.encode.clip.encode_texts([text for work in works for text in self._caption_texts(work)])
        except Exception as exc:  # noqa: BLE001  the checks then encode (and fail) page by page
            log.warning("encoding a batch of %d images failed: %s", len(images), short_error(exc))

    def _caption_texts(self, work: PageWork) -> list[str]:
        """As AuditRunner._caption_texts: what the image-caption signal encodes for the page."""
        from pydantic import ValidationError

        from app.audit.runner import _article
        from app.engine.article import prepare_article

        if work.page is None or not work.images:
            return []
        try:
            prepared = prepare_article(_article(work.page, work.target.url, set(work.images)), self.settings)
        except (InputError, ValidationError):
            return []
        return [prepared.scene_captions[i] for i in sorted(work.images)] + [prepared.headline_and_lead]

    def check_page(self, work: PageWork) -> None:
        """As AuditRunner.check_page: the page's report, its photos in the archive as the policy says."""
        from pydantic import ValidationError

        from app.audit.reader import message
        from app.audit.runner import _article
        from app.pipeline.audit_stages import prefill_words

        if work.page is None:
            return
        try:
            article = _article(work.page, work.target.url, set(work.images))
            prefill_words(self.encode.provider, work.images.values())
            checked = self.service.evaluate(article, work.images, source="audit", record=self.record_archive)
            work.record.report, work.record.thumbnails = checked.report.model_dump(mode="json"), checked.thumbnails
        except (InputError, ValidationError) as exc:
            work.record.status, work.record.error = ERROR, message(exc)
        except Exception as exc:  # noqa: BLE001  one hostile page must not end the audit
            work.record = failed(work.target, exc)
        finally:
            self.encode.release(work.images.values())
            work.images = {}

    def store_batch(self, rows: list[tuple[int, PageWork]]) -> None:
        """As AuditRunner._store: the reports with their thumbnails and the pages' rows, one transaction."""
        from app.storage.batch import CheckToSave, PageUpdate, check_rows, write_batch

        with_report = [work for _, work in rows if work.record.report]
        checks = check_rows([CheckToSave(w.record.report, "audit", w.record.thumbnails) for w in with_report])
        for work, row in zip(with_report, checks, strict=True):
            if isinstance(row, ValueError):
                work.record = failed(work.target, row)
        pages = [PageUpdate(position, w.record.status, w.record.to_json(), (w.record.report or {}).get("id"))
                 for position, w in rows] if self.run_id is not None else []
        write_batch(self.service.store.engine, [row for row in checks if not isinstance(row, ValueError)],
                    run_id=self.run_id, pages=pages)


class ArchiveWriter:
    """Records batches of pages in the archive (images, hash rows, uses, the pages as read)."""

    def __init__(self, settings: Settings) -> None:
        from app.archive.recorder import ArchiveRecorder
        from app.archive.store import ArchiveStore
        from app.storage import ReportStore

        self.store = ArchiveStore(ReportStore(settings.resolved_database_url()).engine)
        self.recorder = ArchiveRecorder(self.store)

    def __call__(self, batch: pa.Table) -> pa.Table:
        from app.archive.bulk import write_pages

        rows = unpack(batch)
        writes: list[tuple[PageWork, PageWrite]] = []
        for _, work in rows:
            try:
                write = self._write_for(work)
            except Exception as exc:  # noqa: BLE001  one hostile page must not end the run
                work.page, work.record, write = None, failed(work.target, exc), None
            if write is not None:
                writes.append((work, write))
            work.images = {}
        stored = write_pages(self.store.engine, [write for _, write in writes])
        for (work, _), count in zip(writes, stored, strict=True):
            work.stored = count
        return pack(rows)

    def _write_for(self, work: PageWork) -> PageWrite | None:
        """As ArchiveIndexer._write_for."""
        from app.archive.bulk import PageWrite
        from app.archive.outcomes import INDEXED

        if work.archived_before:
            return None
        if work.page is None:
            return PageWrite(work.target.url, NO_ARTICLE) if work.record.status == NO_ARTICLE else None
        article = work.page.article().model_copy(update={"url": work.target.url})
        prepared = self.recorder.prepare(article, work.images, source="archive", known=set())
        return PageWrite(work.target.url, INDEXED, *prepared) if prepared is not None else None
