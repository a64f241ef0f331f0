"""The first stages `--engine ray` runs as Ray Data operators (app.audit.ray_engine builds the
pipeline): PageFetcher (CPU actors) -> decode_pages (CPU tasks) -> the actors of
app.audit.ray_actors (checks, or archive writes).

Each stage takes and returns an Arrow batch of rows (position, payload), the payload a pickled
`PageWork`. Pickled because a page in flight holds what Arrow has no type for (the extracted
page, decoded images); the payloads are made and read by these stages only, inside the
cluster, as Ray's own calls are. Each step is the local engine's: PageReader reads the page
and fetches image bytes, decode_outcome (app.pipeline.decode) decodes, hashes, thumbnails,
prepares CLIP's pixels and reads the text in the photo, as the local decode pool does.
"""

from __future__ import annotations

import asyncio
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.archive.outcomes import KNOWN
from app.archive.provenance import RecordPolicy
from app.audit.fetch import FetchError, FetchOptions
from app.audit.model import ExtractedPage
from app.audit.records import ERROR, PageRecord
from app.audit.sanitize import unforeseen
from app.audit.targets import PageTarget
from app.engine.images import LoadedImage
from app.errors import InputError
from app.engine.encoders.pixels import PixelSpec
from app.pipeline.decode import DecodeOptions, FingerprintKind, decode_outcome
from app.settings import Settings

if TYPE_CHECKING:
    import pyarrow as pa


@dataclass
class PageWork:
    """One page on its way through the stages."""

    target: PageTarget
    record: PageRecord
    page: ExtractedPage | None = None  # None: unreadable, no article, or already archived
    image_bytes: dict[int, tuple[str, bytes]] = field(default_factory=dict)  # figure -> (source, bytes)
    images: dict[int, LoadedImage] = field(default_factory=dict)
    archived_before: bool = False  # archive index: the page was read by an earlier run
    stored: int = 0  # archive index: images recorded


def pack(rows: Iterable[tuple[int, PageWork]]) -> pa.Table:
    import pyarrow as pa

    listed = list(rows)
    return pa.table({"position": pa.array([position for position, _ in listed], pa.int64()),
                     "payload": pa.array([pickle.dumps(work) for _, work in listed], pa.large_binary())})


def unpack(batch: pa.Table) -> list[tuple[int, PageWork]]:
    positions = batch.column("position").to_pylist()
    return [(p, pickle.loads(raw)) for p, raw in zip(positions, batch.column("payload").to_pylist(), strict=True)]


def failed(target: PageTarget, exc: BaseException) -> PageRecord:
    """A page that raised what nothing foresaw: one error row, as the local engine writes it."""
    return PageRecord(target.url, ERROR, error=f"could not audit this page ({unforeseen(exc)})")


class PageFetcher:
    """Fetches pages, extracts their articles and fetches their images' bytes (decoding is the next
    stage's). An actor, not a task, so that one polite Fetcher (per-host limits, robots.txt,
    connections) lives across batches on the actor's own event loop."""

    def __init__(self, settings: Settings, options: FetchOptions, *, images: bool = True,
                 skip_archived: bool = False) -> None:
        from app.audit.fetch import Fetcher
        from app.audit.reader import PageReader

        self.images = images
        self.loop = asyncio.new_event_loop()
        self.reader = PageReader(settings, Fetcher(options))
        self.database = settings.resolved_database_url() if skip_archived else None

    def __call__(self, batch: pa.Table) -> pa.Table:
        rows = unpack(batch)
        works = self.loop.run_until_complete(self._read_all([work.target for _, work in rows]))
        return pack(zip((position for position, _ in rows), works, strict=True))

    async def _read_all(self, targets: list[PageTarget]) -> list[PageWork]:
        archived = await asyncio.to_thread(self._archived, [target.url for target in targets])
        return await asyncio.gather(*(self._read(target, target.url in archived) for target in targets))

    def _archived(self, urls: list[str]) -> set[str]:
        if self.database is None:
            return set()
        from app.archive.bulk import done_pages
        from app.storage import ReportStore

        with ReportStore(self.database) as store:
            return set(done_pages(store.engine, urls))

    async def _read(self, target: PageTarget, archived_before: bool) -> PageWork:
        if archived_before:
            return PageWork(target, PageRecord(target.url, KNOWN), archived_before=True)
        try:
            read = await self.reader.read(target, images=False)
            work = PageWork(target, read.record, read.page)
            if read.page is not None and self.images:
                await self._fetch_images(work)
            return work
        except Exception as exc:  # noqa: BLE001  one hostile page must not end the run
            return PageWork(target, failed(target, exc))

    async def _fetch_images(self, work: PageWork) -> None:
        from app.audit.reader import message, short

        assert work.page is not None
        sources = {i: f.image for i, f in enumerate(work.page.figures) if f.image}

        async def one(index: int, source: str) -> bytes | str:
            try:
                return await self.reader.image_bytes(index, source)
            except (FetchError, InputError) as exc:
                return message(exc)

        outcomes = await asyncio.gather(*(one(i, s) for i, s in sources.items()))
        for (index, source), outcome in zip(sources.items(), outcomes, strict=True):
            if isinstance(outcome, bytes):
                work.image_bytes[index] = (source, outcome)
            else:
                work.record.image_errors.append({"index": index, "image": short(source), "error": outcome})


@dataclass(frozen=True)
class DecodePlan:
    """What the decode tasks make of a page's images, decided per page as the local engine decides
    (AuditRunner._options, ArchiveIndexer.options)."""

    settings: Settings
    checks: bool = True  # audit: thumbnail, CLIP's pixels, the text in the photo; archive index: fingerprints
    spec: PixelSpec | None = None  # CLIP's resize and crop; None: the encoder preprocesses
    recorded_by: RecordPolicy | None = None  # audit: pages this policy records get full fingerprints
    lookups: bool = False  # audit: the other pages are looked up in the archive (whole-frame hash)

    def for_page(self, url: str) -> DecodeOptions:
        if not self.checks:  # the archive keeps each image's fingerprint and size, not its metadata
            return DecodeOptions(self.settings.model_copy(update={"photo_metadata_enabled": False}),
                                 fingerprint="full")
        from app.pipeline.audit_stages import decode_options

        recorded = self.recorded_by is not None and self.recorded_by.source_for("audit", url) is not None
        kind: FingerprintKind = "full" if recorded else "query" if self.lookups else "none"
        return decode_options(self.settings, self.spec, kind)


def decode_pages(batch: pa.Table, plan: DecodePlan) -> pa.Table:
    """Decodes the fetched images, with everything made beside decoding: a CPU task per batch."""
    rows = unpack(batch)
    for _, work in rows:
        try:
            decode_work(work, plan.for_page(work.target.url))
        except Exception as exc:  # noqa: BLE001  one hostile page must not end the run
            work.page, work.images, work.record = None, {}, failed(work.target, exc)
    return pack(rows)


def decode_work(work: PageWork, options: DecodeOptions) -> None:
    from app.audit.reader import short

    for index, (source, data) in sorted(work.image_bytes.items()):
        outcome = decode_outcome(data, source, f"figures[{index}].image", options)
        if isinstance(outcome, str):
            work.record.image_errors.append({"index": index, "image": short(source), "error": outcome})
        else:
            work.images[index] = outcome
    work.image_bytes = {}
    work.record.image_errors.sort(key=lambda error: error["index"])  # fetch and decode failures, in page order
