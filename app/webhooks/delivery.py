"""Delivering an async result to the CMS's callback URL: signed, retried with backoff, recorded.

Each attempt carries the same webhook-id (so the CMS can drop duplicates) with a
fresh timestamp and signature. Every attempt is written to webhook_deliveries; an
owed callback (the service stopped mid-retry) is resumed at the next start, or by
another service process once the lease of the one that stopped runs out.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from functools import partial
from typing import Any

import httpx

from app.net.safe_fetch import Resolver, system_resolve
from app.settings import Settings
from app.storage import WebhookEvent, WebhookLog
from app.webhooks.callback_http import CallbackRefused, check_callback_url, post
from app.webhooks.jobs import JobRunner
from app.webhooks.signatures import sign_headers

log = logging.getLogger("captioncheck.webhooks")
MAX_DELAY_S = 3600.0
RESULT_TYPE = "captioncheck.prepublish.result"


def callback_id(webhook_id: str) -> str:
    """The webhook-id of the callback message for the request `webhook_id`: stable across retries."""
    return "result_" + hashlib.sha256(webhook_id.encode()).hexdigest()[:32]


def callback_body(event: WebhookEvent) -> bytes:
    payload: dict[str, Any] = {"type": RESULT_TYPE, "status": event.status, **(event.response or {})}
    payload["webhook_id"] = event.webhook_id
    return json.dumps(payload, separators=(",", ":")).encode()


def backoff_s(attempt: int, base_s: float) -> float:
    """Wait after failed attempt number `attempt` (1, 2, ...)."""
    return min(MAX_DELAY_S, base_s * 2 ** (attempt - 1))


class CallbackDelivery:
    def __init__(self, webhook_log: WebhookLog, settings: Settings, key: bytes | None, runner: JobRunner,
                 resolve: Resolver = system_resolve) -> None:
        self._log, self._settings, self._key = webhook_log, settings, key
        self._runner, self._resolve = runner, resolve

    def send(self, event: WebhookEvent, attempt: int = 1, delay_s: float = 0.0) -> None:
        """Schedule delivery of a decided event's result to its callback URL."""
        if not event.callback_url:
            return
        job = partial(self._attempt, event, attempt)
        if not self._runner.submit(job, delay_s):
            log.warning("callback of webhook %s not sent: the service is stopping (resumed at next start)",
                        event.webhook_id)

    def resume_one(self, event: WebhookEvent) -> None:
        """Carry on with a decided event's callback left owed by an earlier run (or another process)."""
        attempt = self._log.attempts(event.webhook_id) + 1
        if attempt > self._settings.webhook_retry_attempts:
            self._log.set_callback_status(event.webhook_id, "failed")
        else:
            self.send(event, attempt)

    def _attempt(self, event: WebhookEvent, attempt: int) -> None:
        url = event.callback_url or ""
        status, error = self._post(url, callback_body(event), callback_id(event.webhook_id))
        self._log.record_delivery(event.webhook_id, url, attempt, status_code=status, error=error)
        if status is not None and 200 <= status < 300:
            self._log.set_callback_status(event.webhook_id, "delivered")
            return
        if attempt >= self._settings.webhook_retry_attempts:
            log.warning("callback of webhook %s failed after %d attempts (%s)", event.webhook_id, attempt,
                        error or f"HTTP {status}")
            self._log.set_callback_status(event.webhook_id, "failed")
            return
        self.send(event, attempt + 1, backoff_s(attempt, self._settings.webhook_retry_base_s))

    def _post(self, url: str, body: bytes, message_id: str) -> tuple[int | None, str | None]:
        """(HTTP status, None) when the callback answered, else (status or None, what went wrong)."""
        headers = (sign_headers(self._key, message_id, body) if self._key is not None
                   else {"webhook-id": message_id, "webhook-timestamp": str(int(time.time()))})
        try:
            # Checked again at each attempt: what the name resolves to may have changed.
            target = check_callback_url(url, self._settings, self._resolve)
            status = post(target, body, headers, self._settings.webhook_callback_timeout_s)
        except CallbackRefused as exc:
            return None, str(exc)
        except httpx.HTTPError as exc:
            return None, f"{type(exc).__name__}: {exc}"[:500]
        return status, None if 200 <= status < 300 else f"HTTP {status}"
