"""Benchmark scratch folders (each holds a 578 MB random checkpoint) go when the benchmark exits."""

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_a_benchmark_scratch_folder_is_removed_when_the_process_exits():
    code = "from bench.common import temp_dir; d = temp_dir(); (d / 'x').write_text('x'); print(d)"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    folder = Path(result.stdout.strip().splitlines()[-1])
    assert folder.name.startswith("captioncheck-bench-") and not folder.exists()
