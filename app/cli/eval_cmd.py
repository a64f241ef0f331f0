"""`captioncheck eval DATASET`: measured accuracy, ROC-AUC and a threshold table."""

from __future__ import annotations

import json
from datetime import date
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from app.engine.calibration import load_calibration, write_calibration
from app.engine.checker import Checker
from app.engine.encoders.base import EncoderProvider
from app.errors import InputError
from app.evaluation.datasets import detect_kind, load_articles, load_pairs, read_rows
from app.evaluation.runner import Summary, evaluate_articles, pair_scores, summarise_pairs
from app.settings import Settings, get_settings


class EvalFormat(str, Enum):
    table = "table"
    json = "json"


def evaluate(
    dataset: Path = typer.Argument(..., help="JSONL: {image, caption, label} pairs, or labelled articles."),
    output: EvalFormat = typer.Option(EvalFormat.table, "--format", help="table | json"),
    calibrate: bool = typer.Option(False, "--calibrate",
                                   help="Write the chosen image-caption thresholds into models/calibration/."),
    limit: int = typer.Option(0, "--limit", min=0, help="Use only the first N items (0: all)."),
) -> None:
    """Score a labelled data set: accuracy, precision/recall/F1, ROC-AUC, thresholds."""
    settings = get_settings().model_copy(update={"allow_private_urls": True})
    if not dataset.is_file():
        raise InputError("data set file not found", source=str(dataset))
    rows = read_rows(dataset)[: limit or None]
    kind = detect_kind(dataset, rows)
    if calibrate and kind != "pairs":
        raise InputError("--calibrate needs image-caption pairs ({image, caption, label})", source=str(dataset))
    err = Console(stderr=True)
    provider = EncoderProvider.from_settings(settings)
    summary = (_pairs(dataset, rows, provider, settings, err) if kind == "pairs"
               else _articles(dataset, rows, provider, settings, err))
    if calibrate:
        _write(summary, settings, dataset, err)
    if output is EvalFormat.json:
        print(json.dumps(summary.as_dict(), indent=2))
    else:
        _print(Console(), summary)


def make_pairs(
    out_dir: Path = typer.Argument(..., help="Folder to write pairs.jsonl and its images into."),
    count: int = typer.Option(200, "--count", min=2, help="How many pairs (half falsified)."),
) -> None:
    """Generate a labelled image-caption pair set from the sample photos, for `captioncheck eval`."""
    from app.evaluation.generate import generate_pairs
    from app.settings import REPO_ROOT

    path = generate_pairs(REPO_ROOT / "samples" / "images", out_dir, count)
    Console(stderr=True).print(f"wrote {count} pairs to {path}")


def _pairs(dataset: Path, rows: list[dict], provider: EncoderProvider, settings: Settings,
           err: Console) -> Summary:
    pairs = load_pairs(dataset, rows)
    clip = provider.clip()
    with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("Scoring pairs", total=len(pairs))
        scores = pair_scores(pairs, clip, settings, lambda n: bar.advance(task, n))
    return summarise_pairs(dataset.name, pairs, scores, load_calibration(settings.models_dir, clip.name))


def _articles(dataset: Path, rows: list[dict], provider: EncoderProvider, settings: Settings,
              err: Console) -> Summary:
    articles = load_articles(dataset, rows)
    checker = Checker(settings, provider)
    with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("Checking articles", total=len(articles))
        return evaluate_articles(dataset.name, articles, checker, dataset.resolve().parent,
                                 lambda n: bar.advance(task, n))


def _write(summary: Summary, settings: Settings, dataset: Path, err: Console) -> None:
    provenance = {"source": "measured", "dataset": dataset.name, "date": date.today().isoformat(),
                  "items": summary.items, "roc_auc": summary.roc_auc,
                  "note": "image_caption_min_percentile = best F1 threshold, "
                          "image_caption_review_percentile = best F2 threshold (captioncheck eval --calibrate)"}
    updates = {"image_caption_min_percentile": summary.best_f1["threshold"],
               "image_caption_review_percentile": max(summary.best_f2["threshold"], summary.best_f1["threshold"])}
    path = write_calibration(settings.models_dir, summary.model or "", updates, provenance)
    err.print(f"wrote {path}")


def _print(console: Console, summary: Summary) -> None:
    auc = "n/a (one class only)" if summary.roc_auc is None else f"{summary.roc_auc:.3f}"
    console.print(f"[bold]{summary.dataset}[/] ({summary.kind}, model {summary.model}): "
                  f"{summary.items} items, {summary.positives} falsified/flag; ROC-AUC {auc}")
    now = summary.at_current
    console.print(f"as configured: accuracy {now['accuracy']:.3f}, precision {now['precision']:.3f}, "
                  f"recall {now['recall']:.3f}, F1 {now['f1']:.3f} ({now['flagged']} flagged)")
    if summary.table:
        table = Table("flag below", "precision", "recall", "F1", "accuracy", "flagged", title="thresholds")
        for row in summary.table:
            table.add_row(f"{row['threshold']:.2f}", f"{row['precision']:.3f}", f"{row['recall']:.3f}",
                          f"{row['f1']:.3f}", f"{row['accuracy']:.3f}", str(row["flagged"]))
        console.print(table)
        console.print(f"best F1 at {summary.best_f1['threshold']:.2f}, best F2 at {summary.best_f2['threshold']:.2f}")
    if summary.false_flags is not None or summary.recall is not None:
        console.print(f"false flags {_percent(summary.false_flags)} of genuine captions; "
                      f"recall {_percent(summary.recall)} of captions to flag; "
                      f"{summary.ms_per_article_p50} ms per article (p50)")
        console.print(f"called a mismatch (the CMS blocks the article): {_percent(summary.blocked_genuine)} "
                      f"of genuine captions, {_percent(summary.blocked_flags)} of captions to flag")
    if summary.recall_within:
        ranked = ", ".join(f"{_percent(r)} within {b}" for b, r in summary.recall_within.items())
        console.print(f"ranking (cut-off chosen on this data, for comparison only): recall {ranked} false flags")
    for name, c in summary.by_neighbours.items():
        console.print(f"  captions {name} in their article: false flags {c['false_flags']}/{c['genuine']}, "
                      f"flagged {c['flagged']}/{c['to_flag']} to flag")
    for kind, counts in summary.by_kind.items():
        console.print(f"  {kind}: {counts['flagged']}/{counts['figures']} flagged")


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"
