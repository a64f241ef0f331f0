"""bench/gpu_pipeline.py on the CPU with its tiny config: the script a GPU server runs, proven to run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "gpu_pipeline.py"


def test_the_gpu_benchmark_runs_its_three_pipelines_on_a_tiny_model():
    result = subprocess.run([sys.executable, str(SCRIPT), "--tiny"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert lines[0].startswith("device cpu (none)")
    assert any(line.startswith("DataLoader (2 workers") and "images/s" in line for line in lines)
    assert any(line.startswith("project pipeline, decode pool (2 workers)") and "ratio" in line for line in lines)
    assert any("no GPU here: the code path only" in line for line in lines)
