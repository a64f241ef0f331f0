"""`captioncheck models fit-decision FILE...`: refit the calibrated caption decision."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress

from app.engine.decision import write_decision
from app.engine.encoders.base import EncoderProvider
from app.errors import InputError
from app.evaluation.datasets import data_set_names, load_articles, read_rows
from app.settings import get_settings


def fit_decision_command(
    datasets: list[Path] = typer.Argument(..., help="Labelled article files (dev.jsonl format, or "
                                          "the dev split real_news.py writes). Never the test split."),
    review: Path | None = typer.Option(None, "--review", help="JSON of swap judgements "
                                       "{id: {judgement: wrong|plausible|skip}}: non-wrong swaps are left out."),
    false_flags: float = typer.Option(0.03, "--false-flags", min=0.0, max=0.5,
                                      help="Share of genuine captions the review cut-off may flag (cross-validated)."),
    mismatch_false_flags: float = typer.Option(0.01, "--mismatch-false-flags", min=0.0, max=0.5,
                                               help="The same for the mismatch cut-off."),
) -> None:
    """Fit the caption decision on labelled articles and write it under models/calibration/."""
    # Imported here: scikit-learn (with pandas and pyarrow) would otherwise load in every
    # `captioncheck` command, `serve` included (a second and ~60 MB before its first request).
    from app.evaluation.decision_fit import collect, excluded_ids, fit_decision

    settings = get_settings()
    err = Console(stderr=True)
    sets = []
    for path, name in zip(datasets, data_set_names(datasets)):
        if not path.is_file():
            raise InputError("data set file not found", source=str(path))
        sets.append((name, load_articles(path, read_rows(path))))
    models = EncoderProvider.from_settings(settings)
    total = sum(len(articles) for _, articles in sets)
    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("Reading evidence", total=total)
        data = collect(sets, settings, models, excluded_ids(review), lambda n: bar.advance(task, n))
    provenance = {
        "fitted": date.today().isoformat(),
        "data": [str(p) for p in datasets],
        "review": str(review) if review else None,
        "command": "captioncheck models fit-decision " + " ".join(str(p) for p in datasets)
        + (f" --review {review}" if review else "")
        + f" --false-flags {false_flags} --mismatch-false-flags {mismatch_false_flags}",
        "target_false_flags": {"review": false_flags, "mismatch": mismatch_false_flags},
    }
    model = fit_decision(data, false_flags, mismatch_false_flags, provenance)
    path = write_decision(settings.models_dir, models.text().name, model)
    cv = model.provenance["cross_validated"]
    err.print(f"wrote {path}: {len(data.y)} captions ({int(data.y.sum())} to flag); cross-validated "
              f"false flags {cv['false_flags']:.1%}, recall {cv['recall']:.2f}; "
              f"review from p={model.review_at:.3f}, mismatch from p={model.mismatch_at:.3f}")
    spread = model.provenance["cross_validated_repeated"]
    err.print(f"  over {spread['splits']} other random splits of the articles: recall {spread['recall_mean']:.2f} "
              f"± {spread['recall_sd']:.2f} at {spread['false_flags_mean']:.1%} false flags")
    for point in model.operating_points:
        err.print(f"  CAPTIONCHECK_CAPTION_FALSE_FLAGS={point.budget:g}: review from p={point.review_at:.3f}, "
                  f"cross-validated false flags {point.false_flags:.1%}, recall {point.recall:.2f}")
