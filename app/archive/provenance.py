"""Whose word an archived use is: which audited pages may join the archive, and marked how.

An audit can be pointed at any site, and every check consults the archive; so a page audited
from a site the operator has not listed as trusted is recorded only when asked, and then with
a source ending in UNTRUSTED, which the reuse judgement caps at `review`. Pages indexed with
`captioncheck archive index` and the operator's own checks (API, web form, webhook) are trusted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from app.settings import Settings

AUDIT = "audit"
UNTRUSTED = ":untrusted"  # suffix of the source of a use from an untrusted site
# Sources whose pages come from whatever site an audit was pointed at.
SITE_SOURCES = frozenset({AUDIT})


def is_trusted_source(source: str) -> bool:
    return not source.endswith(UNTRUSTED)


@dataclass(frozen=True)
class TrustedSites:
    """Host names whose pages are the operator's own; each also covers its subdomains."""

    hosts: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, value: str | None) -> TrustedSites:
        """From a comma-separated list such as "news.example, photos.news.example"."""
        names = (_site_name(entry.strip()) for entry in (value or "").split(","))
        return cls(frozenset(name for name in names if name))

    def covers(self, url: str | None) -> bool:
        host = _host(url or "")
        return bool(host) and any(host == site or host.endswith("." + site) for site in self.hosts)


@dataclass(frozen=True)
class RecordPolicy:
    """Which recorded articles join the archive, and under which source."""

    trusted_sites: TrustedSites = field(default_factory=TrustedSites)
    record_untrusted: bool = False  # CAPTIONCHECK_AUDIT_RECORD_ARCHIVE (captioncheck audit --record-archive)

    @classmethod
    def from_settings(cls, settings: Settings) -> RecordPolicy:
        return cls(TrustedSites.parse(settings.archive_trusted_sites), settings.audit_record_archive)

    def source_for(self, source: str, url: str | None) -> str | None:
        """The source to record an article from `url` under; None when it must not be recorded."""
        if source not in SITE_SOURCES or self.trusted_sites.covers(url):
            return source
        return source + UNTRUSTED if self.record_untrusted else None


def _site_name(entry: str) -> str:
    return _host(entry) if "//" in entry else entry.strip(".").lower()


def _host(url: str) -> str:
    if not url.startswith(("http://", "https://")):
        return ""  # a saved file: nobody's site
    try:
        return (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:  # e.g. a malformed IPv6 literal
        return ""
