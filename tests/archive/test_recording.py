"""Which pages join the archive and as whose word: audits of untrusted sites only when asked, marked."""

from __future__ import annotations

from app.archive.provenance import RecordPolicy, TrustedSites, is_trusted_source
from app.archive.recorder import ArchiveRecorder
from app.archive.stats import archive_stats
from app.settings import Settings
from tests.archive.conftest import article, loaded, photo


def _record(recorder: ArchiveRecorder, url: str, source: str = "audit") -> int:
    item = loaded(photo("rocket-launch"), url + "#photo")
    return recorder.record(article("Launch", "The rocket lifts off.", url=url, image=item.source), {0: item},
                           source=source)


def test_audited_pages_join_the_archive_only_from_trusted_sites_unless_asked(archive):
    plain = ArchiveRecorder(archive.store)
    assert _record(plain, "https://elsewhere.example/a") == 0  # an audit of any site records nothing
    assert _record(plain, "https://elsewhere.example/b", source="archive") == 1  # `archive index` does
    trusting = ArchiveRecorder(archive.store, RecordPolicy(TrustedSites.parse("news.example")))
    assert _record(trusting, "https://www.news.example/c") == 1
    assert _record(trusting, "https://evilnews.example/d") == 0
    assert _record(trusting, "/home/me/saved/page.html") == 0
    asked = ArchiveRecorder(archive.store, RecordPolicy(record_untrusted=True))
    assert _record(asked, "https://elsewhere.example/e") == 1
    assert archive_stats(archive.store.engine).sources == {"archive": 1, "audit": 1, "audit:untrusted": 1}


def test_earlier_uses_keep_their_provenance(archive):
    asked = ArchiveRecorder(archive.store, RecordPolicy(record_untrusted=True))
    _record(asked, "https://elsewhere.example/e")
    _record(ArchiveRecorder(archive.store), "https://news.example/f", source="archive")
    uses = archive.lookup.earlier_uses(loaded(photo("rocket-launch")), article("New", "A rocket."))
    assert sorted((m.use.article_url, is_trusted_source(m.use.source)) for m in uses) == [
        ("https://elsewhere.example/e", False), ("https://news.example/f", True)]


def test_trusted_sites_cover_their_subdomains_only(tmp_path):
    sites = TrustedSites.parse(" News.Example., https://photos.agency.example/feed ,, ")
    assert sites.hosts == {"news.example", "photos.agency.example"}
    assert sites.covers("https://news.example/a") and sites.covers("http://www.news.example:8080/a")
    assert not sites.covers("https://news.example.evil.test/a") and not sites.covers("https://evilnews.example/")
    assert not sites.covers("https://agency.example/") and not sites.covers("file:///news.example/a")
    assert not sites.covers("http://[broken/") and not sites.covers(None)
    settings = Settings(data_dir=tmp_path, archive_trusted_sites="news.example", audit_record_archive=True)
    assert RecordPolicy.from_settings(settings) == RecordPolicy(TrustedSites(frozenset({"news.example"})), True)
