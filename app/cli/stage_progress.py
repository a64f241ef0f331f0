"""The stages of an audit or `archive index` on the command line's progress bar: the bar counts
stored pages; its description says how far each stage has got (fetched, decoded, encoded...)."""

from __future__ import annotations

from typing import Any

from rich.progress import Progress, TaskID

REFRESH_S = 0.2


def show_stages(runner: Any, bar: Progress, task: TaskID, label: str) -> None:
    """Keep `task`'s description at "label (fetched 12 · decoded 40 images · ...)" while `runner`
    runs; runners without stages (another engine) keep the plain label."""
    progress = getattr(runner, "progress", None)
    if progress is None or not hasattr(progress, "summary"):
        return
    progress.every_s = REFRESH_S
    progress.listener = lambda p: bar.update(task, description=f"{label} ({p.summary()})")
