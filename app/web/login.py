"""Sign in and out of the web form (when CAPTIONCHECK_WEB_USERS is set).

GET  /login    the sign-in form (`?next=/checks` says where to go afterwards)
POST /login    name + password (+ CSRF token) -> 303 to `next` with a new session cookie
POST /logout   (+ CSRF token) -> 303 to /login, the cookie cleared
"""

from __future__ import annotations

import logging

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.http.guard import secure_request
from app.http.passwords import check_login
from app.http.session import CSRF_FIELD, Session, SessionCodec
from app.web.pages import render, signed_in

log = logging.getLogger("captioncheck.web")
router = APIRouter(include_in_schema=False)


def _safe_next(value: object, root: str) -> str:
    """Only a path on this site: never another origin (`//evil`, `https://...`, `/\\evil`)."""
    text = value if isinstance(value, str) else ""
    if not text.startswith("/") or text.startswith("//") or "\\" in text or len(text) > 2000:
        return f"{root}/"
    return f"{root}{text}"


def _secure(request: Request) -> bool:
    client = request.client.host if request.client else None
    headers = {k.lower(): v for k, v in request.headers.items()}
    return secure_request(request.url.scheme, client, headers, request.app.state.access)


def _login_page(request: Request, status: int = 200, error: str = "", username: str = "",
                next_path: str = "/") -> HTMLResponse:
    context = {"logins": bool(request.app.state.web_users), "error": error, "username": username,
               "next": next_path}
    return render(request, "login.html", context, status)


@router.get("/login", response_class=HTMLResponse)
async def login_form(request: Request, next: str = "/") -> Response:
    if signed_in(request):
        return RedirectResponse(_safe_next(next, request.scope.get("root_path", "")), status_code=303)
    return _login_page(request, next_path=next if next.startswith("/") else "/")


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    data = await request.form(max_files=0, max_fields=8, max_part_size=8192)
    session: Session = request.state.session
    name, password = str(data.get("username") or "")[:200], str(data.get("password") or "")
    next_path = str(data.get("next") or "/")
    if not session.csrf_matches(data.get(CSRF_FIELD)):
        return _login_page(request, 403, "The sign-in form had expired. Please sign in again.", name, next_path)
    users = request.app.state.web_users
    if not await anyio.to_thread.run_sync(check_login, users, name, password):
        client = request.client.host if request.client else "unknown"
        log.warning("failed sign-in from %s", client)  # never the name typed or the password
        return _login_page(request, 401, "Wrong name or password.", name, next_path)
    codec: SessionCodec = request.app.state.sessions
    response = RedirectResponse(_safe_next(next_path, request.scope.get("root_path", "")), status_code=303)
    response.headers.append("set-cookie", codec.set_cookie(codec.new(user=name), secure=_secure(request),
                                                           path=request.scope.get("root_path") or "/"))
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    data = await request.form(max_files=0, max_fields=4, max_part_size=1024)
    root = request.scope.get("root_path", "")
    if not request.state.session.csrf_matches(data.get(CSRF_FIELD)):
        return _login_page(request, 403, "The form had expired: reload the page and sign out again.")
    response = RedirectResponse(f"{root}/login", status_code=303)
    response.headers.append("set-cookie", SessionCodec.clear_cookie(secure=_secure(request), path=root or "/"))
    return response

