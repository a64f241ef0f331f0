"""Liveness and readiness."""

from __future__ import annotations

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    """Models loaded and database reachable: ready for checks."""
    state = request.app.state
    service = getattr(state, "service", None)
    models = service is not None and getattr(state, "models_loaded", False)
    database = service is not None and await anyio.to_thread.run_sync(service.store.ping)
    ready = models and database
    why_no_clip = getattr(state, "clip_unavailable", None)
    clip = {"available": models and why_no_clip is None, "why": why_no_clip}
    body = {"status": "ready" if ready else "not ready", "models": models, "database": database, "clip": clip}
    return JSONResponse(body, status_code=200 if ready else 503)
