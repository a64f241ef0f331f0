"""`archive index` through its stages (fetch and decode, then batched storage) on served pages:
the archive holds what recording each page alone holds, and a second run skips the pages read."""

from __future__ import annotations

import asyncio

from app.archive.outcomes import INDEXED, KNOWN
from app.audit.archive_index import ArchiveIndexer
from app.audit.fetch import Fetcher
from app.audit.reader import PageReader
from app.audit.targets import PageTarget
from app.settings import Settings
from tests.archive.conftest import Archive
from tests.archive.test_bulk import _rows
from tests.audit.conftest import FAST
from tests.audit.server import sample_server

PAGES = ["rocket-launch.html", "coffee-prices.html", "launch-gallery.html", "doha-talks.html", "world.html"]


def _index(archive: Archive, urls: list[str], **options: object) -> list:
    async def go() -> list:
        async with Fetcher(FAST) as fetcher:
            indexer = ArchiveIndexer(Settings(), fetcher, archive.store, batch_pages=2, **options)
            summary = await indexer.run([PageTarget(url) for url in urls], lambda outcome: None)
            assert indexer.progress.done["stored"] == len(urls)
            return summary.outcomes

    return asyncio.run(go())


def _page_by_page(archive: Archive, urls: list[str]) -> None:
    """What `archive index` did before its stages: each page read, then recorded and marked alone."""

    async def go() -> None:
        async with Fetcher(FAST) as fetcher:
            reader = PageReader(Settings(), fetcher)
            for url in urls:
                read = await reader.read(PageTarget(url))
                if read.page is None:
                    if read.record.status == "no_article":
                        archive.store.mark_page(url, "no_article", 0)
                    continue
                article = read.page.article().model_copy(update={"url": url})
                stored = archive.recorder.record(article, read.images, source="archive")
                archive.store.mark_page(url, INDEXED, stored)

    asyncio.run(go())


def test_the_archive_holds_what_page_by_page_indexing_held_and_a_second_run_skips(tmp_path):
    staged = Archive(f"sqlite:///{tmp_path / 'staged.db'}", Settings())
    alone = Archive(f"sqlite:///{tmp_path / 'alone.db'}", Settings())
    with sample_server() as (base, behaviour):
        urls = [f"{base}/pages/{name}" for name in PAGES]
        outcomes = _index(staged, urls)
        _page_by_page(alone, urls)
        fetched = sum(behaviour.requests.values())
        again = _index(staged, urls)
        assert sum(behaviour.requests.values()) == fetched  # every page was known: nothing fetched
    by_page = {o.url.rsplit("/", 1)[-1]: o for o in outcomes}  # in the order they were stored
    assert {name: (o.status, o.images) for name, o in by_page.items()} == {
        "rocket-launch.html": (INDEXED, 2), "coffee-prices.html": (INDEXED, 2), "launch-gallery.html": (INDEXED, 2),
        "doha-talks.html": (INDEXED, 0), "world.html": ("no_article", 0)}
    assert by_page["doha-talks.html"].image_errors == 3  # none of the Doha page's three images can be read
    assert _rows(staged) == _rows(alone)
    assert [o.status for o in again] == [KNOWN] * 5
