"""`captioncheck models ...` through the real entry point, in a subprocess, on a tiny model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.engine.models_catalogue import hf_host, host_reachable
from app.settings import REPO_ROOT
from tests.fixtures.tiny_clip import tiny_clip_checkpoint  # noqa: F401  (pytest fixture)

HOW_TO = ("captioncheck models download", "CAPTIONCHECK_CLIP_PRETRAINED")


def _models(*args: str, models_dir: Path, model: str | None = None, pretrained: str | None = None):
    env = {
        **os.environ,
        "CAPTIONCHECK_MODELS_DIR": str(models_dir),
        "CAPTIONCHECK_DEVICE": "cpu",
        "COLUMNS": "200",
        "PYTHONPATH": str(REPO_ROOT),
    }
    for key in ("CAPTIONCHECK_CLIP_MODEL", "CAPTIONCHECK_CLIP_PRETRAINED"):
        env.pop(key, None)
    if model:
        env["CAPTIONCHECK_CLIP_MODEL"] = model
    if pretrained:
        env["CAPTIONCHECK_CLIP_PRETRAINED"] = pretrained
    return subprocess.run(
        [sys.executable, "-m", "app.cli.main", "models", *args],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_verify_loads_the_configured_checkpoint(tiny_clip_checkpoint, tmp_path):
    config, checkpoint = tiny_clip_checkpoint
    result = _models("verify", models_dir=tmp_path, model=str(config), pretrained=str(checkpoint))
    assert result.returncode == 0, result.stderr
    assert "embedding dim 32" in result.stdout
    assert result.stdout.strip().endswith("OK")


def test_verify_with_a_missing_file_exits_3_and_says_how_to_get_weights(tiny_clip_checkpoint, tmp_path):
    config, _ = tiny_clip_checkpoint
    missing = tmp_path / "gone.safetensors"
    result = _models("verify", models_dir=tmp_path, model=str(config), pretrained=str(missing))
    assert result.returncode == 3
    assert all(hint in result.stderr for hint in HOW_TO)
    assert str(missing) in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_list_shows_the_catalogue_and_the_configured_model(tmp_path):
    result = _models("list", models_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "ViT-B-32" in result.stdout and "laion2b_s34b_b79k" in result.stdout
    configured = next(line for line in result.stdout.splitlines() if "laion2b_s34b_b79k" in line)
    assert "*" in configured and " no " in configured  # empty cache: weights not present
    assert str(tmp_path / "cache") in result.stdout.replace("\n", "")


def test_download_of_a_local_checkpoint_has_nothing_to_fetch(tiny_clip_checkpoint, tmp_path):
    config, checkpoint = tiny_clip_checkpoint
    result = _models("download", models_dir=tmp_path, model=str(config), pretrained=str(checkpoint))
    assert result.returncode == 0, result.stderr
    assert str(checkpoint) in result.stdout


@pytest.mark.skipif(host_reachable(hf_host()), reason="the model hub is reachable from here")
def test_download_offline_exits_3_with_instructions(tmp_path):
    result = _models("download", "--model", "ViT-B-32", "--pretrained", "laion2b_s34b_b79k", models_dir=tmp_path)
    assert result.returncode == 3
    assert all(hint in result.stderr for hint in HOW_TO)
    assert "Traceback" not in result.stderr


def test_fit_decision_writes_the_model_with_the_command_that_refits_it(tmp_path):
    dev = REPO_ROOT / "tests" / "data" / "dev.jsonl"
    result = _models("fit-decision", str(dev), "--false-flags", "0.05", "--mismatch-false-flags", "0.02",
                     models_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    [written] = (tmp_path / "calibration").glob("decision__*.json")
    provenance = json.loads(written.read_text())["provenance"]
    assert provenance["target_false_flags"] == {"review": 0.05, "mismatch": 0.02}
    assert provenance["command"] == (f"captioncheck models fit-decision {dev} "
                                     "--false-flags 0.05 --mismatch-false-flags 0.02")
