"""The progress bar's description follows every stage of the pipeline it shows."""

from __future__ import annotations

import io
from types import SimpleNamespace

from rich.console import Console
from rich.progress import Progress

from app.cli.stage_progress import show_stages
from app.pipeline.stages import StageProgress


def test_the_description_names_each_stage_and_a_runner_without_stages_keeps_its_label():
    bar = Progress(console=Console(file=io.StringIO()))
    task = bar.add_task("Auditing pages", total=2)
    runner = SimpleNamespace(progress=StageProgress(("fetched", "decoded", "stored"), units={"decoded": "images"}))
    show_stages(runner, bar, task, "Auditing pages")
    runner.progress.every_s = 0.0
    runner.progress.advance("fetched", 2)
    runner.progress.advance("decoded", 5)
    assert bar.tasks[0].description == "Auditing pages (fetched 2 · decoded 5 images · stored 0)"
    other = bar.add_task("Archiving pages", total=1)
    show_stages(SimpleNamespace(), bar, other, "Archiving pages")
    assert bar.tasks[1].description == "Archiving pages"
