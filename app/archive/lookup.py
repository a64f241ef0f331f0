"""Earlier uses of an image: the same file (content hash), then edited copies (perceptual hash
via the band index, verified by thumbnail similarity), from other articles published before."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.engine import make_url

from app.archive.fingerprint import fingerprint_of
from app.archive.index import DEFAULT_BAND_RADIUS
from app.engine.earlier_uses import ArchiveMatch, MatchKind
from app.archive.model import key_of
from app.archive.similarity import similarity
from app.archive.store import ArchiveStore
from app.engine.images import LoadedImage
from app.schema import ArticleIn
from app.settings import Settings
from app.storage import ReportStore, StorageError

Found = dict[int, tuple[MatchKind, int, float]]  # image id -> (kind, distance, similarity)


class ArchiveLookup:
    """Implements app.archive.model.EarlierUses over an ArchiveStore. Thread-safe."""

    def __init__(self, store: ArchiveStore, settings: Settings) -> None:
        self.store = store
        self.max_distance = settings.archive_max_distance
        self.min_similarity = settings.archive_min_similarity

    def earlier_uses(self, image: LoadedImage, article: ArticleIn) -> list[ArchiveMatch]:
        """Uses of `image` (or a copy) in other articles, not published after this one; oldest first."""
        found = self.matches(image)
        if not found:
            return []
        key, published = key_of(article), article.published_date()
        matches = [
            ArchiveMatch(use, *found[image_id])
            for image_id, uses in self.store.uses(list(found)).items()
            for use in uses
            if use.article_key != key and not (published and use.published and use.published > published)
        ]
        matches.sort(key=lambda m: (m.use.published is None, m.use.published or date.min, m.kind != "exact"))
        return matches

    def matches(self, image: LoadedImage) -> Found:
        """Archived images that are this one: exact by content hash, near by fingerprint."""
        if self.store.empty():
            return {}
        found: Found = {}
        exact = self.store.exact(image.sha256)
        if exact is not None:
            found[exact] = ("exact", 0, 1.0)
        query = fingerprint_of(image, views=False)
        if not query.distinctive:
            return found
        near = self.store.near(query.phash, band_radius=DEFAULT_BAND_RADIUS, max_distance=self.max_distance)
        if exact is not None:
            near.pop(exact, None)
        for image_id, thumb in self.store.thumbs(list(near)).items():
            score = similarity(query.thumb, thumb)
            if score >= self.min_similarity:
                found[image_id] = ("near", near[image_id], score)
        return found


def open_existing_lookup(settings: Settings) -> tuple[ArchiveLookup, ReportStore] | None:
    """The archive of the configured database when there is one (a missing SQLite file is not
    created); None when archive lookups are off or the database cannot be opened."""
    if not settings.archive_lookup:
        return None
    url = settings.resolved_database_url()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:" or not Path(parsed.database).expanduser().exists():
            return None
    try:
        store = ReportStore(url)
    except StorageError:
        return None
    return ArchiveLookup(ArchiveStore(store.engine), settings), store
