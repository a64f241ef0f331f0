"""`captioncheck eval` and `make-eval-pairs` through the console script."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_check_cmd import assert_refused, run_cli
from tests.conftest import DEV_SET, LOCAL_DEV_SET, REPO
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
    assert summary["false_flags"] == summary["by_kind"]["consistent"]["flagged"] / 16
    assert summary["recall"] == summary["at_current"]["recall"]
    assert summary["ms_per_article_p50"] > 0
    assert summary["blocked_genuine"] <= summary["false_flags"] and summary["blocked_flags"] <= summary["recall"]
    assert set(summary["recall_within"]) == {"2%", "5%"}
    assert 0.0 <= summary["recall_within"]["2%"] <= summary["recall_within"]["5%"] <= 1.0
    table = run_cli("eval", str(dev))
    assert "false flags" in table.stdout and "recall" in table.stdout and "within 5%" in table.stdout
    assert "called a mismatch (the CMS blocks the article)" in table.stdout


def test_eval_counts_lone_captions_apart_from_those_with_neighbours(tmp_path):
    story = {"headline": "Floods close schools in Lyon", "published": "2026-03-02",
             "body": "Floods closed schools across Lyon on Monday after the Saone burst its banks."}
    rows = [{**story, "id": "lone", "figures": [{"caption": "A flooded school yard in Lyon.", "expected": "consistent"}]},
            {**story, "id": "pair", "figures": [{"caption": "Firefighters pump water from a school in Lyon.",
                                                  "expected": "consistent"},
                                                 {"caption": "Delegates vote at the UN General Assembly in New York.",
                                                  "expected": "flag"}]}]
    data = tmp_path / "set.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    result = run_cli("eval", "--format", "json", str(data))
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    alone, neighbours = summary["by_neighbours"]["alone"], summary["by_neighbours"]["with neighbours"]
    assert (alone["genuine"], alone["to_flag"], neighbours["genuine"], neighbours["to_flag"]) == (1, 0, 1, 1)
    assert alone["false_flags"] + neighbours["false_flags"] == round(summary["false_flags"] * 2)
    assert neighbours["flagged"] == round(summary["recall"])
    table = run_cli("eval", str(data))
    assert "captions alone in their article: false flags" in table.stdout


def test_fit_decision_writes_a_model_with_its_data_and_cross_validated_figures(tmp_path):
    dev = DEV_SET if DEV_SET.exists() else LOCAL_DEV_SET
    review = tmp_path / "review.json"
    review.write_text(json.dumps({"d01": {"judgement": "skip"}}), "utf-8")
    env = {"CAPTIONCHECK_MODELS_DIR": str(tmp_path / "models")}
    result = run_cli("models", "fit-decision", str(dev), str(REPO / "tests/data/extra_cases.jsonl"),
                     "--review", str(review), "--false-flags", "0.05", env=env)
    assert result.returncode == 0, result.stderr
    written = json.loads((tmp_path / "models/calibration/decision__all-MiniLM-L6-v2.json").read_text())
    d01 = sum(1 for line in dev.read_text().splitlines() if line.strip() and json.loads(line)["id"] == "d01")
    assert d01 == 1
    provenance = written["provenance"]
    assert provenance["sources"]["extra_cases.jsonl"] == 54
    assert provenance["sources"]["dev.jsonl"] < 24  # the article judged "skip" was left out
    assert provenance["cross_validated"]["false_flags"] <= 0.05
    assert len(written["coef"]) == len(written["features"]) and written["review_at"] <= written["mismatch_at"]
    assert [p["budget"] for p in written["operating_points"]] == [0.01, 0.02, 0.03, 0.04, 0.05, 0.08, 0.1]
    assert "CAPTIONCHECK_CAPTION_FALSE_FLAGS=0.02" in result.stderr
    assert provenance["cross_validated_repeated"]["splits"] == 20 and "other random splits" in result.stderr
    # the engine reads the refitted model: a check with these models reports its probability
    check = run_cli("check", "--format", "json", str(REPO / "samples/seed-doha-talks.json"), env=env)
    assert check.returncode == 1, check.stderr
    assert all(f["scores"]["caption_mismatch_probability"] is not None for f in json.loads(check.stdout)["figures"])


def test_fit_decision_refuses_missing_files_and_one_class_data(tmp_path):
    assert run_cli("models", "fit-decision", str(tmp_path / "none.jsonl")).returncode == 2
    one_class = tmp_path / "clean.jsonl"
    one_class.write_text(json.dumps({"id": "a", "headline": "Rain in Paris", "body": "It rained in Paris today.",
                                     "figures": [{"caption": "Rain in Paris.", "expected": "consistent"}]}) + "\n")
    result = run_cli("models", "fit-decision", str(one_class), env={"CAPTIONCHECK_MODELS_DIR": str(tmp_path)})
    assert result.returncode == 2 and "both" in result.stderr


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


@pytest.mark.parametrize("content, expected", [
    (b"[" * 100_000 + b"]" * 100_000 + b"\n", "nested too deeply"),
    (b'{"image": "a.jpg", "caption": "x", "label": "pristine", "n": ' + b"9" * 5000 + b"}\n", "digits"),
    (b"\xff\xfe not text\n", "not UTF-8"),
    (b'{"headline": "h", "body": "b", "figures": "c"}\n', "figures"),
    (b'{"headline": "h", "body": "b", "figures": [5]}\n', "figures"),
    (b'\n{"title": "h"}\n', "unknown data set shape"),
], ids=["nested", "long-number", "not-utf8", "figures-string", "figures-of-numbers", "unknown-shape"])
def test_unreadable_data_sets_exit_2_with_one_line(tmp_path, content, expected):
    data_set = tmp_path / "odd.jsonl"
    data_set.write_bytes(content)
    assert_refused(run_cli("eval", str(data_set)), expected, "odd.jsonl")
