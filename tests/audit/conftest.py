"""An audit in-process: the sample site on loopback, the real sentence model, CLIP under test control."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.audit.fetch import Fetcher, FetchOptions
from app.audit.records import PageRecord
from app.audit.runner import AuditRunner
from app.audit.session import plan_audit, run_plan
from app.engine.checker import Checker
from app.engine.encoders.base import EncoderProvider
from app.engine.encoders.cached import CachedImageEncoder
from app.settings import Settings
from app.storage import AuditStore, EmbeddingStore, ReportStore
from tests.audit.server import Behaviour, sample_server
from tests.controlled import ControlledClip

CONCEPTS = {"rocket": (200, 30, 30), "astronaut": (30, 30, 200), "coffee": (120, 70, 20), "kitten": (30, 200, 30)}
# The sample pages' photos, served as solid colours the controlled encoder recognises.
PHOTOS = {"/images/rocket-launch.jpg": "rocket", "/images/astronaut-portrait.jpg": "astronaut",
          "/images/coffee-cup.jpg": "coffee", "/images/cat-chelsea.jpg": "kitten"}
FAST = FetchOptions(timeout_s=5, backoff_s=0.01, retries=2)


def png(clip: ControlledClip, concept: str) -> bytes:
    buffer = io.BytesIO()
    clip.image(concept).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def clip() -> ControlledClip:
    return ControlledClip(CONCEPTS)


@pytest.fixture
def site(clip: ControlledClip) -> Iterator[tuple[str, Behaviour]]:
    with sample_server(Behaviour(images={path: png(clip, c) for path, c in PHOTOS.items()})) as served:
        yield served


@dataclass
class Auditor:
    settings: Settings
    checker: Checker
    audits: AuditStore
    reports: ReportStore
    finished: list[PageRecord] = field(default_factory=list)

    def run(self, targets: list[str], *, options: FetchOptions = FAST, resume: bool = False,
            resume_run: str | None = None, captions_only: bool = False,
            on_page: Callable[[PageRecord], None] | None = None) -> tuple[str, list[PageRecord]]:
        async def go() -> tuple[str, list[PageRecord]]:
            async with Fetcher(options) as fetcher:
                plan = await plan_audit(targets, fetcher, self.audits, max_pages=self.settings.audit_max_pages,
                                        resume=resume, resume_run=resume_run)
                runner = AuditRunner(self.settings, self.checker, fetcher, reports=self.reports,
                                     captions_only=captions_only)
                return plan.run_id, await run_plan(plan, runner, self.audits, on_page or self.finished.append)

        return asyncio.run(go())


@pytest.fixture
def auditor(text_encoder, clip: ControlledClip, tmp_path: Path) -> Iterator[Auditor]:
    settings = Settings(models_dir=tmp_path / "models", data_dir=tmp_path)
    audits = AuditStore(settings.resolved_database_url())
    reports = ReportStore(settings.resolved_database_url())
    cached = CachedImageEncoder(clip, EmbeddingStore(audits.engine))
    checker = Checker(settings, EncoderProvider(lambda: text_encoder, lambda: cached))
    yield Auditor(settings, checker, audits, reports)
    audits.close()
    reports.close()


def by_path(records: list[PageRecord]) -> dict[str, PageRecord]:
    """Records keyed by URL path (/pages/x.html)."""
    return {"/" + r.url.split("/", 3)[-1]: r for r in records}


def codes(record: PageRecord, index: int) -> list[str]:
    return [r["code"] for r in record.report["figures"][index]["reasons"]]
