"""`captioncheck check` through its console-script entry point, in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.tiny_clip import tiny_clip_checkpoint  # noqa: F401  (pytest fixture)

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"


def run_cli(*args: str, stdin: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    exe = shutil.which("captioncheck", path=str(Path(sys.executable).parent))
    command = [exe] if exe else [sys.executable, "-m", "app.cli.main"]
    full_env = {**os.environ, "COLUMNS": "160", **(env or {})}
    return subprocess.run([*command, *args], input=stdin, capture_output=True, text=True,
                          env=full_env, timeout=300)


def assert_refused(result: subprocess.CompletedProcess, *words: str) -> None:
    """Exit 2 with a message naming `words`, and no traceback."""
    assert result.returncode == 2, result.stderr
    assert all(word in result.stderr for word in words), result.stderr
    assert "Traceback" not in result.stderr


def test_seed_sample_is_blocked_and_exit_code_is_1():
    result = run_cli("check", "--format", "json", str(SAMPLES / "seed-doha-talks.json"))
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["verdict"] == "block"
    assert [f["verdict"] for f in report["figures"]] == ["consistent", "consistent", "mismatch"]
    place = next(r for r in report["figures"][2]["reasons"] if r["code"] == "caption_place_conflict")
    assert "Washington" in place["message"] and place["severity"] == "mismatch"
    assert report["figures"][2]["scores"]["caption_mismatch_probability"] > 0.5
    assert report["models"]["clip"] is None


def test_jsonl_batch_keeps_input_order_and_flags_planted_errors():
    result = run_cli("check", "--format", "jsonl", str(SAMPLES / "batch.jsonl"))
    assert result.returncode == 1, result.stderr
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["article"]["id"] for r in reports] == ["sample-pakistan-floods", "sample-old-photo", "sample-clean"]
    flood, old, clean = reports
    assert [f["verdict"] for f in flood["figures"]][0] == "consistent"
    assert "caption_place_conflict" in [r["code"] for r in flood["figures"][1]["reasons"]]
    assert [r["code"] for r in old["figures"][1]["reasons"]] == ["caption_date_conflict"]
    assert clean["verdict"] == "pass"


def test_fail_on_mismatch_ignores_review_only_articles(tmp_path):
    lines = (SAMPLES / "batch.jsonl").read_text().splitlines()
    review_only = tmp_path / "old.jsonl"
    review_only.write_text(lines[1] + "\n")
    # the 2009 photo is a mismatch by default; a newsroom policy can make it a review
    policy = {"CAPTIONCHECK_SEVERITY_OVERRIDES": json.dumps({"caption_date_conflict": "review"})}
    assert run_cli("check", "--fail-on", "mismatch", str(review_only)).returncode == 1
    assert run_cli("check", str(review_only), env=policy).returncode == 1
    assert run_cli("check", "--fail-on", "mismatch", str(review_only), env=policy).returncode == 0


def test_table_output_shows_verdicts_and_reasons():
    result = run_cli("check", str(SAMPLES / "seed-doha-talks.json"))
    assert "BLOCK" in result.stdout
    assert "caption_place_conflict" in result.stdout
    assert "US Capitol" in result.stdout


def test_stdin_input():
    text = (SAMPLES / "batch.jsonl").read_text().splitlines()[2]
    result = run_cli("check", "--format", "json", "-", stdin=text)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["verdict"] == "pass"


def test_bad_article_in_batch_is_reported_and_the_rest_still_run(tmp_path):
    good = (SAMPLES / "batch.jsonl").read_text().splitlines()[2]
    batch = tmp_path / "mixed.jsonl"
    batch.write_text(good + "\n" + '{"headline": "no body"}\n' + good + "\n")
    result = run_cli("check", "--format", "jsonl", str(batch))
    assert result.returncode == 2
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 3
    assert records[1]["source"].endswith("mixed.jsonl:2") and "missing" in records[1]["error"]
    assert records[1]["field"] == "body"  # a machine reading the output learns which field, as a person does
    assert records[0]["verdict"] == records[2]["verdict"] == "pass"
    assert "mixed.jsonl:2" in result.stderr and "body" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("content, expected", [
    ("{broken", "malformed JSON"),
    ('{"headline": "h", "body": "b", "figures": [{"image": null}]}', "figures[0].caption"),
])
def test_bad_input_exits_2_with_a_message_naming_the_place(tmp_path, content, expected):
    path = tmp_path / "bad.json"
    path.write_text(content)
    result = run_cli("check", str(path))
    assert result.returncode == 2
    assert expected in result.stderr and "bad.json" in result.stderr
    assert "Traceback" not in result.stderr


def test_without_clip_weights_everything_else_is_checked_and_figures_say_image_not_checked(tmp_path):
    result = run_cli("check", "--format", "json", str(SAMPLES / "space-launch.json"),
                     env={"CAPTIONCHECK_CLIP_PRETRAINED": str(tmp_path / "missing.safetensors"),
                          "CAPTIONCHECK_MODELS_DIR": str(tmp_path)})
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert report["models"]["clip"] is None
    with_image = [f for f in report["figures"] if f["image"] is not None]
    assert with_image, "the sample has images"
    for figure in with_image:
        not_checked = [r for r in figure["reasons"] if r["code"] == "image_not_checked"]
        assert len(not_checked) == 1 and not_checked[0]["severity"] == "info"
        assert "missing.safetensors" in not_checked[0]["evidence"]["why"]
        assert figure["scores"]["caption_article"] is not None and figure["scores"]["image_caption"] is None
    assert "Traceback" not in result.stderr


def test_require_clip_refuses_with_exit_3_and_instructions_when_weights_are_missing(tmp_path):
    result = run_cli("check", str(SAMPLES / "space-launch.json"),
                     env={"CAPTIONCHECK_CLIP_PRETRAINED": str(tmp_path / "missing.safetensors"),
                          "CAPTIONCHECK_MODELS_DIR": str(tmp_path),
                          "CAPTIONCHECK_REQUIRE_CLIP": "true"})
    assert result.returncode == 3
    assert "captioncheck models download" in result.stderr
    assert "CAPTIONCHECK_CLIP_PRETRAINED" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_option_is_usage_error():
    result = run_cli("check", "--format", "yaml", str(SAMPLES / "seed-doha-talks.json"))
    assert result.returncode == 2


def test_images_go_through_a_real_open_clip_model_end_to_end(tiny_clip_checkpoint, tmp_path):
    """A tiny open_clip checkpoint built by the test, loaded the way a user supplies one.

    Its weights are random, so only the plumbing is checked here, not the verdicts.
    """
    config, checkpoint = tiny_clip_checkpoint
    result = run_cli("check", "--format", "json", "--fail-on", "mismatch", str(SAMPLES / "space-launch.json"),
                     env={"CAPTIONCHECK_CLIP_MODEL": str(config),
                          "CAPTIONCHECK_CLIP_PRETRAINED": str(checkpoint),
                          "CAPTIONCHECK_MODELS_DIR": str(tmp_path)})
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert report["models"]["clip"] == f"{config.stem}/{checkpoint.name}"
    first = report["figures"][0]
    assert first["image"]["width"] == 640 and first["image"]["height"] == 427
    assert first["image"]["source"] == "images/rocket-launch.jpg"
    for figure in report["figures"]:
        assert 0.0 <= figure["scores"]["image_caption"] <= 1.0
        assert 0.0 <= figure["scores"]["image_article"] <= 1.0


@pytest.mark.parametrize("content, expected", [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"headline": "h", "body": "b", "figures": [], "wire_ref": ' + "9" * 5000 + "}", "digits"),
], ids=["nested-past-the-parser", "number-past-the-digit-cap"])
def test_json_the_parser_gives_up_on_exits_2_with_one_line(tmp_path, content, expected):
    path = tmp_path / "odd.json"
    path.write_text(content)
    assert_refused(run_cli("check", str(path)), expected, "odd.json")
