"""A batch of checks and the audit pages they answer, in one transaction (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from PIL import Image

from app.storage import AuditStore, ReportStore, StorageError, make_thumbnail
from app.storage.batch import CheckToSave, PageUpdate, check_rows, write_batch
from tests.storage.test_store import make_report


def _run(url: str) -> tuple[AuditStore, ReportStore, str]:
    audits, reports = AuditStore(url), ReportStore(url)
    run_id = audits.start_run(["t"], "d" * 64, [(f"https://news.example/{n}", "page", {}) for n in range(3)])
    return audits, reports, run_id


def test_reports_thumbnails_and_page_rows_are_written_together(db_url):
    audits, reports, run_id = _run(db_url)
    thumb = make_thumbnail(Image.new("RGB", (120, 80), (200, 10, 10)), 64)
    checks = [CheckToSave(make_report(f"c{n}"), "audit", {0: thumb}) for n in range(2)]
    rows = check_rows(checks)
    pages = [PageUpdate(n, "checked", {"url": f"https://news.example/{n}", "n": n}, f"c{n}") for n in range(2)]
    write_batch(reports.engine, rows, run_id=run_id, pages=pages)
    assert [reports.get(f"c{n}")["verdict"] for n in range(2)] == ["block", "block"]
    assert reports.thumbnail("c1", 0) == (thumb, "image/jpeg")
    stored = {p.position: (p.status, p.record) for p in audits.pages(run_id)}
    assert stored[0] == ("checked", {"url": "https://news.example/0", "n": 0})
    assert stored[2] == ("pending", None)
    write_batch(reports.engine, check_rows([CheckToSave(make_report("c0", verdict="pass"), "audit", {})]))
    assert reports.get("c0")["verdict"] == "pass"  # the same id replaces the check, as ReportStore.save does
    audits.close()
    reports.close()


def test_a_malformed_report_is_its_own_error_and_a_failed_write_stores_nothing(db_url):
    audits, reports, run_id = _run(db_url)
    rows = check_rows([CheckToSave(make_report("good"), "audit", {}), CheckToSave({"id": "bad"}, "audit", {})])
    assert not isinstance(rows[0], ValueError) and isinstance(rows[1], ValueError)
    duplicate = check_rows([CheckToSave(make_report("twice"), "audit", {})] * 2)
    with pytest.raises(StorageError):  # two rows with one id: the whole batch is refused
        write_batch(reports.engine, duplicate, run_id=run_id, pages=[PageUpdate(0, "checked", {}, "twice")])
    assert reports.get("twice") is None
    assert [p.status for p in audits.pages(run_id)] == ["pending"] * 3
    audits.close()
    reports.close()
