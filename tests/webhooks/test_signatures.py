"""Standard Webhooks signing and verification, against the specification's published test vector."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.webhooks.signatures import SignatureError, parse_secrets, sign_headers, signature, verify
from tests.webhooks.conftest import OLD_SECRET, OTHER_SECRET, REPO, SECRET, key

# The vector every Standard Webhooks reference library tests against.
SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SPEC_TIMESTAMP = 1614265330
SPEC_BODY = b'{"test": 2432232314}'
SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
SPEC_HEADERS = {"webhook-id": SPEC_ID, "webhook-timestamp": str(SPEC_TIMESTAMP),
                "webhook-signature": SPEC_SIGNATURE}


def test_signature_matches_the_specification_vector():
    [spec_key] = parse_secrets(SPEC_SECRET)
    assert signature(spec_key, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY) == SPEC_SIGNATURE


def test_the_specification_vector_verifies():
    message = verify(parse_secrets(SPEC_SECRET), SPEC_HEADERS, SPEC_BODY, now=SPEC_TIMESTAMP + 10)
    assert (message.webhook_id, message.timestamp) == (SPEC_ID, SPEC_TIMESTAMP)


def test_any_configured_secret_and_any_offered_signature_will_do():
    keys = parse_secrets(f" {SECRET} , {OLD_SECRET} ")
    headers = sign_headers(key(OLD_SECRET), "msg_1", b"{}", timestamp=1000)
    other = sign_headers(key(OTHER_SECRET), "msg_1", b"{}", timestamp=1000)["webhook-signature"]
    headers["webhook-signature"] = f"v1,bm9wZQ== {other} {headers['webhook-signature']}"
    assert verify(keys, headers, b"{}", now=1000).webhook_id == "msg_1"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"webhook-signature": None}, "missing header(s): webhook-signature"),
        ({"webhook-id": None, "webhook-timestamp": None}, "webhook-id, webhook-timestamp"),
        ({"webhook-timestamp": "yesterday"}, "whole seconds"),
        ({"webhook-timestamp": str(SPEC_TIMESTAMP - 301)}, "301 s old"),
        ({"webhook-timestamp": str(SPEC_TIMESTAMP + 301)}, "301 s in the future"),
        ({"webhook-signature": "v2,abc"}, "no v1,<base64> signature"),
        ({"webhook-signature": "v1,not*base64"}, "no v1,<base64> signature"),
        ({"webhook-id": "msg_other"}, "no signature matches"),
        ({"webhook-id": "x" * 256}, "at most 255"),
    ],
)
def test_bad_headers_are_refused_with_a_reason(change, message):
    headers = {k: v for k, v in {**SPEC_HEADERS, **change}.items() if v is not None}
    with pytest.raises(SignatureError, match=message.replace("(", r"\(").replace(")", r"\)")):
        verify(parse_secrets(SPEC_SECRET), headers, SPEC_BODY, now=SPEC_TIMESTAMP)


def test_timestamps_at_the_edge_of_the_window_are_accepted():
    for skew in (-300, 300):
        verify(parse_secrets(SPEC_SECRET), SPEC_HEADERS, SPEC_BODY, now=SPEC_TIMESTAMP - skew)


def test_tampered_body_and_wrong_secret_do_not_verify():
    with pytest.raises(SignatureError, match="no signature matches"):
        verify(parse_secrets(SPEC_SECRET), SPEC_HEADERS, SPEC_BODY + b" ", now=SPEC_TIMESTAMP)
    with pytest.raises(SignatureError, match="no signature matches"):
        verify(parse_secrets(OTHER_SECRET), SPEC_HEADERS, SPEC_BODY, now=SPEC_TIMESTAMP)


def test_no_secrets_verifies_nothing():
    with pytest.raises(SignatureError, match="CAPTIONCHECK_WEBHOOK_SECRETS"):
        verify([], SPEC_HEADERS, SPEC_BODY, now=SPEC_TIMESTAMP)


@pytest.mark.parametrize("bad", ["whsec_***", "whsec_c2hvcnQ=", "plain words"])
def test_malformed_secrets_are_named_by_position_never_echoed(bad):
    with pytest.raises(ValueError, match="secret number 2") as caught:
        parse_secrets(f"{SECRET},{bad}")
    assert bad not in str(caught.value)


def test_empty_setting_means_no_secrets():
    assert parse_secrets(None) == [] and parse_secrets(" , ") == []


def test_sample_script_signs_what_the_service_verifies(tmp_path):
    payload = tmp_path / "payload.json"
    payload.write_bytes(b'{"headline": "x"}\n')
    printed = subprocess.run(
        [sys.executable, str(REPO / "samples" / "sign_webhook.py"), str(payload), "--secret", SECRET,
         "--id", "msg_sample"],
        capture_output=True, text=True, check=True,
    ).stdout
    headers = dict(line.split(": ", 1) for line in printed.strip().splitlines())
    assert verify([key(SECRET)], headers, payload.read_bytes()).webhook_id == "msg_sample"


def test_sample_script_prints_a_curl_command(tmp_path):
    payload = tmp_path / "p.json"
    payload.write_bytes(b"{}")
    printed = subprocess.run(
        [sys.executable, str(REPO / "samples" / "sign_webhook.py"), str(payload), "--secret", SECRET,
         "--url", "http://127.0.0.1:8000/v1/hooks/prepublish"],
        capture_output=True, text=True, check=True,
    ).stdout
    assert printed.startswith("curl ") and "webhook-signature: v1," in printed
    assert f"--data-binary @{payload}" in printed


def test_sample_script_puts_options_inside_what_it_signs(tmp_path):
    payload = tmp_path / "payload.json"
    payload.write_bytes(b'{"headline": "x", "body": "y"}')
    done = subprocess.run(
        [sys.executable, str(REPO / "samples" / "sign_webhook.py"), str(payload), "--secret", SECRET,
         "--option", "images=skip", "--option", "async=true"],
        capture_output=True, text=True, check=True,
    )
    written = Path(done.stderr.strip().rpartition(": ")[2])
    headers = dict(line.split(": ", 1) for line in done.stdout.strip().splitlines())
    assert json.loads(written.read_bytes())["captioncheck"] == {"images": "skip", "async": True}
    verify([key(SECRET)], headers, written.read_bytes())
    written.unlink()
