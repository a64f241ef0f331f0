"""The `captioncheck` command."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.text import Text

from app.cli.archive_cmd import archive_app
from app.cli.audit_cmd import audit
from app.cli.check_cmd import check
from app.cli.eval_cmd import evaluate, make_pairs
from app.cli.models_cmd import models_app
from app.cli.serve_cmd import serve
from app.cli.users_cmd import users_app
from app.errors import CaptioncheckError

app_cli = typer.Typer(
    name="captioncheck",
    help="Check that news photos, their captions and the story belong together.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app_cli.command("check")(check)
app_cli.command("audit")(audit)
app_cli.add_typer(archive_app, name="archive")
app_cli.add_typer(models_app, name="models")
app_cli.command("serve")(serve)
app_cli.add_typer(users_app, name="users")
app_cli.command("eval")(evaluate)
app_cli.command("make-eval-pairs")(make_pairs)


def run() -> None:
    """Console-script entry point: bad input exits 2 and missing models 3, each with a message
    that says what to do, never a stack trace."""
    try:
        app_cli()
    except CaptioncheckError as exc:
        Console(stderr=True).print(Text.assemble(("error ", "bold red"), str(exc)))
        raise SystemExit(exc.exit_code) from None


if __name__ == "__main__":
    run()
