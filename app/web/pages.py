"""What every web page shares: the templates, the labels they show, and the renderer.

Security headers (CSP: only the service's own CSS, script and images; no framing) are set
for every response by app.http.headers.SecurityHeaders.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")  # autoescapes .html templates

FIGURE_VERDICTS = {
    "consistent": ("Consistent", "\u2713"),
    "review": ("Review", "!"),
    "mismatch": ("Mismatch", "\u2715"),
}
ARTICLE_VERDICTS = {
    "pass": ("Pass", "No problems found: the photos, captions and story fit together."),
    "review": ("Review", "An editor should look at the flagged figures before this is published."),
    "block": ("Block", "Do not publish as it is: at least one photo or caption does not match."),
}
SEVERITIES = {"mismatch": "Mismatch", "review": "Review", "info": "Note"}


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """A page; every page carries the session's CSRF token for its forms."""
    session = getattr(request.state, "session", None)
    base = {"root": request.scope.get("root_path", ""), "FIGURE_VERDICTS": FIGURE_VERDICTS,
            "ARTICLE_VERDICTS": ARTICLE_VERDICTS, "SEVERITIES": SEVERITIES,
            "csrf_token": session.csrf if session else "", "signed_in_user": signed_in(request)}
    return templates.TemplateResponse(request, name, {**base, **context}, status_code=status)


def signed_in(request: Request) -> str | None:
    """The signed-in user's name (login or trusted proxy), else None."""
    principal = getattr(request.state, "principal", None) or ""
    return principal.removeprefix("user:") if principal.startswith("user:") else None
