"""Scraped text never carries terminal escapes or bidi overrides into storage or the terminal."""

from __future__ import annotations

import re
from pathlib import Path

from app.audit.extract import extract_page
from app.audit.sanitize import clean_text, clean_url, unforeseen
from tests.audit.test_audit_cmd import env_for
from tests.cli.test_check_cmd import run_cli

PAGES = Path(__file__).resolve().parents[2] / "samples" / "pages"
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
ESC = "\x1b"


def hostile_page(*, lone_surrogate: bool = True) -> str:
    """The rocket page with escapes in every field a newsroom page can carry text in."""
    page = (PAGES / "rocket-launch.html").read_text("utf-8")
    surrogate = "\\ud800" if lone_surrogate else ""  # a JSON escape no database can store
    swaps = {
        "<h1>Rocket launches": f"<h1>{ESC}]0;owned{ESC}\\Rocket launches",
        '"headline": "Rocket launches': f'"headline": "\\u001b[2J{surrogate}Rocket \\u202elaunches',
        "<p>A rocket carrying": f"<p>{ESC}[31mA rocket\x9b2J carrying",
        "The rocket lifts off": f"The rocket{ESC}[8m lifts\u202e off",
        "SpaceX (public domain)": f"SpaceX\x07 (public domain){ESC}[0m",
        "A rocket rising on": "A rocket\x08 rising on",
        'srcset="../images/rocket-launch.jpg': 'srcset="../images/rocket\x1b[1m-launch.jpg',
    }
    for old, new in swaps.items():
        assert old in page, old
        page = page.replace(old, new, 1)
    return page


def test_extraction_strips_control_characters_from_every_field():
    found = extract_page(hostile_page(), "https://news.example/pages/rocket-launch.html")
    figure = found.figures[0]
    for text in (found.headline, found.body, figure.caption, figure.credit, figure.alt, figure.image):
        assert not UNSAFE.search(text), repr(text)
    assert found.headline == "[2JRocket launches weather satellite from Cape Canaveral"  # JSON-LD's, cleaned
    assert figure.caption == "The rocket[8m lifts off from its launch pad at Cape Canaveral, Florida."
    assert figure.credit == "SpaceX (public domain)[0m" and figure.alt == "A rocket rising on a column of flame"
    assert figure.image == "https://news.example/images/rocket%1B[1m-launch.jpg"
    assert "\n" in found.body and "[31mA rocket2J carrying" in found.body  # paragraphs keep their breaks


def test_the_cleaners_keep_ordinary_text_tabs_newlines_and_right_to_left_marks():
    text = "Caf\u00e9 \u05e9\u05dc\u05d5\u05dd\u200f\tcol\nline \u2014 \u65e5\u672c"
    assert clean_text(text) == text
    assert clean_text(f"a{ESC}[2Jb\u202ec\u2066d\x85e\x7f\r\n") == "a[2Jbcde\n"
    assert clean_url(" https://a.example/x\x1b[1m\u202ey\n.jpg ") == "https://a.example/x%1B[1m%E2%80%AEy.jpg"
    assert unforeseen(RecursionError(f"too\ndeep {ESC}[2J")) == "RecursionError: too deep [2J"


def test_an_audit_table_prints_no_escape_from_the_page(tmp_path):
    saved = tmp_path / "rocket-launch.html"
    saved.write_text(hostile_page(lone_surrogate=False), "utf-8")
    result = run_cli("audit", "--captions-only", str(saved), env=env_for(tmp_path))
    assert result.returncode in (0, 1), result.stderr
    assert "[2JRocket launches weather satellite" in result.stdout and "Audit summary" in result.stdout
    assert ESC not in result.stdout + result.stderr and "\x9b" not in result.stdout
