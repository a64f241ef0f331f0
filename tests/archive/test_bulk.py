"""Many pages recorded in one transaction leave the archive exactly as recording them one by one
(ArchiveRecorder.record, then ArchiveStore.mark_page) does."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.archive.bulk import PageWrite, done_pages, write_pages
from app.archive.outcomes import INDEXED
from app.audit.records import NO_ARTICLE
from app.settings import Settings
from app.storage.archive_tables import ArchiveHash, ArchiveImage, ArchivePage, ArchiveUse
from tests.archive.conftest import Archive, article, loaded, photo


def _pages() -> list[tuple[str, object | None, dict]]:
    """(url, article or None for a page without one, images) in the order they are recorded."""
    rocket, cat = photo("rocket-launch"), photo("cat-chelsea")
    cropped = rocket.crop((20, 0, rocket.width, rocket.height - 20))
    flat = Image.new("RGB", (200, 100), (90, 90, 90))  # no detail: matched by content hash only
    item = {name: loaded(image, name) for name, image in
            [("rocket", rocket), ("cat", cat), ("cropped", cropped), ("flat", flat)]}
    return [
        ("https://news.example/a", article("Launch", "The rocket lifts off.", url="https://news.example/a",
                                           published="2015-02-12", image="https://news.example/r.jpg"),
         {0: item["rocket"]}),
        ("https://news.example/b", article("Cats", "A cat.", url="https://news.example/b", image="data:x"),
         {0: item["cat"]}),
        ("https://news.example/none", None, {}),
        ("https://news.example/c", article("Again", "The rocket, cropped.", url="https://news.example/c",
                                           image="https://news.example/c.jpg"), {0: item["cropped"]}),
        ("https://news.example/a", article("Launch, updated", "The rocket lifts off again.",
                                           url="https://news.example/a", image="https://news.example/r.jpg"),
         {0: item["rocket"]}),  # the same page read twice: its later record wins
        ("https://news.example/d", article("Grey", "A grey wall.", url="https://news.example/d",
                                           image="https://news.example/g.png"), {0: item["flat"]}),
    ]


def _rows(archive: Archive) -> dict[str, list[tuple]]:
    with Session(archive.store.engine) as session:
        sha = dict(session.execute(select(ArchiveImage.id, ArchiveImage.sha256)).all())
        images = sorted((r.sha256, r.phash, r.thumb, r.distinctive, r.width, r.height, r.embedding,
                         r.embedding_model) for r in session.scalars(select(ArchiveImage)))
        hashes = sorted((sha[r.image_id], r.view, r.value, r.band0, r.band1, r.band2, r.band3)
                        for r in session.scalars(select(ArchiveHash)))
        uses = sorted((sha[r.image_id], r.article_key, r.article_url, r.image_url, r.headline, r.caption,
                       r.credit, r.published, r.source) for r in session.scalars(select(ArchiveUse)))
        pages = sorted((r.key, r.url, r.status, r.figures) for r in session.scalars(select(ArchivePage)))
    return {"images": images, "hashes": hashes, "uses": uses, "pages": pages}


def test_one_transaction_records_what_page_by_page_recording_does(tmp_path: Path):
    one_by_one = Archive(f"sqlite:///{tmp_path / 'a.db'}", Settings())
    batched = Archive(f"sqlite:///{tmp_path / 'b.db'}", Settings())
    embedding = ("clip-model|fp32", b"\x00\x00\x80?" * 4)
    for archive in (one_by_one, batched):  # an image archived earlier, without a CLIP vector
        archive.add(photo("cat-chelsea"), "Earlier", "A cat, earlier.", url="https://old.example/x")
    counts = []
    for url, found, images in _pages():
        if found is None:
            one_by_one.store.mark_page(url, NO_ARTICLE, 0)
            continue
        embeddings = {image.sha256: embedding for image in images.values()}
        stored = one_by_one.recorder.record(found, images, source="archive", embeddings=embeddings)
        one_by_one.store.mark_page(url, INDEXED, stored)
        counts.append(stored)
    writes = []
    for url, found, images in _pages():
        if found is None:
            writes.append(PageWrite(url, NO_ARTICLE))
            continue
        embeddings = {image.sha256: embedding for image in images.values()}
        meta, entries = batched.recorder.prepare(found, images, source="archive", embeddings=embeddings, known=set())
        writes.append(PageWrite(url, INDEXED, meta, entries))
    stored = write_pages(batched.store.engine, writes)
    assert [count for write, count in zip(writes, stored, strict=True) if write.article] == counts == [1] * 5
    assert _rows(batched) == _rows(one_by_one)
    assert done_pages(batched.store.engine, ["https://news.example/b", "https://news.example/none",
                                             "https://news.example/new"]) == {"https://news.example/b",
                                                                              "https://news.example/none"}
