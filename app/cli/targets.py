"""What `captioncheck audit` and `captioncheck archive index` read the same way: the targets
named on the command line and in --urls-file, and the fetch options from flags and settings."""

from __future__ import annotations

from pathlib import Path

from app.audit.fetch import FetchOptions
from app.audit.targets import read_urls_file
from app.settings import Settings


def gather_targets(targets: list[str] | None, urls_file: Path | None) -> list[str]:
    """The arguments, then the lines of --urls-file; InputError when that file cannot be read."""
    return [*(targets or []), *(read_urls_file(str(urls_file)) if urls_file else [])]


def fetch_options(settings: Settings, *, concurrency: int | None, per_host: int | None, timeout: float | None,
                  retries: int | None, ignore_robots: bool) -> FetchOptions:
    """The flags given, the settings for those not given."""
    return FetchOptions(
        concurrency=concurrency or settings.audit_concurrency, per_host=per_host or settings.audit_per_host,
        timeout_s=timeout or settings.audit_timeout_s,
        retries=settings.audit_retries if retries is None else retries,
        max_retry_after_s=settings.audit_max_retry_after_s, max_redirects=settings.max_redirects,
        respect_robots=not ignore_robots,
    )
