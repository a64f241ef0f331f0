"""`captioncheck audit` through its console script: formats, files, exit codes, the progress bar."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tests.audit.server import sample_server
from tests.cli.test_check_cmd import run_cli
from tests.fixtures.tiny_clip import tiny_clip_checkpoint  # noqa: F401  (pytest fixture)

PAGES = Path(__file__).resolve().parents[2] / "samples" / "pages"


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"CAPTIONCHECK_DATA_DIR": str(tmp_path / "data"), "CAPTIONCHECK_MODELS_DIR": str(tmp_path / "models"),
            "CAPTIONCHECK_AUDIT_RETRIES": "1", **extra}


def test_sitemap_audit_over_http_with_a_real_open_clip_model_writes_an_html_report(tiny_clip_checkpoint, tmp_path):
    config, checkpoint = tiny_clip_checkpoint
    env = env_for(tmp_path, CAPTIONCHECK_CLIP_MODEL=str(config), CAPTIONCHECK_CLIP_PRETRAINED=str(checkpoint))
    report = tmp_path / "audit.html"
    with sample_server() as (base, behaviour):
        result = run_cli("audit", "--format", "html", "--out", str(report), f"{base}/pages/sitemap-index.xml", env=env)
        again = run_cli("audit", "--format", "json", f"{base}/pages/launch-gallery.html", env=env)
    assert result.returncode == 1, result.stderr  # the Doha page's off-topic caption
    assert "Audit summary" in result.stderr and "Traceback" not in result.stderr
    assert f"Report written to {report}" in result.stderr
    html = report.read_text("utf-8")
    assert len(re.findall(r'src="data:image/jpeg;base64,', html)) == 6
    assert "Supporters wave flags at a rally outside the US Capitol" in html and "caption_place_conflict" in html
    assert behaviour.requests["/pages/private/embargoed.html"] == 0
    [page] = json.loads(again.stdout)
    assert page["report"]["models"]["clip"] == f"{config.stem}/{checkpoint.name}"
    assert [f["image"]["width"] for f in page["report"]["figures"]] == [640, 512]
    assert {"url", "status", "report", "error", "image_errors", "figures"} <= set(page)


def test_saved_pages_caption_only_as_jsonl_and_csv(tmp_path):
    files = [str(PAGES / name) for name in ("rocket-launch.html", "doha-talks.html", "world.html")]
    result = run_cli("audit", "--captions-only", "--format", "jsonl", *files, env=env_for(tmp_path))
    assert result.returncode == 1, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["status"] for line in lines] == ["checked", "checked", "no_article"]
    assert lines[0]["report"]["article"]["url"] == files[0] and lines[0]["report"]["models"]["clip"] is None
    ok = run_cli("audit", "--captions-only", "--format", "csv", "--fail-on", "mismatch", files[0],
                 env=env_for(tmp_path))
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines()[0].startswith("url,status,headline") and len(ok.stdout.splitlines()) == 3


def test_table_output_ends_with_the_summary(tmp_path):
    result = run_cli("audit", "--captions-only", str(PAGES / "doha-talks.html"), env=env_for(tmp_path))
    assert result.returncode == 1
    assert "Pages" in result.stdout and "BLOCK" in result.stdout and "caption_place_conflict" in result.stdout
    assert result.stdout.index("Audit summary") > result.stdout.index("caption_place_conflict")


def test_usage_and_unreadable_targets_exit_2(tmp_path):
    assert run_cli("audit", env=env_for(tmp_path)).returncode == 2
    missing = run_cli("audit", str(tmp_path / "gone.html"), env=env_for(tmp_path))
    assert missing.returncode == 2 and "no page could be read" in missing.stderr
    assert "file not found" in missing.stdout
    unknown = run_cli("audit", "--resume-run", "nope", env=env_for(tmp_path))
    assert unknown.returncode == 2 and "no audit run with id 'nope'" in unknown.stderr
    assert run_cli("audit", "--format", "yaml", "x.html", env=env_for(tmp_path)).returncode == 2


def test_a_terminal_sees_a_progress_bar(tmp_path):
    main, secondary = pty.openpty()
    env = {**os.environ, **env_for(tmp_path), "COLUMNS": "120", "TERM": "xterm"}
    exe = shutil.which("captioncheck", path=str(Path(sys.executable).parent))
    command = [exe] if exe else [sys.executable, "-m", "app.cli.main"]
    process = subprocess.Popen([*command, "audit", "--captions-only", str(PAGES / "rocket-launch.html")],
                               stdin=secondary, stdout=secondary, stderr=secondary, env=env, close_fds=True)
    os.close(secondary)
    output = b""
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 1)
        if ready:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        elif process.poll() is not None:
            break
    process.wait(timeout=30)
    os.close(main)
    text = output.decode("utf-8", "replace")
    assert "Auditing pages" in text and "Audit summary" in text


def test_record_archive_flag_records_pages_of_untrusted_sites_marked_untrusted(tiny_clip_checkpoint, tmp_path):
    config, checkpoint = tiny_clip_checkpoint
    clip = {"CAPTIONCHECK_CLIP_MODEL": str(config), "CAPTIONCHECK_CLIP_PRETRAINED": str(checkpoint)}

    def sources_after(folder: str, *flags: str) -> dict[str, int]:
        env = env_for(tmp_path / folder, **clip)
        with sample_server() as (base, _):
            audited = run_cli("audit", "--format", "json", *flags, f"{base}/pages/launch-gallery.html", env=env)
        assert audited.returncode in (0, 1), audited.stderr
        stats = run_cli("archive", "stats", "--format", "json", env=env)
        assert stats.returncode == 0, stats.stderr
        return json.loads(stats.stdout)["sources"]

    assert sources_after("plain") == {}  # 127.0.0.1 is not a trusted site: nothing recorded
    assert sources_after("asked", "--record-archive") == {"audit:untrusted": 2}


def test_an_out_path_that_cannot_be_written_exits_2_before_auditing(tmp_path):
    page = str(PAGES / "rocket-launch.html")
    for out, expected in ((tmp_path / "no-such-folder" / "audit.html", "does not exist"), (tmp_path, "is a folder")):
        result = run_cli("audit", "--captions-only", "--format", "html", "--out", str(out), page, env=env_for(tmp_path))
        assert result.returncode == 2, result.stderr
        assert expected in result.stderr and "Traceback" not in result.stderr
        assert "Audit summary" not in result.stderr  # refused before any page was fetched or checked
