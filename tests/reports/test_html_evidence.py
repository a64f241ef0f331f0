"""The HTML audit report shows what the engine found beyond the reasons: the offline banner
when no CLIP model ran, what the photo file says about itself, and the text read in the
photo boxed on its thumbnail. Through `captioncheck audit` on a loopback site; escaping
through the renderer itself."""

from __future__ import annotations

import base64
import copy
import io
import re
from pathlib import Path

from PIL import Image

from app.reports import render_html
from tests.audit.server import Behaviour, sample_server
from tests.cli.test_check_cmd import run_cli
from tests.engine.photo_metadata.fixtures import exiftool
from tests.fixtures.evidence_photo import HOSTILE_CAPTION, box_pixels, lagos_photo, placard_jpeg
from tests.fixtures.tiny_clip import tiny_clip_checkpoint  # noqa: F401  (pytest fixture)

__all__ = ["exiftool"]  # fixture
BANNER = "Image–caption checks are off: no CLIP weights — how to add them"
ROCKET_PAGE = "/pages/rocket-launch.html"
ROCKET_PHOTO = "/images/rocket-launch.jpg"  # the page's lead photo, replaced by the Lagos placard


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"CAPTIONCHECK_DATA_DIR": str(tmp_path / "data"), "CAPTIONCHECK_MODELS_DIR": str(tmp_path / "models"),
            "CAPTIONCHECK_AUDIT_RETRIES": "1", **extra}


def _audit_html(tmp_path: Path, env: dict[str, str], images: dict[str, bytes] | None = None) -> str:
    out = tmp_path / "audit.html"
    with sample_server(Behaviour(images=images or {})) as (base, _):
        result = run_cli("audit", "--format", "html", "--out", str(out), base + ROCKET_PAGE, env=env)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return out.read_text("utf-8")


def _thumbnails(html: str) -> list[Image.Image]:
    found = re.findall(r'<img src="data:image/jpeg;base64,([A-Za-z0-9+/=]+)"', html)
    return [Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB") for data in found]


def test_offline_audit_shows_the_banner_the_file_s_metadata_and_the_text_boxed(tmp_path, exiftool):
    env = _env(tmp_path, CAPTIONCHECK_CLIP_PRETRAINED=str(tmp_path / "missing.safetensors"))
    html = _audit_html(tmp_path, env, {ROCKET_PHOTO: lagos_photo()})

    banner = html[html.index('id="no-clip"'):html.index("</div>", html.index('id="no-clip"'))]
    assert BANNER in banner and "captioncheck models download" in banner and "docs/models.md" in banner
    assert "missing.safetensors" in banner  # why: the configured file is not there
    assert "1 page had photos that were not compared with their captions" in banner

    # The photo file's own record, beside the draft caption, its place marked as disagreeing.
    assert re.search(r'<tr class="meta-place disagrees"><th scope="row">Place</th><td>Lagos, Nigeria \(disagrees\)'
                     r'</td><td class="muted">IPTC City, Country-PrimaryLocationName</td></tr>', html)
    assert '<th scope="row">Credit</th><td>Example Wire</td>' in html
    # The page ran in 2015: a 2024 IPTC date is after it.
    assert '<tr class="meta-date disagrees"><th scope="row">Date</th><td>2024-06-20 (disagrees)</td>' in html
    assert "&lt;script&gt;alert(&#34;iptc&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    assert HOSTILE_CAPTION not in html and "<script" not in html

    # The words read, listed, and boxed on the lead photo's thumbnail.
    words = re.search(r'<ul class="words">(.*?)</ul>', html).group(1)
    assert re.findall(r"<li>(.*?)</li>", words)[:5] == ["LAGOS", "SAYS", "NO", "TO", "FUEL"]
    assert "<code>image_text_conflict</code>" in html and "<code>photo_metadata_conflict</code>" in html
    assert 'alt="Figure 1: A rocket rising on a column of flame (text read in the photo boxed)"' in html
    boxed = _thumbnails(html)[0]
    plain = Image.open(io.BytesIO(placard_jpeg())).convert("RGB")
    plain.thumbnail(boxed.size)
    assert box_pixels(boxed) > box_pixels(plain) + 150


def test_with_a_clip_model_the_report_has_no_banner(tmp_path, tiny_clip_checkpoint):
    config, checkpoint = tiny_clip_checkpoint
    env = _env(tmp_path, CAPTIONCHECK_CLIP_MODEL=str(config), CAPTIONCHECK_CLIP_PRETRAINED=str(checkpoint))
    html = _audit_html(tmp_path, env)
    assert 'id="no-clip"' not in html and "CLIP weights" not in html
    assert "<code>image_not_checked</code>" not in html
    assert "The rocket lifts off from its launch pad at Cape Canaveral" in html


def _record(figure: dict, clip: str | None = None) -> dict:
    return {"url": "https://news.example/a", "status": "checked", "figures": [{}],
            "report": {"verdict": "review", "article": {"headline": "A"}, "models": {"clip": clip, "text": "t"},
                       "figures": [{"index": 0, "caption": "c", "verdict": "review", "scores": {}, **figure}]}}


def test_words_read_and_metadata_are_escaped_and_boxes_need_a_valid_figure():
    words = [{"text": "<img src=x onerror=alert(1)>", "box": [2, 2, 40, 20], "confidence": 0.99}]
    reasons = [
        {"code": "image_text_conflict", "severity": "review", "message": "m", "evidence": {"text": words}},
        {"code": "photo_metadata_found", "severity": "info", "message": "m",
         "evidence": {"credit": "<b onmouseover=x>W</b>", "gps": {"latitude": 6.5, "longitude": 3.4, "near": "<i>"},
                      "provenance": {"state": "invalid", "signer": "<s>"}, "sources": {}}},
    ]
    image = {"source": "u", "sha256": "0" * 64, "width": 100, "height": 60}
    figure = {"image": image, "reasons": reasons}
    thumb = io.BytesIO()
    Image.new("RGB", (100, 60), (40, 90, 160)).save(thumb, "JPEG")
    html = render_html([_record(figure, clip="ViT")], {0: {0: thumb.getvalue()}})
    assert "<img src=x" not in html and "<li>&lt;img src=x onerror=alert(1)&gt;</li>" in html
    assert "&lt;b onmouseover=x&gt;W&lt;/b&gt;" in html
    assert "6.50000, 3.40000 (near &lt;i&gt;)" in html and "do not validate; signed by &lt;s&gt;" in html
    assert box_pixels(_thumbnails(html)[0]) > 50
    assert 'id="no-clip"' not in html  # CLIP ran for this report

    broken = copy.deepcopy(figure)
    broken["image"] = {"source": "u"}  # not a report figure: the words are listed, nothing drawn
    html = render_html([_record(broken, clip="ViT")], {0: {0: thumb.getvalue()}})
    assert "<li>&lt;img src=x onerror=alert(1)&gt;</li>" in html and box_pixels(_thumbnails(html)[0]) == 0


def test_banner_only_when_a_photo_went_unchecked_for_want_of_clip():
    caption_only = _record({"image": None, "reasons": []})
    assert 'id="no-clip"' not in render_html([caption_only])
    photo = {"image": {"source": "u", "sha256": "0" * 64, "width": 9, "height": 9}, "reasons": []}
    html = render_html([caption_only, _record(photo)])
    assert BANNER in html and "1 page had photos" in html and "Why:" not in html
    with_clip = _record(photo, clip="ViT-B-32/laion2b_s34b_b79k")
    assert 'id="no-clip"' not in render_html([with_clip])
