"""`captioncheck serve` as a user starts it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.fixtures.tiny_clip import tiny_clip_checkpoint  # noqa: F401  (pytest fixture)
from tests.live_server import free_port

EXE = Path(sys.executable).parent / "captioncheck"


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "CAPTIONCHECK_DATA_DIR": str(tmp_path / "data"),
            "CAPTIONCHECK_MODELS_DIR": str(tmp_path / "models"), **extra}


def test_serve_refuses_to_start_without_clip_weights_when_clip_is_required(tmp_path):
    env = _env(tmp_path, CAPTIONCHECK_CLIP_PRETRAINED=str(tmp_path / "missing.safetensors"),
               CAPTIONCHECK_REQUIRE_CLIP="true")
    result = subprocess.run([str(EXE), "serve", "--port", str(free_port())], env=env,
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 3
    assert "captioncheck models download" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_answers_checks_with_a_real_open_clip_model(tmp_path, tiny_clip_checkpoint):
    config, checkpoint = tiny_clip_checkpoint
    port = free_port()
    env = _env(tmp_path, CAPTIONCHECK_CLIP_MODEL=str(config), CAPTIONCHECK_CLIP_PRETRAINED=str(checkpoint))
    proc = subprocess.Popen([str(EXE), "serve", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        assert _wait_ready(proc, base)["clip"]["available"] is True
        response = _post_rocket(base)
        assert response.json()["models"]["clip"] == f"{config.stem}/{checkpoint.name}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_serve_without_clip_weights_starts_says_so_once_and_checks_everything_else(tmp_path):
    port = free_port()
    env = _env(tmp_path, CAPTIONCHECK_CLIP_PRETRAINED=str(tmp_path / "missing.safetensors"))
    proc = subprocess.Popen([str(EXE), "serve", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        ready = _wait_ready(proc, base)
        assert ready["clip"]["available"] is False and "missing.safetensors" in ready["clip"]["why"]
        response = _post_rocket(base)
        report = response.json()
        assert report["models"]["clip"] is None
        assert "image_not_checked" in [r["code"] for r in report["figures"][0]["reasons"]]
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=30)
    assert stderr.count("Image–caption checks are off") == 1
    assert "Traceback" not in stderr


def _wait_ready(proc: subprocess.Popen, base: str) -> dict:
    deadline = time.monotonic() + 180
    while True:
        assert proc.poll() is None, proc.stderr.read()
        try:
            response = httpx.get(f"{base}/readyz", timeout=2)
            if response.status_code == 200:
                return response.json()
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, "service did not become ready"
        time.sleep(0.2)


def _post_rocket(base: str) -> httpx.Response:
    """One check of the sample rocket photo, uploaded as a user would; asserts it was created."""
    sample = Path(__file__).resolve().parents[2] / "samples" / "images" / "rocket-launch.jpg"
    article = ('{"headline": "Rocket launch", "body": "A rocket lifted off on Monday.", '
               '"figures": [{"caption": "A rocket lifts off."}]}')
    response = httpx.post(f"{base}/v1/checks", data={"article": article},
                          files={"figure-0": ("r.jpg", sample.read_bytes(), "image/jpeg")}, timeout=120)
    assert response.status_code == 201, response.text
    return response


def test_the_command_line_loads_no_scikit_learn_scipy_or_pandas_until_a_command_needs_them():
    """`serve` imports the whole command line before its models: these would add ~1 s and
    ~60 MB before the first request, for the eval and fit-decision commands alone."""
    probe = "import sys, app.cli.main; print(sorted(m for m in ('sklearn', 'scipy', 'pandas', 'pyarrow') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
