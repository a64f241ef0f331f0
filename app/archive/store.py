"""ArchiveStore: the image archive in the report database (any engine: SQLite or PostgreSQL).

Only plain types cross this boundary. Database failures raise StorageError.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING

from sqlalchemy import Engine, delete, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.archive.index import bands, brute_force, probes, to_signed, to_unsigned
from app.engine.earlier_uses import EarlierUse
from app.archive.model import NewUse
from app.storage.archive_tables import ArchiveHash, ArchiveImage, ArchivePage, ArchiveUse
from app.storage.engine import write_connection
from app.storage.errors import StorageError, db_errors

if TYPE_CHECKING:
    from app.archive.fingerprint import Fingerprint

_CHUNK = 500  # keys per IN (...) query
_BAND_COLUMNS = (ArchiveHash.band0, ArchiveHash.band1, ArchiveHash.band2, ArchiveHash.band3)


@dataclass(frozen=True)
class Entry:
    """One figure to record: its image (fingerprint None when the archive already has it) and use."""

    sha256: str
    width: int
    height: int
    fingerprint: Fingerprint | None
    use: NewUse
    embedding: tuple[str, bytes] | None = None  # (model, float32 bytes)


@dataclass(frozen=True)
class ArticleMeta:
    key: str
    url: str | None
    headline: str
    published: date | None
    source: str


class ArchiveStore:
    """Reads and writes the archive tables; the schema must exist (ReportStore or AuditStore made it)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def known(self, hashes: Sequence[str]) -> set[str]:
        """Which of these content hashes the archive already has."""
        unique = list(dict.fromkeys(hashes))
        found: set[str] = set()
        with db_errors("read the image archive"), Session(self.engine) as session:
            for start in range(0, len(unique), _CHUNK):
                query = select(ArchiveImage.sha256).where(ArchiveImage.sha256.in_(unique[start : start + _CHUNK]))
                found.update(session.scalars(query))
        return found

    def record(self, article: ArticleMeta, entries: Sequence[Entry]) -> int:
        """The article's figures replace whatever the archive had for it; returns the uses stored."""
        now = datetime.now(timezone.utc)
        for attempt in (1, 2):
            try:
                with db_errors("record images in the archive"), self._write() as session:
                    session.execute(delete(ArchiveUse).where(ArchiveUse.article_key == article.key))
                    stored = 0
                    for entry in entries:
                        image_id = _image_id(session, entry, now)
                        if image_id is not None:
                            session.add(_use_row(image_id, article, entry.use, now))
                            stored += 1
                return stored
            except StorageError as err:
                # Another writer stored the same new image first (PostgreSQL): once more finds it.
                if attempt == 2 or not isinstance(err.__cause__, IntegrityError):
                    raise
        return 0

    def empty(self) -> bool:
        with db_errors("read the image archive"), Session(self.engine) as session:
            return session.scalar(select(ArchiveImage.id).limit(1)) is None

    def exact(self, sha256: str) -> int | None:
        with db_errors("read the image archive"), Session(self.engine) as session:
            return session.scalar(select(ArchiveImage.id).where(ArchiveImage.sha256 == sha256))

    def near(self, value: int, *, band_radius: int, max_distance: int) -> dict[int, int]:
        """{image id: Hamming distance} of images with a hash within `max_distance` found via the bands."""
        conditions = [column.in_(probes(band, band_radius)) for column, band in zip(_BAND_COLUMNS, bands(value))]
        query = select(ArchiveHash.image_id, ArchiveHash.value).where(or_(*conditions))
        with db_errors("search the image archive"), Session(self.engine) as session:
            rows = [(row.image_id, to_unsigned(row.value)) for row in session.execute(query)]
        return brute_force(value, rows, max_distance)

    def thumbs(self, ids: Sequence[int]) -> dict[int, bytes]:
        """Thumbnails of the distinctive images among `ids` (near-flat ones are matched exactly only)."""
        found: dict[int, bytes] = {}
        with db_errors("read the image archive"), Session(self.engine) as session:
            for chunk in _chunks(list(ids)):
                query = select(ArchiveImage.id, ArchiveImage.thumb).where(
                    ArchiveImage.id.in_(chunk), ArchiveImage.distinctive.is_(True)
                )
                found.update({row.id: bytes(row.thumb) for row in session.execute(query)})
        return found

    def uses(self, ids: Sequence[int]) -> dict[int, list[EarlierUse]]:
        """Every recorded use of these images, oldest publication first."""
        found: dict[int, list[EarlierUse]] = {}
        with db_errors("read the image archive"), Session(self.engine) as session:
            for chunk in _chunks(list(ids)):
                query = select(ArchiveUse).where(ArchiveUse.image_id.in_(chunk)).order_by(ArchiveUse.id)
                for row in session.scalars(query):
                    found.setdefault(row.image_id, []).append(_earlier_use(row))
        for uses in found.values():
            uses.sort(key=lambda use: (use.published is None, use.published or date.min))
        return found

    def page_done(self, url: str) -> bool:
        with db_errors("read the image archive"), Session(self.engine) as session:
            return session.get(ArchivePage, _url_key(url)) is not None

    def mark_page(self, url: str, status: str, figures: int) -> None:
        key = _url_key(url)
        with db_errors("record an archived page"), self._write() as session:
            session.execute(delete(ArchivePage).where(ArchivePage.key == key))
            session.add(ArchivePage(key=key, url=url, status=status, figures=figures,
                                    indexed_at=datetime.now(timezone.utc)))

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with write_connection(self.engine) as conn, Session(bind=conn) as session:
            yield session
            session.flush()


def _image_id(session: Session, entry: Entry, now: datetime) -> int | None:
    """The archived image's id, inserting it (and its hash rows) when it is new."""
    existing = session.scalar(select(ArchiveImage.id).where(ArchiveImage.sha256 == entry.sha256))
    if existing is not None:
        _fill_embedding(session, existing, entry)
        return existing
    fp = entry.fingerprint
    if fp is None:
        return None  # known when the caller looked, gone since: nothing to record it with
    model, vector = entry.embedding or (None, None)
    image = ArchiveImage(sha256=entry.sha256, phash=to_signed(fp.phash), thumb=fp.thumb,
                         distinctive=fp.distinctive, width=entry.width, height=entry.height,
                         embedding=vector, embedding_model=model, first_seen=now)
    session.add(image)
    session.flush()
    if fp.distinctive:
        session.execute(insert(ArchiveHash), [_hash_row(image.id, view, value) for view, value in enumerate(fp.hashes)])
    return image.id


def _fill_embedding(session: Session, image_id: int, entry: Entry) -> None:
    if entry.embedding is None:
        return
    image = session.get(ArchiveImage, image_id)
    if image is not None and image.embedding is None:
        image.embedding_model, image.embedding = entry.embedding


def _hash_row(image_id: int, view: int, value: int) -> dict[str, int]:
    band_values = bands(value)
    row = {"image_id": image_id, "view": view, "value": to_signed(value)}
    row.update({f"band{i}": band for i, band in enumerate(band_values)})
    return row


def _use_row(image_id: int, article: ArticleMeta, use: NewUse, now: datetime) -> ArchiveUse:
    return ArchiveUse(image_id=image_id, article_key=article.key, article_url=article.url,
                      image_url=use.image_url, headline=article.headline, caption=use.caption,
                      credit=use.credit, published=article.published, source=article.source, seen_at=now)


def _earlier_use(row: ArchiveUse) -> EarlierUse:
    return EarlierUse(article_key=row.article_key, article_url=row.article_url, image_url=row.image_url,
                      headline=row.headline, caption=row.caption, credit=row.credit,
                      published=row.published, source=row.source, seen_at=row.seen_at)


def _url_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def _chunks(items: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]
