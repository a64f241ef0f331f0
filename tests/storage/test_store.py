"""ReportStore on SQLite files and on PostgreSQL (a throw-away server, see tests/conftest.py)."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import create_engine, text

from app.schema import (
    ArticleRef,
    FigureReport,
    ImageInfo,
    ModelsUsed,
    Reason,
    Report,
    Scores,
)
from app.settings import Settings, Severity
from app.storage import MIGRATIONS, ReportStore, StorageError, make_thumbnail
from app.storage.migrations import read_version

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
LATEST = max(MIGRATIONS)


def make_report(check_id: str, created_at: datetime = NOW, *, verdict: str = "block") -> dict[str, Any]:
    figures = [
        FigureReport(
            index=0,
            caption="Taliban and US negotiators meet in Doha.",
            image=ImageInfo(source="upload:doha.jpg", sha256="a" * 64, width=1200, height=800),
            verdict="consistent",
            scores=Scores(image_caption=0.91, caption_article=0.72, image_article=0.8),
            reasons=[],
        ),
        FigureReport(
            index=1,
            caption="Protesters rally outside the US Capitol.",
            image=None,
            verdict="mismatch",
            scores=Scores(caption_article=0.11),
            reasons=[
                Reason(
                    code="caption_off_topic",
                    severity=Severity.mismatch,
                    message="The caption is no closer to the story than an unrelated caption.",
                    evidence={"best_sentence": "Talks resumed in Doha.", "similarity": 0.11},
                )
            ],
        ),
        FigureReport(
            index=2,
            caption="Delegates arrive at the talks venue.",
            image=ImageInfo(source="https://example.org/b.png", sha256="b" * 64, width=640, height=480),
            verdict="review",
            scores=Scores(image_caption=0.4, caption_article=0.5, image_article=0.3),
            reasons=[],
        ),
    ]
    report = Report(
        id=check_id,
        created_at=created_at.isoformat(),
        article=ArticleRef(id="art-7", headline=f"Peace talks resume ({check_id})",
                           published="2020-09-12", url="https://news.example/doha"),
        verdict=verdict,  # type: ignore[arg-type]
        figures=figures,
        models=ModelsUsed(clip="ViT-B-32/laion2b_s34b_b79k", text="all-MiniLM-L6-v2"),
        timings_ms={"total": 12.5},
    )
    return report.model_dump(mode="json")


def jpeg(size: tuple[int, int] = (40, 30)) -> bytes:
    return make_thumbnail(Image.new("RGB", size, (200, 10, 10)), 320)


@pytest.fixture
def store(db_url: str) -> Iterator[ReportStore]:
    with ReportStore(db_url) as opened:
        yield opened


def test_round_trip_and_unknown_id(store: ReportStore) -> None:
    report = make_report("chk-1")
    store.save(report, source="api")
    assert store.get("chk-1") == report
    assert store.get("nope") is None


def test_save_replaces_a_check_with_the_same_id(store: ReportStore) -> None:
    store.save(make_report("chk-1"), source="api", thumbnails={0: jpeg()})
    store.save(make_report("chk-1", verdict="pass"), source="cli")
    replaced = store.get("chk-1")
    assert replaced is not None and replaced["verdict"] == "pass"
    assert store.thumbnail("chk-1", 0) is None
    assert len(store.list().items) == 1


def test_listing_is_newest_first_with_summaries(store: ReportStore) -> None:
    for day in range(3):
        store.save(make_report(f"chk-{day}", NOW + timedelta(days=day)), source="form")
    page = store.list()
    assert [item.id for item in page.items] == ["chk-2", "chk-1", "chk-0"]
    first = page.items[0]
    assert first.created_at == (NOW + timedelta(days=2)).isoformat()
    assert (first.verdict, first.url, first.source) == ("block", "https://news.example/doha", "form")
    assert first.headline == "Peace talks resume (chk-2)"
    assert (first.figure_count, first.flagged_count) == (3, 2)
    assert page.next_cursor is None


def test_pagination_across_equal_timestamps(store: ReportStore) -> None:
    stamps = [NOW] * 7 + [NOW - timedelta(seconds=1)] * 3 + [NOW + timedelta(microseconds=1)]
    for n, stamp in enumerate(stamps):
        store.save(make_report(f"chk-{n:02d}", stamp), source="api")
    seen: list[str] = []
    cursor: str | None = None
    pages = 0
    while True:
        page = store.list(limit=3, before=cursor)
        pages += 1
        seen += [item.id for item in page.items]
        assert len(page.items) <= 3
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    expected = sorted(range(len(stamps)), key=lambda n: (stamps[n], n), reverse=True)
    assert seen == [f"chk-{n:02d}" for n in expected]
    assert pages == 4


def test_exact_page_boundary_has_no_next_cursor(store: ReportStore) -> None:
    for n in range(4):
        store.save(make_report(f"chk-{n}"), source="api")
    first = store.list(limit=2)
    second = store.list(limit=2, before=first.next_cursor)
    assert len(second.items) == 2 and second.next_cursor is None


@pytest.mark.parametrize(
    "cursor",
    ["not a cursor!", "", base64.urlsafe_b64encode(b"[1, 2]").decode(),
     base64.urlsafe_b64encode(b'["yesterday", "x"]').decode(), "%%%%"],
)
def test_bad_cursor_is_a_value_error(store: ReportStore, cursor: str) -> None:
    with pytest.raises(ValueError, match="invalid cursor"):
        store.list(before=cursor)


def test_bad_arguments_are_value_errors(store: ReportStore) -> None:
    with pytest.raises(ValueError, match="limit"):
        store.list(limit=0)
    with pytest.raises(ValueError, match="created_at"):
        store.save({**make_report("x"), "created_at": "last week"}, source="api")
    with pytest.raises(ValueError, match="without an image"):
        store.save(make_report("x"), source="api", thumbnails={1: jpeg()})
    with pytest.raises(ValueError, match="plain JSON"):
        store.save({**make_report("x"), "extra": object()}, source="api")
    assert store.get("x") is None


def test_thumbnails_are_stored_and_returned(store: ReportStore) -> None:
    thumb = jpeg()
    store.save(make_report("chk-1"), source="webhook", thumbnails={0: thumb})
    assert store.thumbnail("chk-1", 0) == (thumb, "image/jpeg")
    assert store.thumbnail("chk-1", 2) is None  # image known, no thumbnail given
    assert store.thumbnail("chk-1", 1) is None  # caption-only figure
    assert store.thumbnail("other", 0) is None


def test_make_thumbnail_downsizes_large_keeps_small_and_writes_jpeg() -> None:
    big = Image.new("RGBA", (2000, 1000), (0, 120, 255, 128))
    out = Image.open(io.BytesIO(make_thumbnail(big, 320)))
    assert (out.format, out.mode, out.size) == ("JPEG", "RGB", (320, 160))
    small = Image.new("L", (100, 60), 128)
    out = Image.open(io.BytesIO(make_thumbnail(small, 320)))
    assert (out.format, out.mode, out.size) == ("JPEG", "RGB", (100, 60))
    assert big.size == (2000, 1000) and big.mode == "RGBA"  # caller's image untouched


def test_purge_removes_old_checks_and_their_images_only(store: ReportStore, db_url: str) -> None:
    now = datetime.now(timezone.utc)
    store.save(make_report("old-1", now - timedelta(days=100)), source="audit", thumbnails={0: jpeg()})
    store.save(make_report("old-2", now - timedelta(days=31)), source="audit", thumbnails={0: jpeg()})
    store.save(make_report("new-1", now - timedelta(days=29)), source="api", thumbnails={0: jpeg()})
    assert store.purge(0) == 0
    assert store.purge(30) == 2
    assert store.get("old-1") is None and store.get("old-2") is None
    assert store.thumbnail("old-1", 0) is None
    assert store.get("new-1") is not None and store.thumbnail("new-1", 0) is not None
    engine = create_engine(db_url)
    with engine.connect() as conn:
        left = conn.execute(text("SELECT DISTINCT check_id FROM figure_images")).scalars().all()
    engine.dispose()
    assert left == ["new-1"]
    assert store.purge(30) == 0
    with pytest.raises(ValueError):
        store.purge(-1)


def test_reports_survive_reopening(db_url: str) -> None:
    with ReportStore(db_url) as first:
        first.save(make_report("chk-1"), source="cli", thumbnails={0: jpeg()})
    with ReportStore(db_url) as second:
        assert second.get("chk-1") == make_report("chk-1")
        assert second.thumbnail("chk-1", 0) is not None
        assert [item.id for item in second.list().items] == ["chk-1"]


def test_schema_version_is_recorded(store: ReportStore, db_url: str) -> None:
    assert store.schema_version == LATEST
    engine = create_engine(db_url)
    assert read_version(engine) == LATEST
    engine.dispose()


def test_migration_steps_run_once_from_an_unversioned_database(db_url: str) -> None:
    with ReportStore(db_url) as store:
        store.save(make_report("chk-1"), source="api")
    engine = create_engine(db_url)
    with engine.begin() as conn:  # as if written before versioning existed
        conn.execute(text("DROP TABLE schema_version"))
    calls: list[int] = []
    nxt = LATEST + 1
    migrations = {**MIGRATIONS, nxt: lambda conn: calls.append(nxt)}
    for _ in range(2):
        with ReportStore(db_url, migrations=migrations) as store:
            assert store.schema_version == nxt
            assert store.get("chk-1") is not None
    assert calls == [nxt]
    assert read_version(engine) == nxt
    with pytest.raises(StorageError, match="newer"):
        ReportStore(db_url)  # this code only knows up to LATEST
    engine.dispose()


def test_fresh_database_skips_migration_steps(db_url: str) -> None:
    calls: list[int] = []
    nxt = LATEST + 1
    with ReportStore(db_url, migrations={**MIGRATIONS, nxt: lambda conn: calls.append(nxt)}) as store:
        assert store.schema_version == nxt
    assert calls == []


def test_concurrent_saves_from_threads_all_land(store: ReportStore) -> None:
    def save_batch(worker: int) -> None:
        for n in range(10):
            check_id = f"w{worker}-{n}"
            store.save(make_report(check_id), source="api", thumbnails={0: jpeg()})
            assert store.get(check_id) is not None

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(save_batch, range(8)))
    page = store.list(limit=1000)
    assert len(page.items) == 80 and page.next_cursor is None


def test_database_failures_raise_storage_error(store: ReportStore, db_url: str, tmp_path: Path) -> None:
    assert store.ping()
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE figure_images"))
        conn.execute(text("DROP TABLE checks"))
    engine.dispose()
    with pytest.raises(StorageError, match="could not read check"):
        store.get("chk-1")
    with pytest.raises(StorageError, match="could not save"):
        store.save(make_report("chk-1"), source="api")


def test_bad_urls_raise_storage_error(tmp_path: Path) -> None:
    (tmp_path / "plain-file").write_text("x")
    with pytest.raises(StorageError, match="database folder"):
        ReportStore(f"sqlite:///{tmp_path / 'plain-file' / 'db.sqlite'}")
    with pytest.raises(StorageError):
        ReportStore("nosuchdb://host/db")


def test_store_from_settings_uses_the_data_dir(tmp_path: Path) -> None:
    settings = Settings.model_validate({"data_dir": tmp_path / "nested" / "data"})
    with ReportStore.from_settings(settings) as store:
        assert store.ping()
    assert (tmp_path / "nested" / "data" / "captioncheck.db").exists()


def test_thumbnails_by_hash_returns_stored_ones(tmp_path):
    from app.storage import ReportStore

    store = ReportStore(f"sqlite:///{tmp_path / 'db.sqlite'}")
    report = make_report("c1")
    store.save(report, source="api", thumbnails={0: b"\xff\xd8\xffthumb"})
    assert store.thumbnails_by_hash(["a" * 64, "f" * 64]) == {"a" * 64: b"\xff\xd8\xffthumb"}
    assert store.thumbnails_by_hash([]) == {}
    store.close()
