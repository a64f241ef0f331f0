"""`captioncheck audit TARGET...`: published pages fetched, their figures checked, one report each."""

from __future__ import annotations

import asyncio
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeRemainingColumn

from app.audit.fetch import FetchOptions
from app.audit.ray_engine import EngineName, RayChoice, ray_choice
from app.audit.records import PageRecord
from app.cli.audit_output import AuditFormat, print_summary, print_tables, render_machine
from app.cli.check_cmd import FailOn
from app.cli.render import print_error
from app.cli.stage_progress import show_stages
from app.cli.targets import fetch_options, gather_targets
from app.engine.checker import Checker
from app.engine.encoders.cached import cached_provider
from app.errors import InputError
from app.settings import Settings, Severity, get_settings
from app.storage import AuditStore, EmbeddingStore, ReportStore, StorageError

if TYPE_CHECKING:
    from app.audit.session import AuditPlan


@dataclass
class _State:
    run_id: str | None = None
    total: int = 0
    finished: list[PageRecord] = field(default_factory=list)


def audit(
    targets: list[str] = typer.Argument(
        None, help="Page URLs, sitemap URLs (.xml, indexes and news sitemaps), saved HTML files."
    ),
    urls_file: Path = typer.Option(None, "--urls-file", help="A file of targets, one per line (# comments)."),
    output: AuditFormat = typer.Option(AuditFormat.table, "--format", help="table | json | jsonl | csv | html"),
    out: Path = typer.Option(None, "--out", help="Write the report to this file instead of standard output."),
    fail_on: FailOn = typer.Option(
        FailOn.review, "--fail-on", help="Exit 1 when a figure is flagged at or above this."
    ),
    concurrency: int = typer.Option(None, "--concurrency", min=1, max=256, help="Requests at once (default 8)."),
    per_host: int = typer.Option(None, "--per-host", min=1, max=64, help="Requests at once to one host (default 2)."),
    timeout: float = typer.Option(None, "--timeout", min=0.1, help="Seconds allowed per request (default 20)."),
    retries: int = typer.Option(
        None, "--retries", min=0, max=10, help="Retries on 429/5xx/network errors (default 3)."
    ),
    ignore_robots: bool = typer.Option(False, "--ignore-robots", help="Fetch what robots.txt disallows."),
    captions_only: bool = typer.Option(
        False, "--captions-only", help="Check captions against the story; fetch no images, load no CLIP."
    ),
    record_archive: bool = typer.Option(
        False, "--record-archive",
        help="Also record pages of sites not in CAPTIONCHECK_ARCHIVE_TRUSTED_SITES in the archive, marked "
        "untrusted (CAPTIONCHECK_AUDIT_RECORD_ARCHIVE).",
    ),
    resume: bool = typer.Option(False, "--resume", help="Continue the latest unfinished audit of the same targets."),
    resume_run: str = typer.Option(None, "--resume-run", help="Continue this audit run (its id); targets not needed."),
    engine: EngineName = typer.Option(EngineName.local, "--engine", help="local | ray (Ray Data, machines at once)."),
    ray_address: str = typer.Option(None, "--ray-address", help="auto | ray://host:port; none starts a local Ray."),
) -> None:
    """Audit published pages: every captioned figure against its photo and the story."""
    err = Console(stderr=True)
    settings = get_settings()
    if record_archive:
        settings = settings.model_copy(update={"audit_record_archive": True})
    try:
        names = gather_targets(targets, urls_file)
        ray = ray_choice(engine, ray_address, settings)
        _check_out(out)  # before the audit, which may take hours, rather than when the report is written
    except InputError as exc:
        _fail(err, str(exc), 2)
    if not names and not resume_run:
        _fail(err, "give at least one TARGET (page URL, sitemap URL or HTML file), --urls-file or --resume-run", 2)
    options = fetch_options(settings, concurrency=concurrency, per_host=per_host, timeout=timeout,
                            retries=retries, ignore_robots=ignore_robots)
    state = _State()
    from app.audit.session import fill_thumbnails  # page extraction loads slowly; only audits need it

    try:
        audits = AuditStore(settings.resolved_database_url())
        reports = ReportStore(settings.resolved_database_url())
        checker = Checker(settings, cached_provider(settings, EmbeddingStore(audits.engine)))
        coroutine = _audit(names, settings, options, checker, audits, reports, captions_only,
                           resume, resume_run, state, err, ray)
        records = asyncio.run(coroutine)
        fill_thumbnails(records, reports)
    except KeyboardInterrupt:
        hint = f"; continue with: captioncheck audit --resume-run {state.run_id}" if state.run_id else ""
        _fail(err, f"interrupted after {len(state.finished)} of {state.total} pages{hint}", 130)
    except InputError as exc:
        _fail(err, str(exc), 2)
    except StorageError as exc:
        _fail(err, f"database: {exc}", 3)
    raise typer.Exit(_finish(records, state.run_id or "", output, out, fail_on, err))


async def _audit(
    names: list[str], settings: Settings, options: FetchOptions, checker: Checker, audits: AuditStore,
    reports: ReportStore, captions_only: bool, resume: bool, resume_run: str | None, state: _State, err: Console,
    ray: RayChoice | None = None,  # None: the local engine
) -> list[PageRecord]:
    from app.audit.fetch import Fetcher
    from app.audit.ray_engine import RayAuditRunner
    from app.audit.runner import AuditRunner
    from app.audit.session import plan_audit, run_plan

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[flagged]} flagged, {task.fields[errors]} errors"), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        reading = bar.add_task("Reading targets", total=None, flagged=0, errors=0)
        async with Fetcher(options) as fetcher:
            plan: AuditPlan = await plan_audit(names, fetcher, audits, max_pages=settings.audit_max_pages,
                                               resume=resume, resume_run=resume_run)
            state.run_id, state.total = plan.run_id, plan.total
            if plan.resumed:
                err.print(f"Resuming audit {plan.run_id}: {len(plan.todo)} of {plan.total} pages left")
            elif resume:
                err.print("No unfinished audit of these targets: starting a new one")
            bar.remove_task(reading)
            task = bar.add_task("Auditing pages", total=plan.total, completed=len(plan.done), flagged=0, errors=0)

            def on_page(record: PageRecord) -> None:
                state.finished.append(record)
                flagged = sum(r.flagged_at(1) for r in state.finished)
                errors = sum(r.status == "error" for r in state.finished)
                bar.update(task, advance=1, flagged=flagged, errors=errors)

            runner = AuditRunner(settings, checker, fetcher, reports=reports, captions_only=captions_only)
            if ray is not None:
                runner = RayAuditRunner(settings, options, ray, captions_only=captions_only)
            show_stages(runner, bar, task, "Auditing pages")
            return await run_plan(plan, runner, audits, on_page)


def _check_out(out: Path | None) -> None:
    """InputError when the report could not be written to `out`."""
    if out is None:
        return
    folder = out.parent
    if out.is_dir():
        raise InputError("is a folder: name the report file", source=f"--out {out}")
    if not folder.is_dir():
        raise InputError(f"the folder {folder} does not exist", source=f"--out {out}")
    if not os.access(folder, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise InputError("cannot be written (permission denied)", source=f"--out {out}")


def _finish(records: list[PageRecord], run_id: str, output: AuditFormat, out: Path | None,
            fail_on: FailOn, err: Console) -> int:
    to_stdout = out is None
    if output is AuditFormat.table:
        console = Console(file=open(out, "w", encoding="utf-8"), width=120) if out else Console()
        print_tables(console, records)
        print_summary(console if to_stdout else err, records, run_id)
        if out:
            console.file.close()
    else:
        text = render_machine(output, records, run_id)
        if out:
            out.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        print_summary(err, records, run_id)
    if out:
        err.print(f"Report written to {out}")
    pages = [r for r in records if r.kind == "page"]
    if not any(r.status in ("checked", "no_article") for r in pages):
        print_error(err, "no page could be read" if records else "the targets named no pages")
        return 2
    threshold = Severity(fail_on.value).rank
    return 1 if any(r.flagged_at(threshold) for r in pages) else 0


def _fail(err: Console, message: str, code: int) -> None:
    print_error(err, message)
    raise typer.Exit(code)
