"""End to end: saved sample pages archived with `captioncheck archive index`, then a photo from them
reused under a conflicting caption is flagged in the JSON report (CLI), the HTML audit report and
the web form's result page, with the earlier use as evidence."""

from __future__ import annotations

import json
import shutil

import httpx
import pytest
from PIL import Image

from app.engine.encoders.base import EncoderProvider
from tests.archive.conftest import PAGES, Archive, encoded, photo
from tests.cli.test_check_cmd import run_cli
from tests.fixtures.tiny_clip import tiny_clip_checkpoint  # noqa: F401  (pytest fixture)
from tests.live_server import live_server
from tests.web.test_form_http import csrf_token

MISSILE = ("North Korea launched a ballistic missile from a site near Pyongyang on Thursday, officials in "
           "Seoul said. The missile flew over the Sea of Japan before landing. Japan protested the launch.")
MISSILE_CAPTION = "A missile is launched from a site near Pyongyang, North Korea, on Thursday."
EARLIER_CAPTION = "The rocket lifts off from its launch pad at Cape Canaveral, Florida."


def edited_rocket() -> Image.Image:
    """The sample pages' rocket photo as another desk might reuse it: cropped, smaller, recompressed."""
    rocket = photo("rocket-launch")
    w, h = rocket.size
    return rocket.crop((int(w * 0.06), 0, w, int(h * 0.95))).resize((w // 2, h // 2))


@pytest.fixture(scope="module")
def indexed(tmp_path_factory) -> dict[str, str]:
    """A data directory whose archive holds the saved sample pages (as `archive index` left it)."""
    data = tmp_path_factory.mktemp("archive-data")
    env = {"CAPTIONCHECK_DATA_DIR": str(data), "CAPTIONCHECK_MODELS_DIR": str(data / "models")}
    pages = sorted(str(p) for p in PAGES.glob("*.html"))
    # The rocket page first: of two equally old earlier uses the first recorded is the evidence,
    # and pages indexed together finish in any order (the gallery swaps the rocket's caption).
    first = run_cli("archive", "index", str(PAGES / "rocket-launch.html"), env=env)
    assert first.returncode == 0 and "1 archived (2 images)" in first.stderr, first.stderr
    rest = run_cli("archive", "index", *pages, env=env)
    assert rest.returncode == 0, rest.stderr
    assert "3 archived (4 images)" in rest.stderr and "1 without an article" in rest.stderr
    again = run_cli("archive", "index", *pages, env=env)
    assert again.returncode == 0 and "5 already archived" in again.stderr, again.stderr
    stats = json.loads(run_cli("archive", "stats", "--format", "json", env=env).stdout)
    assert (stats["images"], stats["uses"], stats["earliest"]) == (4, 6, "2015-02-12")
    return env


def _assert_evidence(reason: dict) -> None:
    assert reason["severity"] == "mismatch"
    evidence = reason["evidence"]
    assert evidence["earlier_url"] in (str(PAGES / "rocket-launch.html"), str(PAGES / "launch-gallery.html"))
    assert evidence["earlier_published"] == "2015-02-12"
    assert evidence["earlier_caption"] == EARLIER_CAPTION
    assert evidence["match"] == "near" and "place" in evidence["conflicts"]
    assert "ran on 12 February 2015" in reason["message"] and "Pyongyang" in reason["message"]


@pytest.mark.slow
def test_check_json_report_flags_the_reused_photo(indexed, tiny_clip_checkpoint, tmp_path):
    config, checkpoint = tiny_clip_checkpoint
    env = {**indexed, "CAPTIONCHECK_CLIP_MODEL": str(config), "CAPTIONCHECK_CLIP_PRETRAINED": str(checkpoint)}
    (tmp_path / "missile.jpg").write_bytes(encoded(edited_rocket(), "JPEG", quality=45))
    story = {"headline": "North Korea fires missile over the Sea of Japan", "body": MISSILE,
             "published": "2024-05-02", "figures": [{"image": "missile.jpg", "caption": MISSILE_CAPTION}]}
    (tmp_path / "story.json").write_text(json.dumps(story))
    result = run_cli("check", "--format", "json", str(tmp_path / "story.json"), env=env)
    assert result.returncode == 1, result.stderr
    [figure] = json.loads(result.stdout)["figures"]
    reused = [r for r in figure["reasons"] if r["code"] == "image_reused"]
    assert len(reused) == 1 and figure["verdict"] == "mismatch"
    _assert_evidence(reused[0])
    assert reused[0]["evidence"]["earlier_uses"] == 2  # the rocket page and the launch gallery


@pytest.mark.slow
def test_audit_html_report_flags_the_reused_photo_and_records_the_page(indexed, tiny_clip_checkpoint, tmp_path):
    config, checkpoint = tiny_clip_checkpoint
    env = {**indexed, "CAPTIONCHECK_CLIP_MODEL": str(config), "CAPTIONCHECK_CLIP_PRETRAINED": str(checkpoint),
           "CAPTIONCHECK_AUDIT_RECORD_ARCHIVE": "true"}
    edited_rocket().save(tmp_path / "missile.jpg", quality=45)
    paragraphs = "".join(f"<p>{MISSILE} Paragraph {n} of the report.</p>" for n in range(3))
    (tmp_path / "missile.html").write_text(
        "<!doctype html><html><head><title>Missile test</title>"
        '<meta property="article:published_time" content="2024-05-02"></head><body><article>'
        f"<h1>North Korea fires missile over the Sea of Japan</h1>{paragraphs}"
        f'<figure><img src="missile.jpg"><figcaption>{MISSILE_CAPTION}</figcaption></figure>'
        "</article></body></html>", "utf-8")
    out = tmp_path / "audit.html"
    result = run_cli("audit", "--format", "html", "--out", str(out), str(tmp_path / "missile.html"), env=env)
    assert result.returncode == 1, result.stderr
    html = out.read_text("utf-8")
    assert "<code>image_reused</code> (mismatch)" in html
    assert "ran on 12 February 2015" in html and "Cape Canaveral, Florida" in html
    stats = json.loads(run_cli("archive", "stats", "--format", "json", env=env).stdout)
    # Asked to, the audited page joined it, marked as from no trusted site (a saved file is nobody's).
    assert stats["sources"] == {"archive": 6, "audit:untrusted": 1} and stats["with_embedding"] == 1


@pytest.mark.slow
def test_web_form_result_page_shows_the_earlier_use(tmp_path, text_encoder):
    from app.server import create_app
    from app.settings import Settings
    from tests.archive.conftest import PhotoClip

    settings = Settings(data_dir=tmp_path, models_dir=tmp_path / "models")
    archive = Archive(settings.resolved_database_url(), settings)
    archive.add(photo("rocket-launch"), "Rocket launches weather satellite from Cape Canaveral", EARLIER_CAPTION,
                url=str(PAGES / "rocket-launch.html"), published="2015-02-12")
    archive.reports.close()
    app = create_app(settings, encoders=EncoderProvider(lambda: text_encoder, lambda: PhotoClip()))
    with live_server(app) as url, httpx.Client(base_url=url, timeout=120) as client:
        fields = {"headline": "North Korea fires missile over the Sea of Japan", "body": MISSILE,
                  "published": "2024-05-02", "figures": "1", "caption-0": MISSILE_CAPTION}
        files = {"image-0": ("missile.jpg", encoded(edited_rocket(), "JPEG", quality=45), "image/jpeg")}
        response = client.post("/", data={"csrf_token": csrf_token(client), **fields}, files=files)
        assert response.status_code == 303, response.text
        html = client.get(response.headers["location"]).text
    assert 'data-code="image_reused"' in html
    assert "ran on 12 February 2015" in html and "Rocket launches weather satellite" in html
    assert "Cape Canaveral, Florida" in html and "Pyongyang" in html


def test_archive_index_needs_a_target_and_reports_unreadable_ones(tmp_path):
    env = {"CAPTIONCHECK_DATA_DIR": str(tmp_path / "data")}
    assert run_cli("archive", "index", env=env).returncode == 2
    missing = run_cli("archive", "index", str(tmp_path / "gone.html"), env=env)
    assert missing.returncode == 2 and "file not found" in missing.stderr
    shutil.copy(PAGES / "world.html", tmp_path / "world.html")
    front = run_cli("archive", "index", str(tmp_path / "world.html"), env=env)
    assert front.returncode == 0 and "1 without an article" in front.stderr
