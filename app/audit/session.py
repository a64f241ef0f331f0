"""One audit from start to end: targets expanded (or a run resumed), pages audited and recorded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from app.audit.fetch import Fetcher
from app.audit.records import ERROR, SKIPPED, PageRecord
from app.audit.runner import AuditRunner
from app.audit.targets import PageTarget, expand_targets, targets_digest
from app.errors import InputError
from app.storage import AuditStore, ReportStore

PENDING = "pending"


@dataclass
class AuditPlan:
    run_id: str
    done: dict[int, PageRecord] = field(default_factory=dict)  # from an earlier try, or unreadable targets
    todo: list[tuple[int, PageTarget]] = field(default_factory=list)
    resumed: bool = False

    @property
    def total(self) -> int:
        return len(self.done) + len(self.todo)


async def plan_audit(
    targets: list[str],
    fetcher: Fetcher,
    audits: AuditStore,
    *,
    max_pages: int,
    resume: bool = False,
    resume_run: str | None = None,
) -> AuditPlan:
    """A new run over the expanded targets, or the unfinished part of an earlier run."""
    run_id = resume_run or (audits.latest_unfinished(targets_digest(targets)) if resume else None)
    if resume_run and audits.run(resume_run) is None:
        raise InputError(f"no audit run with id {resume_run!r} in the database", source="--resume-run")
    if run_id is not None:
        return _resumed(audits, run_id, retry_skipped=not fetcher.options.respect_robots)
    expansion = await expand_targets(targets, fetcher, max_pages)
    rows = [(url, "target", {"error": reason}) for url, reason in expansion.errors]
    rows += [(page.url, "page", page.hints) for page in expansion.pages]
    run_id = audits.start_run(targets, targets_digest(targets), rows)
    plan = AuditPlan(run_id)
    for position, (url, reason) in enumerate(expansion.errors):
        record = PageRecord(url, ERROR, error=reason, kind="target")
        audits.save_page(run_id, position, ERROR, record.to_json(), None)
        plan.done[position] = record
    offset = len(expansion.errors)
    plan.todo = [(offset + i, page) for i, page in enumerate(expansion.pages)]
    return plan


def _resumed(audits: AuditStore, run_id: str, *, retry_skipped: bool) -> AuditPlan:
    redo = {PENDING, ERROR} | ({SKIPPED} if retry_skipped else set())
    plan = AuditPlan(run_id, resumed=True)
    for page in audits.pages(run_id):
        if page.kind == "page" and (page.status in redo or page.record is None):
            plan.todo.append((page.position, PageTarget(page.url, dict(page.hints))))
        elif page.record is not None:
            plan.done[page.position] = PageRecord.from_json(page.record)
    return plan


async def run_plan(
    plan: AuditPlan,
    runner: AuditRunner,
    audits: AuditStore,
    on_page: Callable[[PageRecord], None] = lambda record: None,
) -> list[PageRecord]:
    """Audit what the plan has left, recording each page as it finishes; all records in order.

    A runner that `logs_pages` writes the pages' rows itself, with their reports (one
    transaction per batch); for any other, each page's row is written here as it finishes."""
    logs_pages = bool(getattr(runner, "logs_pages", False))

    def done(position: int, record: PageRecord) -> None:
        if not logs_pages:
            check_id = (record.report or {}).get("id")
            audits.save_page(plan.run_id, position, record.status, record.to_json(), check_id)
        on_page(record)

    if logs_pages:
        fresh = await runner.run(plan.todo, done, run_id=plan.run_id)
    else:
        fresh = await runner.run(plan.todo, done)
    audits.finish(plan.run_id)
    merged = {**plan.done, **fresh}
    return [merged[position] for position in sorted(merged)]


def fill_thumbnails(records: list[PageRecord], reports: ReportStore) -> None:
    """Thumbnails of pages audited in an earlier try, from the stored checks."""
    for record in records:
        report = record.report or {}
        if record.thumbnails or not report.get("id"):
            continue
        for figure in report.get("figures", []):
            if figure.get("image"):
                found = reports.thumbnail(report["id"], figure["index"])
                if found is not None:
                    record.thumbnails[figure["index"]] = found[0]
