"""Reports for a terminal (rich table) or for programs (JSON, JSONL)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from app.schema import Report

_BADGE = {
    "consistent": "bold green", "review": "bold yellow", "mismatch": "bold red",
    "pass": "bold green", "block": "bold red",
}


def render_json(reports: Sequence[dict]) -> str:
    payload = reports[0] if len(reports) == 1 else list(reports)
    return json.dumps(payload, ensure_ascii=False, indent=2)


def render_jsonl(reports: Sequence[dict]) -> str:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in reports)


def print_table(console: Console, report: Report, source: str) -> None:
    title = Text.assemble(
        (report.verdict.upper(), _BADGE[report.verdict]), "  ", (report.article.headline, "bold")
    )
    table = Table(show_lines=True, expand=True)
    table.add_column("#", justify="right", width=3)
    table.add_column("Caption and reasons", ratio=5)
    table.add_column("Verdict", width=10)
    table.add_column("Scores", min_width=22)
    for figure in report.figures:
        table.add_row(
            str(figure.index + 1),
            _caption_cell(figure),
            Text(figure.verdict, style=_BADGE[figure.verdict]),
            _scores_cell(figure.scores.model_dump()),
        )
    subtitle = f"{source} · check {report.id[:12]} · {report.timings_ms.get('total', 0):.0f} ms"
    console.print(Panel(Group(table), title=title, subtitle=subtitle, title_align="left"))


def _caption_cell(figure) -> Text:
    text = Text(figure.caption)
    if figure.image is not None:
        text.append(f"\n[{figure.image.source}]", style="dim")
    for reason in figure.reasons:
        style = _BADGE.get(reason.severity.value, "cyan") if reason.severity.value != "info" else "cyan"
        text.append(f"\n• {reason.code}: ", style=style)
        text.append(reason.message)
    return text


def _scores_cell(scores: dict) -> Text:
    lines = [f"{name.replace('_', '-')}: {value:.2f}" for name, value in scores.items() if value is not None]
    return Text("\n".join(lines), style="dim")


def print_error(console: Console, message: str) -> None:
    console.print(Text.assemble(("error ", "bold red"), message))
