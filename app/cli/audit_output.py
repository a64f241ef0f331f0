"""What `captioncheck audit` prints or writes: tables for people, JSON/JSONL/CSV/HTML for programs."""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import Enum

from rich.console import Console
from rich.table import Table
from rich.text import Text

from app.audit.records import PageRecord, Summary
from app.cli.render import print_table
from app.reports import render_csv, render_html
from app.schema import Report

_STYLE = {"pass": "bold green", "review": "bold yellow", "block": "bold red", "error": "red",
          "skipped": "yellow", "no_article": "dim"}


class AuditFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    html = "html"


def render_machine(fmt: AuditFormat, records: Sequence[PageRecord], run_id: str) -> str:
    data = [r.to_json() for r in records]
    if fmt is AuditFormat.json:
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt is AuditFormat.jsonl:
        return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in data)
    if fmt is AuditFormat.csv:
        return render_csv(data)
    thumbs = {i: r.thumbnails for i, r in enumerate(records)}
    return render_html(data, thumbs, summary=Summary.of(list(records)).as_dict(), run_id=run_id)


def print_tables(console: Console, records: Sequence[PageRecord]) -> None:
    """Every page in one table, then the flagged pages figure by figure, then the problems."""
    pages = Table(title="Pages", expand=True, title_justify="left")
    for name, kwargs in (("Page", {"ratio": 4}), ("Result", {"width": 10}), ("Figures", {"justify": "right"}),
                         ("Flagged", {"justify": "right"})):
        pages.add_column(name, **kwargs)
    for record in (r for r in records if r.kind == "page"):
        report = record.report or {}
        result = report.get("verdict") or record.status
        figures = report.get("figures", [])
        title = Text((report.get("article") or {}).get("headline") or record.url, style="bold")
        title.append(f"\n{record.url}", style="dim")
        pages.add_row(title, Text(result.replace("_", " "), style=_STYLE.get(result, "")),
                      str(len(figures)), str(record.flagged_at(1)))
    console.print(pages)
    for record in records:
        if record.report and record.flagged_at(1):
            print_table(console, Report.model_validate(record.report), record.url)
    print_problems(console, records)


def print_problems(console: Console, records: Sequence[PageRecord]) -> None:
    problems = Table(title="Not checked", expand=True, title_justify="left")
    problems.add_column("What", ratio=3)
    problems.add_column("Why", ratio=4)
    for record in records:
        if record.status != "checked":
            problems.add_row(Text(record.url), Text(record.error or record.status, style=_STYLE.get(record.status, "")))
        for error in record.image_errors:
            what = Text(f"{record.url}\nfigure {error['index'] + 1}: {error['image']}")
            problems.add_row(what, Text(f"image: {error['error']} (caption checked alone)", style="yellow"))
    if problems.row_count:
        console.print(problems)


def print_summary(console: Console, records: Sequence[PageRecord], run_id: str) -> None:
    s = Summary.of(list(records))
    flagged_style = "bold red" if s.mismatches else ("bold yellow" if s.flagged else "green")
    rows = (
        ("pages", s.pages, ""), ("  checked", s.checked, ""), ("  no article found", s.no_article, "dim"),
        ("  skipped (robots.txt)", s.skipped, "yellow" if s.skipped else ""),
        ("figures", s.figures, ""), ("flagged", s.flagged, flagged_style),
        ("  of which mismatch", s.mismatches, "bold red" if s.mismatches else ""),
        ("errors", s.errors, "red" if s.errors else ""),
        ("image errors", s.image_errors, "yellow" if s.image_errors else ""),
    )
    table = Table(title="Audit summary", title_justify="left", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    for label, value, style in rows:
        table.add_row(label, Text(str(value), style=style))
    console.print(table)
    console.print(Text(f"run {run_id} (continue an interrupted audit with --resume-run {run_id})", style="dim"))
