"""`captioncheck archive index|stats`: fill the archive of published images, and see what it holds."""

from __future__ import annotations

import asyncio
import json
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeRemainingColumn
from rich.table import Table

from app.archive.outcomes import INDEXED, KNOWN, IndexSummary, PageOutcome
from app.archive.stats import ArchiveStats, archive_stats
from app.archive.store import ArchiveStore
from app.audit.fetch import Fetcher, FetchOptions
from app.audit.ray_engine import EngineName, RayChoice, ray_choice
from app.audit.targets import expand_targets
from app.cli.render import print_error
from app.cli.stage_progress import show_stages
from app.cli.targets import fetch_options, gather_targets
from app.errors import InputError
from app.settings import Settings, get_settings
from app.storage import ReportStore, StorageError

archive_app = typer.Typer(
    help="The archive of published images, to recognise reused photos (image_reused).",
    no_args_is_help=True,
)


class StatsFormat(str, Enum):
    table = "table"
    json = "json"


@archive_app.command("index")
def index(
    targets: list[str] = typer.Argument(None, help="Page URLs, sitemap URLs, saved HTML files."),
    urls_file: Path = typer.Option(None, "--urls-file", help="A file of targets, one per line (# comments)."),
    concurrency: int = typer.Option(None, "--concurrency", min=1, max=256, help="Requests at once (default 8)."),
    per_host: int = typer.Option(None, "--per-host", min=1, max=64, help="Requests at once to one host (default 2)."),
    timeout: float = typer.Option(None, "--timeout", min=0.1, help="Seconds allowed per request (default 20)."),
    retries: int = typer.Option(None, "--retries", min=0, max=10, help="Retries on 429/5xx/network errors."),
    ignore_robots: bool = typer.Option(False, "--ignore-robots", help="Fetch what robots.txt disallows."),
    refresh: bool = typer.Option(False, "--refresh", help="Read pages again even when already archived."),
    engine: EngineName = typer.Option(EngineName.local, "--engine", help="local | ray (Ray Data, machines at once)."),
    ray_address: str = typer.Option(None, "--ray-address", help="auto | ray://host:port; none starts a local Ray."),
) -> None:
    """Archive every captioned image of published pages (incremental: archived pages are skipped)."""
    err = Console(stderr=True)
    settings = get_settings()
    try:
        names = gather_targets(targets, urls_file)
        ray = ray_choice(engine, ray_address, settings)
    except InputError as exc:
        _fail(err, str(exc), 2)
    if not names:
        _fail(err, "give at least one TARGET (page URL, sitemap URL or HTML file) or --urls-file", 2)
    options = fetch_options(settings, concurrency=concurrency, per_host=per_host, timeout=timeout,
                            retries=retries, ignore_robots=ignore_robots)
    summary = IndexSummary()
    try:
        with ReportStore(settings.resolved_database_url()) as reports:
            store = ArchiveStore(reports.engine)
            expansion_errors = asyncio.run(_index(names, settings, options, store, refresh, summary, err, ray))
            totals = archive_stats(reports.engine)
    except KeyboardInterrupt:
        done = len(summary.outcomes)
        _fail(err, f"interrupted after {done} pages; run the same command again to continue "
                   "(pages already archived are skipped)", 130)
    except InputError as exc:  # --engine ray: Ray missing, unreachable or stopped
        _fail(err, str(exc), 2)
    except StorageError as exc:
        _fail(err, f"database: {exc}", 3)
    _print_summary(err, summary, expansion_errors, totals)
    readable = summary.count(INDEXED) + summary.count(KNOWN) + summary.count("no_article")
    raise typer.Exit(0 if readable or not summary.outcomes and not expansion_errors else 2)


async def _index(names: list[str], settings: Settings, options: FetchOptions, store: ArchiveStore,
                 refresh: bool, summary: IndexSummary, err: Console,
                 ray: RayChoice | None = None) -> list[tuple[str, str]]:
    from app.audit.archive_index import ArchiveIndexer  # page extraction loads slowly; only indexing needs it
    from app.audit.ray_engine import RayArchiveIndexer

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[images]} images"), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        reading = bar.add_task("Reading targets", total=None, images=0)
        async with Fetcher(options) as fetcher:
            expansion = await expand_targets(names, fetcher, settings.audit_max_pages)
            bar.remove_task(reading)
            task = bar.add_task("Archiving pages", total=len(expansion.pages), images=0)
            indexer = ArchiveIndexer(settings, fetcher, store, refresh=refresh)
            if ray is not None:
                indexer = RayArchiveIndexer(settings, options, ray, refresh=refresh)
            show_stages(indexer, bar, task, "Archiving pages")

            def on_page(outcome: PageOutcome) -> None:
                summary.outcomes.append(outcome)
                bar.update(task, advance=1, images=summary.images)

            await indexer.run(expansion.pages, on_page)
    return expansion.errors


def _print_summary(err: Console, summary: IndexSummary, expansion_errors: list[tuple[str, str]],
                   totals: ArchiveStats) -> None:
    for outcome in summary.outcomes:
        if outcome.status in ("error", "skipped"):
            err.print(f"[yellow]{outcome.status}[/yellow] {outcome.url}: {outcome.error}")
    for target, reason in expansion_errors:
        err.print(f"[yellow]error[/yellow] {target}: {reason}")
    err.print(
        f"Archive index: {len(summary.outcomes)} pages, {summary.count(INDEXED)} archived "
        f"({summary.images} images), {summary.count(KNOWN)} already archived, "
        f"{summary.count('no_article')} without an article, {summary.count('skipped')} skipped (robots.txt), "
        f"{summary.count('error') + len(expansion_errors)} errors, {summary.image_errors} unreadable images."
    )
    err.print(f"The archive now holds {totals.images} images in {totals.uses} uses "
              f"from {totals.articles} articles.")


@archive_app.command("stats")
def stats(output: StatsFormat = typer.Option(StatsFormat.table, "--format", help="table | json")) -> None:
    """What the archive holds: images, uses, articles, publication dates, sources."""
    err = Console(stderr=True)
    settings = get_settings()
    try:
        with ReportStore(settings.resolved_database_url()) as reports:
            totals = archive_stats(reports.engine)
    except StorageError as exc:
        _fail(err, f"database: {exc}", 3)
    if output is StatsFormat.json:
        print(json.dumps(totals.as_dict(), indent=2))
        return
    table = Table(title="Image archive", show_header=False)
    for label, value in _rows(totals):
        table.add_row(label, value)
    Console().print(table)


def _rows(totals: ArchiveStats) -> list[tuple[str, str]]:
    dates = f"{totals.earliest} to {totals.latest}" if totals.earliest else "none"
    sources = ", ".join(f"{name} {count}" for name, count in totals.sources.items()) or "none"
    return [
        ("images", f"{totals.images:,} ({totals.near_matchable:,} with detail enough for near-duplicate matching)"),
        ("uses", f"{totals.uses:,} in {totals.articles:,} articles ({totals.undated_uses:,} undated)"),
        ("publication dates", dates),
        ("sources", sources),
        ("pages read by archive index", f"{totals.pages_read:,}"),
        ("CLIP embeddings", f"{totals.with_embedding:,}"),
        ("index rows (perceptual hashes)", f"{totals.hash_rows:,}"),
    ]


def _fail(err: Console, message: str, code: int) -> None:
    print_error(err, message)
    raise typer.Exit(code)
