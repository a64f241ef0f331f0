"""The package layering the architecture docs promise, checked on the code itself."""

import subprocess
import sys
from pathlib import Path

from app.engine.signals.registry import SIGNALS, all_codes

ROOT = Path(__file__).resolve().parent.parent


def test_no_import_cycle_between_packages_and_the_engine_imports_no_interface_storage_or_archive():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "import_graph.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert "cycles: none" in result.stdout


def test_every_signal_declares_unique_codes_and_a_run_function():
    codes = all_codes()
    assert len(codes) == len(set(codes))
    names = [signal.name for signal in SIGNALS]
    assert len(names) == len(set(names))
    assert all(signal.codes and callable(signal.run) for signal in SIGNALS)
