"""The one check path: gather an article's images safely, run the engine, keep the report and
its thumbnails, record the photos in the archive. The HTTP API, the web form, the webhook and
the audit all call `CheckService`; none of them re-creates these steps.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.archive.lookup import ArchiveLookup
from app.archive.recorder import ArchiveRecorder, loaded_clip_embeddings
from app.archive.store import ArchiveStore
from app.engine.checker import Checker
from app.engine.images import LoadedImage, decode_image
from app.engine.pixel_budget import check_budget
from app.net.images import read_image_bytes
from app.errors import InputError
from app.schema import ArticleIn, Report
from app.settings import Settings
from app.storage import ReportStore
from app.storage.thumbnails import make_thumbnail


@dataclass(frozen=True)
class Checked:
    report: Report
    thumbnails: dict[int, bytes] = field(default_factory=dict)


class CheckService:
    def __init__(self, settings: Settings, checker: Checker, store: ReportStore) -> None:
        self.settings = settings
        self.checker = checker
        self.store = store
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
        report = self.checker.check(article, images=dict(images), archive=self.archive)
        thumbnails = self._thumbnails(images)
        self.store.save(report.model_dump(mode="json"), source=source, thumbnails=thumbnails)
        if (self.settings.archive_record_checks if record is None else record) and images:
            embeddings = loaded_clip_embeddings(self.checker.encoders, images)
            self.recorder.record(article, images, source=source, embeddings=embeddings)
        return Checked(report, thumbnails)

    def _thumbnails(self, images: Mapping[int, LoadedImage]) -> dict[int, bytes]:
        stored = self.store.thumbnails_by_hash([img.sha256 for img in images.values()])
        return {
            i: stored.get(img.sha256) or make_thumbnail(img.image, self.settings.thumbnail_px)
            for i, img in images.items()
        }

    def gather_images(self, article: ArticleIn, uploads: Mapping[int, bytes]) -> dict[int, LoadedImage]:
        unknown = sorted(set(uploads) - set(range(len(article.figures))))
        if unknown:
            raise InputError(
                f"an image was uploaded for figure {unknown[0]}, but the article has "
                f"{len(article.figures)} figure(s)",
                field=f"figure-{unknown[0]}",
            )
        images: dict[int, LoadedImage] = {}
        for index, figure in enumerate(article.figures):
            field = f"figures[{index}].image"
            if index in uploads:
                images[index] = decode_image(uploads[index], f"upload:figure-{index}", self.settings, field)
            elif figure.image:
                images[index] = self._remote_image(figure.image, field)
        return images

    def _remote_image(self, source: str, field: str) -> LoadedImage:
        if not source.startswith(("http://", "https://", "data:")):
            raise InputError(
                "local file paths are not accepted over HTTP: upload the file "
                "(multipart field figure-<index>), or give an http(s) URL or a data: URI",
                field=field,
            )
        # URLs go through the address-checked fetcher (app.net.safe_fetch).
        return decode_image(read_image_bytes(source, None, self.settings, field), source, self.settings, field)
