"""Audited pages join the archive every check consults only from trusted sites, or when asked (marked)."""

from __future__ import annotations

from app.archive.stats import archive_stats


def _sources_after_audit(site, auditor, **settings: object) -> dict[str, int]:
    base, _ = site
    auditor.settings = auditor.settings.model_copy(update=settings)
    _, [record] = auditor.run([base + "/pages/coffee-prices.html"])
    assert record.status == "checked" and len(record.report["figures"]) == 2
    return archive_stats(auditor.reports.engine).sources


def test_an_audit_records_nothing_in_the_archive_by_default(site, auditor):
    assert _sources_after_audit(site, auditor) == {}


def test_an_audit_of_a_trusted_site_joins_the_archive(site, auditor):
    assert _sources_after_audit(site, auditor, archive_trusted_sites="127.0.0.1") == {"audit": 2}


def test_an_audit_of_another_site_joins_it_only_when_asked_and_marked_untrusted(site, auditor):
    sources = _sources_after_audit(site, auditor, archive_trusted_sites="news.example", audit_record_archive=True)
    assert sources == {"audit:untrusted": 2}
