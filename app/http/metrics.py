"""Prometheus metrics at /metrics (guarded like the API: an API key, or loopback when none is set).

Each app has its own registry, so several apps (tests) can live in one process.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from app.schema import Report

_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)


class Metrics:
    def __init__(self, pending: Callable[[], int]) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter("captioncheck_http_requests", "HTTP requests answered, by route and status",
                                ["method", "route", "status"], registry=self.registry)
        self.latency = Histogram("captioncheck_http_request_duration_seconds", "Time to answer, by route",
                                 ["method", "route"], buckets=_BUCKETS, registry=self.registry)
        self.flags = Counter("captioncheck_flags", "Reasons flagged in checks, by reason code and severity",
                             ["code", "severity"], registry=self.registry)
        self.checks = Counter("captioncheck_checks", "Checks completed, by article verdict",
                              ["verdict"], registry=self.registry)
        queue = Gauge("captioncheck_pending_checks", "Checks running or waiting (bounded by "
                      "CAPTIONCHECK_MAX_PENDING_CHECKS)", registry=self.registry)
        queue.set_function(pending)

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)

    def count_report(self, report: Report) -> None:
        self.checks.labels(report.verdict).inc()
        for figure in report.figures:
            for reason in figure.reasons:
                self.flags.labels(reason.code, reason.severity.value).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)


class CountingService:
    """The check service with every finished report counted; everything else passes through."""

    def __init__(self, inner: Any, metrics: Metrics) -> None:
        self._inner = inner
        self._metrics = metrics

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def run(self, *args: Any, **kwargs: Any) -> Report:  # CheckService.run(article, uploads, *, source)
        report = self._inner.run(*args, **kwargs)
        self._metrics.count_report(report)
        return report


metrics_router = APIRouter(include_in_schema=False)


@metrics_router.get("/metrics")
async def metrics(request: Request) -> Response:
    return Response(request.app.state.metrics.render(), media_type=CONTENT_TYPE_LATEST)
