"""`captioncheck eval` and `make-eval-pairs` through the console script."""

from __future__ import annotations

import json

from tests.cli.test_check_cmd import run_cli
from tests.conftest import DEV_SET, LOCAL_DEV_SET
from tests.fixtures.tiny_clip import tiny_clip_checkpoint  # noqa: F401  (pytest fixture)


def test_eval_on_the_dev_articles():
    dev = DEV_SET if DEV_SET.exists() else LOCAL_DEV_SET
    result = run_cli("eval", "--format", "json", str(dev))
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["kind"] == "articles" and summary["items"] == 24 and summary["positives"] == 8
    assert summary["at_current"]["recall"] >= 0.9
    assert summary["by_kind"]["consistent"] == {"figures": 16, "flagged": summary["by_kind"]["consistent"]["flagged"]}
    assert 0.5 <= summary["roc_auc"] <= 1.0


def test_generated_pairs_through_a_real_open_clip_model_and_calibration(tmp_path, tiny_clip_checkpoint):
    config, checkpoint = tiny_clip_checkpoint
    made = run_cli("make-eval-pairs", str(tmp_path / "pairs"), "--count", "24")
    assert made.returncode == 0, made.stderr
    lines = (tmp_path / "pairs" / "pairs.jsonl").read_text().splitlines()
    assert len(lines) == 24 and sum('"falsified"' in line for line in lines) == 12
    env = {"CAPTIONCHECK_CLIP_MODEL": str(config), "CAPTIONCHECK_CLIP_PRETRAINED": str(checkpoint),
           "CAPTIONCHECK_MODELS_DIR": str(tmp_path / "models")}
    result = run_cli("eval", "--format", "json", "--calibrate", str(tmp_path / "pairs" / "pairs.jsonl"), env=env)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["kind"] == "pairs" and summary["items"] == 24 and summary["positives"] == 12
    assert 0.0 <= summary["roc_auc"] <= 1.0
    assert len(summary["table"]) == 19
    written = json.loads((tmp_path / "models" / "calibration" / f"{config.stem}__{checkpoint.name}.json").read_text())
    assert written["provenance"]["source"] == "measured"
    assert written["provenance"]["dataset"] == "pairs.jsonl" and written["provenance"]["items"] == 24
    assert written["image_caption_min_percentile"] == summary["best_f1"]["threshold"]


def test_bad_data_sets_exit_2(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"image": "a.jpg", "caption": "x", "label": "maybe"}\n')
    result = run_cli("eval", str(bad))
    assert result.returncode == 2 and "label" in result.stderr and "Traceback" not in result.stderr
    assert run_cli("eval", str(tmp_path / "missing.jsonl")).returncode == 2
    articles = tmp_path / "articles.jsonl"
    articles.write_text('{"headline": "h", "body": "b", "figures": [{"caption": "c", "expected": "flag"}]}\n')
    calibrate = run_cli("eval", "--calibrate", str(articles))
    assert calibrate.returncode == 2 and "--calibrate" in calibrate.stderr
