"""The one check path: gather an article's images safely, run the engine, keep the report and
its thumbnails, record the photos in the archive. The HTTP API, the web form, the webhook and
the audit all call `CheckService`; none of them re-creates these steps.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from app.archive.lookup import ArchiveLookup
from app.archive.recorder import ArchiveRecorder, loaded_clip_embeddings
from app.archive.store import ArchiveStore
from app.engine.checker import Checker
from app.engine.images import LoadedImage, decode_image, decoded_pixels
from app.engine.pixel_budget import charge_check, check_budget, decoding_room
from app.net.images import read_image_bytes
from app.errors import InputError
from app.pipeline.decode import DecodeOptions
from app.pipeline.encode import innermost
from app.pipeline.pool import DecodePool
from app.schema import ArticleIn, Report
from app.settings import Settings
from app.storage import ReportStore
from app.storage.thumbnails import make_thumbnail


@dataclass(frozen=True)
class Checked:
    report: Report
    thumbnails: dict[int, bytes] = field(default_factory=dict)


class CheckService:
    def __init__(self, settings: Settings, checker: Checker, store: ReportStore, *,
                 decoder: DecodePool | None = None) -> None:
        self.settings = settings
        self.checker = checker
        self.store = store
        # Uploads and fetched images are decoded, hashed and thumbnailed in the shared worker
        # processes when there are some; else in the calling thread.
        self.decoder = decoder
        # Every check consults the archive of published images; drafts join it only when configured.
        archive = ArchiveStore(store.engine)
        self.archive = ArchiveLookup(archive, settings) if settings.archive_lookup else None
        self.recorder = ArchiveRecorder(archive)

    def run(self, article: ArticleIn, uploads: Mapping[int, bytes], *, source: str) -> Report:
        """Check an article whose images come from uploads, URLs or data: URIs; store the report.

        Blocking (model work): call it from a worker thread, never the event loop. The photos decoded
        here count against the per-check pixel budget (ImagesTooLarge past it).
        """
        with check_budget(self.settings):
            images = self.gather_images(article, uploads)
        return self.check_loaded(article, images, source=source).report

    def check_loaded(
        self,
        article: ArticleIn,
        images: Mapping[int, LoadedImage],
        *,
        source: str,
        record: bool | None = None,
    ) -> Checked:
        """Check an article whose images are already decoded, store the report, and record the
        photos in the archive when `record` says so (default: CAPTIONCHECK_ARCHIVE_RECORD_CHECKS)."""
        checked = self.evaluate(article, images, source=source, record=record)
        self.store.save(checked.report.model_dump(mode="json"), source=source, thumbnails=checked.thumbnails)
        return checked

    def evaluate(
        self,
        article: ArticleIn,
        images: Mapping[int, LoadedImage],
        *,
        source: str,
        record: bool | None = None,
    ) -> Checked:
        """check_loaded without storing the report: the audit's storage stage stores many at once."""
        report = self.checker.check(article, images=dict(images), archive=self.archive)
        thumbnails = self._thumbnails(images)
        if (self.settings.archive_record_checks if record is None else record) and images:
            embeddings = loaded_clip_embeddings(self.checker.encoders, images)
            self.recorder.record(article, images, source=source, embeddings=embeddings)
        return Checked(report, thumbnails)

    def _thumbnails(self, images: Mapping[int, LoadedImage]) -> dict[int, bytes]:
        made = {i: img.thumbnail for i, img in images.items() if getattr(img, "thumbnail", None)}
        rest = {i: img for i, img in images.items() if i not in made}
        stored = self.store.thumbnails_by_hash([img.sha256 for img in rest.values()])
        made.update({
            i: stored.get(img.sha256) or make_thumbnail(img.image, self.settings.thumbnail_px)
            for i, img in rest.items()
        })
        return {i: made[i] for i in images}

    def gather_images(self, article: ArticleIn, uploads: Mapping[int, bytes]) -> dict[int, LoadedImage]:
        unknown = sorted(set(uploads) - set(range(len(article.figures))))
        if unknown:
            raise InputError(
                f"an image was uploaded for figure {unknown[0]}, but the article has "
                f"{len(article.figures)} figure(s)",
                field=f"figure-{unknown[0]}",
            )
        read: dict[int, tuple[bytes, str] | InputError] = {}
        for index, figure in enumerate(article.figures):
            if index in uploads:
                read[index] = (uploads[index], f"upload:figure-{index}")
            elif figure.image:
                try:
                    read[index] = (self._remote_bytes(figure.image, f"figures[{index}].image"), figure.image)
                except InputError as exc:
                    read[index] = exc
        return self._decode_all(read)

    def decode_options(self) -> DecodeOptions:
        """What the decode workers make of an image besides decoding it, for a check here."""
        clip = self.checker.encoders.clip() if self.checker.encoders.clip_loaded else None
        spec = getattr(innermost(clip), "pixel_spec", None) if clip is not None else None
        if self.settings.archive_record_checks:
            kind = "full"
        else:
            kind = "query" if self.archive is not None and not self.archive.store.empty() else "none"
        return DecodeOptions.for_checks(self.settings, pixels=spec, fingerprint=kind, ocr=False)

    def _decode_all(self, read: Mapping[int, tuple[bytes, str] | InputError]) -> dict[int, LoadedImage]:
        """Decode every image, in figure order (in the worker processes when there are some, all at
        once); the first problem in figure order, reading or decoding, is the error."""
        fields = {index: f"figures[{index}].image" for index in read}
        if self.decoder is None:
            return self._decode_here(read, fields)
        jobs: dict[int, tuple[bytes, str]] = {}
        unreadable = next((job for job in read.values() if isinstance(job, InputError)), None)
        for index, job in read.items():
            if isinstance(job, InputError):
                break  # the figures before it may fail first; none after it are decoded
            jobs[index] = job
        images: dict[int, LoadedImage] = {}
        for index, outcome in zip(jobs, self._decode_in_workers(self.decoder, jobs, fields), strict=True):
            if isinstance(outcome, str):
                raise InputError(outcome, field=fields[index])
            images[index] = outcome
        if unreadable is not None:
            raise unreadable
        return images

    def _decode_in_workers(self, decoder: DecodePool, jobs: Mapping[int, tuple[bytes, str]],
                           fields: Mapping[int, str]) -> list[LoadedImage | str]:
        """The photos decoded at once in the worker processes, within this process's pixel budgets:
        each counted against the check first (in figure order: the photo past the budget is the
        one named), then holding its room in the in-flight budget while a worker decodes it."""
        sizes = {index: decoded_pixels(data) for index, (data, _) in jobs.items()}
        for index, size in sizes.items():
            charge_check(size, fields[index])
        options = self.decode_options()

        def decode(index: int) -> LoadedImage | str:
            data, source = jobs[index]
            # A pool thread does not carry the check's allowance (contextvars stay with the request's
            # thread), so decoding_room only waits for room here: the charge was made above.
            with decoding_room(sizes[index], self.settings, fields[index]):
                return decoder.decode(data, source, fields[index], options)

        if not jobs:
            return []
        with ThreadPoolExecutor(min(len(jobs), max(1, decoder.workers)), thread_name_prefix="captioncheck-upload") \
                as threads:
            return list(threads.map(decode, jobs))

    def _decode_here(self, read: Mapping[int, tuple[bytes, str] | InputError],
                     fields: Mapping[int, str]) -> dict[int, LoadedImage]:
        images: dict[int, LoadedImage] = {}
        for index, job in read.items():
            if isinstance(job, InputError):
                raise job
            images[index] = decode_image(job[0], job[1], self.settings, fields[index])
        return images

    def _remote_bytes(self, source: str, field: str) -> bytes:
        if not source.startswith(("http://", "https://", "data:")):
            raise InputError(
                "local file paths are not accepted over HTTP: upload the file "
                "(multipart field figure-<index>), or give an http(s) URL or a data: URI",
                field=field,
            )
        # URLs go through the address-checked fetcher (app.net.safe_fetch).
        return read_image_bytes(source, None, self.settings, field)
