"""`captioncheck users hash NAME`: a CAPTIONCHECK_WEB_USERS entry for a web form login."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from app.http.passwords import ITERATIONS, MAX_PASSWORD_CHARS, hash_password

users_app = typer.Typer(help="Web form logins (CAPTIONCHECK_WEB_USERS).", no_args_is_help=True)
MIN_PASSWORD_CHARS = 12


@users_app.callback()
def users() -> None:
    """Web form logins (CAPTIONCHECK_WEB_USERS)."""


@users_app.command("hash")
def hash_user(
    name: str = typer.Argument(..., help="The login name (no ':' or ',')."),
    password_stdin: bool = typer.Option(False, "--password-stdin",
                                        help="Read the password from the first line of stdin instead of asking."),
) -> None:
    """Print NAME:pbkdf2_sha256$... to put in CAPTIONCHECK_WEB_USERS (comma-separated entries)."""
    err = Console(stderr=True)
    if not name.strip() or any(c in name for c in ":,") or name != name.strip():
        err.print("[bold red]error[/] the name must be non-empty, without ':' or ',' or surrounding spaces")
        raise typer.Exit(2)
    password = _read_password(password_stdin)
    if not MIN_PASSWORD_CHARS <= len(password) <= MAX_PASSWORD_CHARS:
        err.print(f"[bold red]error[/] the password must have {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters")
        raise typer.Exit(2)
    typer.echo(f"{name}:{hash_password(password, ITERATIONS)}")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = typer.prompt("Password", hide_input=True, err=True)
    again = typer.prompt("Again", hide_input=True, err=True)
    if first != again:
        Console(stderr=True).print("[bold red]error[/] the two passwords differ")
        raise typer.Exit(2)
    return first
