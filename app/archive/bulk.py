"""Many pages recorded in the archive in one transaction, with bulk inserts: what `archive index`
writes per batch. The outcome is the same as `ArchiveRecorder.record` then
`ArchiveStore.mark_page` for each page in turn (tests/archive/test_bulk.py compares them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.archive.index import to_signed
from app.archive.store import ArticleMeta, Entry, _hash_row, _url_key, _use_row
from app.storage.archive_tables import ArchiveHash, ArchiveImage, ArchivePage, ArchiveUse
from app.storage.engine import write_connection
from app.storage.errors import StorageError, db_errors

_CHUNK = 500  # keys per IN (...) query


@dataclass(frozen=True)
class PageWrite:
    """One page of a batch: mark it read with `status`; with `article`, record its figures first."""

    url: str
    status: str  # indexed | no_article
    article: ArticleMeta | None = None
    entries: Sequence[Entry] = field(default_factory=tuple)


def write_pages(engine: Engine, pages: Sequence[PageWrite]) -> list[int]:
    """Record and mark every page in one transaction; the images stored per page, in order."""
    if not pages:
        return []
    for attempt in (1, 2):
        try:
            with db_errors("record images in the archive"), write_connection(engine) as conn, \
                    Session(bind=conn) as session:
                stored = _write(session, pages, datetime.now(timezone.utc))
                session.flush()
                return stored
        except StorageError as err:
            # Another writer stored one of the same new images first (PostgreSQL): once more finds it.
            if attempt == 2 or not isinstance(err.__cause__, IntegrityError):
                raise
    return []


def _write(session: Session, pages: Sequence[PageWrite], now: datetime) -> list[int]:
    articles = [page.article for page in pages if page.article is not None]
    entries = [entry for page in pages if page.article is not None for entry in page.entries]
    ids = _existing_ids(session, [entry.sha256 for entry in entries])
    _fill_embeddings(session, ids, entries)
    ids.update(_insert_images(session, [e for e in entries if e.sha256 not in ids], now))
    keys = list(dict.fromkeys(article.key for article in articles))
    for chunk in _chunks(keys):
        session.execute(delete(ArchiveUse).where(ArchiveUse.article_key.in_(chunk)))
    # A key recorded twice in one batch keeps its last record, as recording in turn would.
    last = {page.article.key: i for i, page in enumerate(pages) if page.article is not None}
    uses, stored = [], []
    for i, page in enumerate(pages):
        found = [(ids[e.sha256], e) for e in page.entries if e.sha256 in ids] if page.article else []
        stored.append(len(found))
        if page.article is not None and last[page.article.key] == i:
            uses += [_use_row(image_id, page.article, entry.use, now) for image_id, entry in found]
    session.add_all(uses)
    _mark(session, pages, stored, now)
    return stored


def _existing_ids(session: Session, hashes: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(list(dict.fromkeys(hashes))):
        query = select(ArchiveImage.sha256, ArchiveImage.id).where(ArchiveImage.sha256.in_(chunk))
        found.update({row.sha256: row.id for row in session.execute(query)})
    return found


def _fill_embeddings(session: Session, ids: dict[str, int], entries: list[Entry]) -> None:
    """Archived images without a CLIP vector get the first one this batch has for them."""
    offered = {ids[e.sha256]: e.embedding for e in reversed(entries) if e.sha256 in ids and e.embedding}
    if not offered:
        return
    lacking: set[int] = set()
    for chunk in _chunks(list(offered)):
        query = select(ArchiveImage.id).where(ArchiveImage.id.in_(chunk), ArchiveImage.embedding.is_(None))
        lacking.update(session.scalars(query))
    rows = [{"id": i, "embedding_model": offered[i][0], "embedding": offered[i][1]} for i in sorted(lacking)]
    if rows:
        session.execute(update(ArchiveImage), rows)


def _insert_images(session: Session, entries: list[Entry], now: datetime) -> dict[str, int]:
    """New images (the first entry of each, when it has a fingerprint) and their hash rows."""
    new: dict[str, ArchiveImage] = {}
    prints = {}
    vectors = {e.sha256: e.embedding for e in reversed(entries) if e.embedding}  # the first one offered
    for entry in entries:
        fp = entry.fingerprint
        if fp is None or entry.sha256 in new:
            continue
        model, vector = vectors.get(entry.sha256) or (None, None)
        new[entry.sha256] = ArchiveImage(sha256=entry.sha256, phash=to_signed(fp.phash), thumb=fp.thumb,
                                         distinctive=fp.distinctive, width=entry.width, height=entry.height,
                                         embedding=vector, embedding_model=model, first_seen=now)
        prints[entry.sha256] = fp
    if not new:
        return {}
    session.add_all(new.values())
    session.flush()
    hash_rows = [_hash_row(image.id, view, value) for sha, image in new.items() if prints[sha].distinctive
                 for view, value in enumerate(prints[sha].hashes)]
    if hash_rows:
        session.execute(insert(ArchiveHash), hash_rows)
    return {sha: image.id for sha, image in new.items()}


def _mark(session: Session, pages: Sequence[PageWrite], stored: list[int], now: datetime) -> None:
    marks = {_url_key(page.url): (page, count) for page, count in zip(pages, stored, strict=True)}
    for chunk in _chunks(list(marks)):
        session.execute(delete(ArchivePage).where(ArchivePage.key.in_(chunk)))
    session.add_all(ArchivePage(key=key, url=page.url, status=page.status, figures=count, indexed_at=now)
                    for key, (page, count) in marks.items())


def _chunks(items: list) -> list[list]:
    return [items[start : start + _CHUNK] for start in range(0, len(items), _CHUNK)]


def done_pages(engine: Engine, urls: Sequence[str]) -> set[str]:
    """Which of these pages an earlier `archive index` has read."""
    keys = {_url_key(url): url for url in urls}
    found: set[str] = set()
    with db_errors("read the image archive"), Session(engine) as session:
        for chunk in _chunks(list(keys)):
            found.update(keys[key] for key in session.scalars(select(ArchivePage.key).where(ArchivePage.key.in_(chunk))))
    return found
