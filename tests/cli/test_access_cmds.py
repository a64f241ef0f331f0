"""`captioncheck users hash`, and `captioncheck serve` refusing to be open to the network."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from rich.console import Console
from typer.testing import CliRunner

from app.cli.serve_cmd import _check_access
from app.cli.users_cmd import users_app
from app.http.passwords import parse_users, verify_password
from app.settings import Settings

EXE = Path(sys.executable).parent / "captioncheck"
KEY = "a-long-enough-api-key-0123456789"


def test_users_hash_prints_an_entry_that_signs_in():
    result = CliRunner().invoke(users_app, ["hash", "alice", "--password-stdin"], input="a good long password\n")
    assert result.exit_code == 0, result.output
    line = result.stdout.strip()
    users = parse_users(line)
    assert verify_password("a good long password", users["alice"]) and "a good long password" not in line


@pytest.mark.parametrize(("name", "password"), [("alice", "short"), ("ali:ce", "a good long password")])
def test_users_hash_refuses_weak_passwords_and_odd_names(name, password):
    result = CliRunner().invoke(users_app, ["hash", name, "--password-stdin"], input=f"{password}\n")
    assert result.exit_code == 2


def _access_report(**overrides: object) -> tuple[int, str]:
    out = io.StringIO()
    console = Console(file=out, width=400)
    try:
        _check_access(Settings(**overrides), "127.0.0.1", console)
    except typer.Exit as exit_:
        return exit_.exit_code, out.getvalue()
    return 0, out.getvalue()


def test_serve_without_keys_is_open_on_loopback_only():
    code, text = _access_report()
    assert code == 0 and "Open on loopback only" in text and "CAPTIONCHECK_API_KEYS" in text


def test_serve_with_keys_may_bind_elsewhere_and_says_what_stays_local():
    out = io.StringIO()
    _check_access(Settings(api_keys=KEY), "0.0.0.0", Console(file=out, width=400))
    assert "web form answers this machine only" in out.getvalue()


def test_serve_refuses_malformed_security_settings():
    assert _access_report(api_keys="short")[0] == 2
    assert _access_report(web_users="alice:plaintext")[0] == 2


def test_serve_refuses_a_network_bind_without_keys(tmp_path):
    env = {**os.environ, "CAPTIONCHECK_DATA_DIR": str(tmp_path / "data")}
    env.pop("CAPTIONCHECK_API_KEYS", None)
    result = subprocess.run([str(EXE), "serve", "--host", "0.0.0.0", "--port", "8999"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "CAPTIONCHECK_API_KEYS" in result.stderr and "Traceback" not in result.stderr
