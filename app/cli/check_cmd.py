"""`captioncheck check PATH...`: articles from files or stdin, one report each."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress

from app.cli.render import print_error, print_table, render_json, render_jsonl
from app.engine.checker import Checker, ImageLoader
from app.engine.earlier_uses import EarlierUses
from app.engine.encoders.base import EncoderProvider
from app.errors import InputError
from app.inputs import ArticleInput, read_articles
from app.net.images import load_image
from app.schema import VERDICT_RANK
from app.settings import Settings, Severity, get_settings


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


class FailOn(str, Enum):
    review = "review"
    mismatch = "mismatch"


def check(
    paths: list[str] = typer.Argument(..., help="Article JSON files, JSONL files (one article per line), or - for stdin."),
    output: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table | json | jsonl"),
    fail_on: FailOn = typer.Option(FailOn.review, "--fail-on", help="Exit 1 when a figure is flagged at or above this."),
) -> None:
    """Check articles: every caption against its photo and the story."""
    out, err = Console(), Console(stderr=True)
    stdin_text = sys.stdin.read() if "-" in paths else None
    inputs = [item for path in paths for item in read_articles(path, stdin_text)]
    # Run by the person at the terminal: image URLs on their own network are theirs to fetch.
    settings = get_settings().model_copy(update={"allow_private_urls": True})
    checker = Checker(settings, EncoderProvider.from_settings(settings))
    archive = _archive(settings)

    records: list[dict] = []
    flagged = bad_input = False
    threshold = Severity(fail_on.value).rank
    for item, report in _run_all(checker, inputs, err, archive):
        if report is None:
            bad_input = True
            error = item.error
            print_error(err, str(error))
            records.append(_error_record(item.source, error))
            continue
        flagged |= any(VERDICT_RANK[f.verdict] >= threshold for f in report.figures)
        records.append(report.model_dump(mode="json"))
        if output is OutputFormat.table:
            print_table(out, report, item.source)
    _print_machine_output(output, records)
    raise typer.Exit(2 if bad_input else (1 if flagged else 0))


def _error_record(source: str, error: InputError | None) -> dict[str, str]:
    """What stands in a machine-readable output for an article that could not be read."""
    record = {"source": source, "error": error.detail if error else "unknown"}
    if error is not None and error.field:
        record["field"] = error.field
    return record


def _archive(settings: Settings) -> EarlierUses | None:
    """The archive of published images in the configured database, when that database exists."""
    from app.archive.lookup import open_existing_lookup

    opened = open_existing_lookup(settings)
    return opened[0] if opened else None


def _run_all(checker: Checker, inputs: list[ArticleInput], err: Console, archive: EarlierUses | None = None):
    with Progress(console=err, transient=True, disable=len(inputs) < 2 or not err.is_terminal) as bar:
        task = bar.add_task("Checking articles", total=len(inputs))
        for item in inputs:
            report = None
            if item.article is not None:
                try:
                    report = checker.check(item.article, image_loader=_loader(checker, item.base_dir),
                                           archive=archive)
                except InputError as exc:
                    exc = InputError(exc.detail, source=item.source, field=exc.field)
                    item = ArticleInput(item.source, item.base_dir, error=exc)
            bar.advance(task)
            yield item, report


def _print_machine_output(output: OutputFormat, records: list[dict]) -> None:
    if output is OutputFormat.json and records:
        print(render_json(records))
    elif output is OutputFormat.jsonl and records:
        print(render_jsonl(records))


def _loader(checker: Checker, base_dir: Path | None) -> ImageLoader:
    """Images from files next to the input, data: URIs, or URLs (fetched with the address checks)."""
    return lambda source, field: load_image(source, base_dir, checker.settings, field)
