"""The staged audit against the path it replaced: each served page fetched, its images decoded
in this process and checked alone with CheckService.check_loaded. Same reports; a decode
failure in a worker is that image's error; the queues hold a bounded number of pages."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

import pytest

from app.audit.fetch import Fetcher
from app.audit.reader import PageReader
from app.audit.records import PageRecord
from app.audit.runner import AuditRunner, PageWork, _article
from app.audit.session import plan_audit, run_plan
from app.audit.targets import PageTarget
from app.engine.checker import Checker
from app.engine.encoders.base import EncoderProvider
from app.engine.encoders.cached import CachedImageEncoder
from app.engine.encoders.clip import load_clip_encoder
from app.engine.images import decode_image
from app.pipeline.pool import DecodePool
from app.service import CheckService
from app.settings import Settings
from app.storage import AuditStore, EmbeddingStore, ReportStore
from tests.audit.conftest import FAST, PHOTOS, Auditor, png
from tests.audit.server import SAMPLES, Behaviour, sample_server
from tests.fixtures.tiny_clip import tiny_clip_checkpoint  # noqa: F401  (pytest fixture)

PAGES = ["rocket-launch.html", "coffee-prices.html", "launch-gallery.html", "doha-talks.html", "world.html"]
VOLATILE = ("id", "created_at", "timings_ms")  # differ between any two checks of the same page


@pytest.fixture(scope="module")
def pool():
    with DecodePool(2) as started:
        yield started


def old_path(settings: Settings, checker: Checker, reports: ReportStore, urls: list[str]) -> list[PageRecord]:
    """What the audit did before the pipeline: each page read, decoded here, and checked alone."""

    async def read_all() -> list[Any]:
        async with Fetcher(FAST) as fetcher:
            reader = PageReader(settings, fetcher)  # no pool: decode_image in a thread
            return [await reader.read(PageTarget(url)) for url in urls]

    service = CheckService(settings, checker, reports)
    records = []
    for url, read in zip(urls, asyncio.run(read_all()), strict=True):
        if read.page is not None:
            checked = service.check_loaded(_article(read.page, url, set(read.images)), read.images, source="audit")
            read.record.report = checked.report.model_dump(mode="json")
        records.append(read.record)
    return records


def comparable(record: PageRecord) -> dict[str, Any]:
    data = record.to_json()
    if data["report"]:
        data["report"] = {k: v for k, v in data["report"].items() if k not in VOLATILE}
    return data


def test_the_pipeline_writes_the_reports_of_checking_each_page_alone(site, auditor, pool):
    base, _ = site
    urls = [f"{base}/pages/{name}" for name in PAGES]
    expected = old_path(auditor.settings, auditor.checker, auditor.reports, urls)
    _, records = _audit(auditor, urls, pool)
    assert [comparable(r) for r in records] == [comparable(r) for r in expected]
    verdicts = [r.report["verdict"] for r in records if r.report]
    assert verdicts == ["pass", "block", "block", "block"]  # the planted mismatches are there


def test_with_a_real_open_clip_model_the_pipeline_encodes_worker_pixels_to_the_same_verdicts(
        tiny_clip_checkpoint, text_encoder, tmp_path, pool):
    config, checkpoint = tiny_clip_checkpoint
    settings = Settings(clip_model=str(config), clip_pretrained=str(checkpoint), device="cpu",
                        models_dir=tmp_path / "models", data_dir=tmp_path)
    auditor = _auditor(settings, load_clip_encoder(settings), text_encoder)
    with sample_server() as (base, _):
        urls = [f"{base}/pages/{name}" for name in PAGES]
        expected = old_path(settings, auditor.checker, auditor.reports, urls)
        runner_box: list[AuditRunner] = []
        _, records = _audit(auditor, urls, pool, keep=runner_box)
    assert runner_box[0].encode.spec is not None  # the workers made CLIP's pixels
    for got, want in zip(records, expected, strict=True):
        assert got.status == want.status and got.image_errors == want.image_errors
        if want.report:
            assert _verdicts(got.report) == _verdicts(want.report)
            for mine, theirs in zip(got.report["figures"], want.report["figures"], strict=True):
                assert mine["scores"] == pytest.approx(theirs["scores"], abs=1e-3)


def test_a_photo_the_worker_cannot_decode_is_that_figure_s_error_and_the_page_is_checked(clip, auditor, pool):
    broken = png(clip, "coffee")[:60]  # a PNG cut short: the header sniffs as PNG, decoding fails
    images = {path: png(clip, concept) for path, concept in PHOTOS.items()} | {"/images/coffee-cup.jpg": broken}
    with sample_server(Behaviour(images=images)) as (base, _):
        url = f"{base}/pages/coffee-prices.html"
        [expected] = old_path(auditor.settings, auditor.checker, auditor.reports, [url])
        _, [record] = _audit(auditor, [url], pool)
    with pytest.raises(Exception) as engine_error:
        decode_image(broken, "x", auditor.settings, "figures[0].image")
    assert record.status == "checked" and record.image_errors == expected.image_errors
    assert record.image_errors == [{"index": 0, "image": f"{base}/images/coffee-cup.jpg",
                                    "error": engine_error.value.detail}]
    assert record.report["figures"][0]["image"] is None and record.report["figures"][1]["image"]


def test_a_slow_stage_holds_the_fetching_back(clip, auditor, pool):
    """With checks slower than fetching, pages in flight stay within the queues' bounds."""
    pages = {f"/gen/{n}.html": ("text/html", _page(n)) for n in range(30)}
    images = {path: png(clip, concept) for path, concept in PHOTOS.items()}
    in_flight: list[int] = []

    class SlowChecks(AuditRunner):
        def check_page(self, work: PageWork) -> None:
            import time

            time.sleep(0.05)
            super().check_page(work)

    with sample_server(Behaviour(images=images, extra=pages)) as (base, _):
        urls = [f"{base}{path}" for path in pages]

        async def go() -> tuple[SlowChecks, list[PageRecord]]:
            async with Fetcher(replace(FAST, concurrency=1)) as fetcher:
                plan = await plan_audit(urls, fetcher, auditor.audits, max_pages=100)
                runner = SlowChecks(auditor.settings, auditor.checker, fetcher, reports=auditor.reports, pool=pool,
                                    batch_images=2, batch_pages=2)
                done = runner.progress.done
                runner.progress.listener = lambda p: in_flight.append(done["fetched"] - done["stored"])
                return runner, await run_plan(plan, runner, auditor.audits)

        runner, records = asyncio.run(go())
    assert [r.status for r in records] == ["checked"] * 30
    assert all(queue.high_water <= queue.maxsize for queue in runner.queues.values())
    # 2 fetchers + 2 queued + 2 batches of 2 at the encoder + 2 queued + 1 in check + 2 queued + 2 storing
    assert max(in_flight) <= 15 and runner.progress.done["stored"] == 30


def test_an_interrupted_run_has_a_stored_report_for_every_page_it_marked_done(site, auditor, pool):
    base, _ = site
    urls = [f"{base}/pages/{name}" for name in PAGES]

    def stop_after_three(record: PageRecord) -> None:
        auditor.finished.append(record)
        if len(auditor.finished) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _audit(auditor, urls, pool, on_page=stop_after_three)
    run_id = auditor.audits.latest_unfinished(_digest(urls))
    stored = [page for page in auditor.audits.pages(run_id) if page.status != "pending"]
    assert len(stored) >= 3
    for page in stored:
        check_id = (page.record.get("report") or {}).get("id")
        assert check_id is None or auditor.reports.get(check_id) is not None
    _, records = _audit(auditor, urls, pool, resume=True)
    assert [r.status for r in records] == ["checked"] * 4 + ["no_article"]


def _digest(urls: list[str]) -> str:
    from app.audit.targets import targets_digest

    return targets_digest(urls)


def _audit(auditor: Auditor, urls: list[str], pool: DecodePool, *, resume: bool = False,
           on_page=None, keep: list | None = None) -> tuple[str, list[PageRecord]]:
    async def go() -> tuple[str, list[PageRecord]]:
        async with Fetcher(FAST) as fetcher:
            plan = await plan_audit(urls, fetcher, auditor.audits, max_pages=100, resume=resume)
            runner = AuditRunner(auditor.settings, auditor.checker, fetcher, reports=auditor.reports, pool=pool)
            if keep is not None:
                keep.append(runner)
            return plan.run_id, await run_plan(plan, runner, auditor.audits, on_page or (lambda r: None))

    return asyncio.run(go())


def _auditor(settings: Settings, clip: Any, text_encoder: Any) -> Auditor:
    audits = AuditStore(settings.resolved_database_url())
    reports = ReportStore(settings.resolved_database_url())
    cached = CachedImageEncoder(clip, EmbeddingStore(audits.engine))
    return Auditor(settings, Checker(settings, EncoderProvider(lambda: text_encoder, lambda: cached)), audits, reports)


def _verdicts(report: dict[str, Any]) -> list[tuple[str, list[str]]]:
    return [(f["verdict"], [r["code"] for r in f["reasons"]]) for f in report["figures"]] + [(report["verdict"], [])]


def _page(n: int) -> bytes:
    template = (SAMPLES / "pages" / "rocket-launch.html").read_text("utf-8")
    return template.replace("Rocket launches weather satellite", f"Rocket number {n} launches weather satellite").encode()



def test_the_story_s_sentences_are_encoded_with_the_batch_not_by_each_check(site, clip, text_encoder, tmp_path, pool):
    """The sentence model runs in the encode stage over many pages at once; the checks find the rows."""
    import threading

    calls: list[tuple[str, list[str]]] = []

    class Counting:
        name = text_encoder.name

        def encode(self, texts):
            calls.append((threading.current_thread().name, list(texts)))
            return text_encoder.encode(texts)

        def __getattr__(self, item):
            return getattr(text_encoder, item)

    settings = Settings(models_dir=tmp_path / "models", data_dir=tmp_path)
    auditor = _auditor(settings, clip, Counting())
    base, _ = site
    _, records = _audit(auditor, [f"{base}/pages/{name}" for name in PAGES[:3]], pool)
    assert [r.status for r in records] == ["checked"] * 3
    by_model = {text for thread, texts in calls if thread.startswith("captioncheck-model") for text in texts}
    in_checks = [texts for thread, texts in calls if thread.startswith("captioncheck-check")]
    from app.engine.foils import foil_captions

    assert all(texts == list(foil_captions()) for texts in in_checks)  # the foil bank, once per process
    assert any("rocket" in text.lower() for text in by_model) and len(by_model) > 10
