"""`--engine ray` through the console script: a local Ray of 2 CPUs started by the command, the
sample site on loopback, a real (tiny) open_clip model; the results must be the local engine's."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.archive.stats import archive_stats
from app.audit.fetch import Fetcher, FetchOptions
from app.audit.session import plan_audit
from app.settings import Settings
from app.storage import AuditStore, ReportStore
from tests.audit.server import sample_server
from tests.audit.test_audit_cmd import env_for
from tests.cli.test_check_cmd import run_cli
from tests.fixtures.tiny_clip import tiny_clip_checkpoint  # noqa: F401  (pytest fixture)

pytestmark = pytest.mark.slow


@pytest.fixture
def ray_tmp() -> Iterator[Path]:
    """Ray's session folder, short (its socket paths must fit 107 bytes) and removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="cc-ray-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def ray_env(tmp_path: Path, ray_tmp: Path, name: str, **extra: str) -> dict[str, str]:
    """A database of its own for `name`; a small local Ray (2 CPUs, 100 MB object store)."""
    return env_for(tmp_path / name, RAY_TMPDIR=str(ray_tmp), CAPTIONCHECK_RAY_NUM_CPUS="2",
                   CAPTIONCHECK_RAY_OBJECT_STORE_MB="100", CAPTIONCHECK_RAY_FETCHERS="1", **extra)


def settings_of(env: dict[str, str]) -> Settings:
    return Settings(data_dir=Path(env["CAPTIONCHECK_DATA_DIR"]), models_dir=Path(env["CAPTIONCHECK_MODELS_DIR"]))


def findings(page: dict) -> tuple:
    """What an engine concluded about a page: status, errors, and each figure's verdict and reasons."""
    report = page["report"] or {}
    figures = [(f["index"], f["verdict"], sorted(r["code"] for r in f["reasons"]), f["image"] and f["image"]["sha256"])
               for f in report.get("figures", [])]
    return (page["status"], page["error"], page["image_errors"], page["notes"], report.get("verdict"), figures)


def plan_without_running(sitemap: str, settings: Settings) -> str:
    """An audit planned and stored, no page audited yet: what an audit interrupted at once leaves."""
    audits = AuditStore(settings.resolved_database_url())

    async def plan() -> str:
        async with Fetcher(FetchOptions(timeout_s=5, retries=1)) as fetcher:
            return (await plan_audit([sitemap], fetcher, audits, max_pages=50)).run_id

    try:
        return asyncio.run(plan())
    finally:
        audits.close()


def test_ray_engine_archives_and_audits_as_the_local_engine_does(tiny_clip_checkpoint, tmp_path, ray_tmp):
    config, checkpoint = tiny_clip_checkpoint
    clip = {"CAPTIONCHECK_CLIP_MODEL": str(config), "CAPTIONCHECK_CLIP_PRETRAINED": str(checkpoint)}
    local_env, ray_env_ = ray_env(tmp_path, ray_tmp, "local", **clip), ray_env(tmp_path, ray_tmp, "ray", **clip)
    with sample_server() as (base, behaviour):
        sitemap, first = f"{base}/pages/sitemap-index.xml", f"{base}/pages/rocket-launch.html"
        # The archive filled from the same pages in each database (one page of it before Ray runs),
        # so that both audits then look their photos up in the same archive (image_reused).
        indexed = {"local": run_cli("archive", "index", sitemap, env=local_env),
                   "earlier": run_cli("archive", "index", first, env=ray_env_),
                   "ray": run_cli("archive", "index", "--engine", "ray", sitemap, env=ray_env_)}
        assert behaviour.requests["/pages/rocket-launch.html"] == 2  # Ray did not read the archived page again
        local = run_cli("audit", "--format", "json", sitemap, env=local_env)
        run_id = plan_without_running(sitemap, settings_of(ray_env_))
        on_ray = run_cli("audit", "--format", "json", "--engine", "ray", "--resume", sitemap, env=ray_env_)
    assert_archived_as_locally(indexed, settings_of(ray_env_), settings_of(local_env))
    assert local.returncode == on_ray.returncode == 1, on_ray.stderr  # the Doha page's off-topic caption
    assert f"Resuming audit {run_id}: 6 of 6 pages left" in on_ray.stderr and "Traceback" not in on_ray.stderr
    local_pages, ray_pages = json.loads(local.stdout), json.loads(on_ray.stdout)
    assert [p["url"] for p in ray_pages] == [p["url"] for p in local_pages]
    assert [findings(p) for p in ray_pages] == [findings(p) for p in local_pages]
    assert sorted(p["status"] for p in ray_pages) == ["checked"] * 4 + ["no_article", "skipped"]
    assert sum(len(p["image_errors"]) for p in ray_pages) == 3
    assert any("image_reused" in codes for p in ray_pages for _, _, codes, _ in findings(p)[-1])
    assert_stored(settings_of(ray_env_), run_id, ray_pages)


def assert_archived_as_locally(runs: dict, settings: Settings, local: Settings) -> None:
    """`archive index` on Ray skipped the page archived before and left the archive as the local engine did."""
    assert all(run.returncode == 0 and "Traceback" not in run.stderr for run in runs.values()), runs["ray"].stderr
    counts = {name: summary_of(run.stderr) for name, run in runs.items()}
    assert counts["ray"]["known"] == 1 and counts["ray"]["pages"] == counts["local"]["pages"] == 6
    assert counts["ray"]["archived"] + counts["earlier"]["archived"] == counts["local"]["archived"] == 4
    assert counts["ray"]["images"] + counts["earlier"]["images"] == counts["local"]["images"] > 0
    with ReportStore(settings.resolved_database_url()) as on_ray, ReportStore(local.resolved_database_url()) as here:
        assert archive_stats(on_ray.engine).as_dict() == archive_stats(here.engine).as_dict()


def summary_of(stderr: str) -> dict[str, int]:
    found = re.search(r"Archive index: (?P<pages>\d+) pages, (?P<archived>\d+) archived \((?P<images>\d+) images\), "
                      r"(?P<known>\d+) already archived", stderr)
    assert found, stderr
    return {name: int(value) for name, value in found.groupdict().items()}


def assert_stored(settings: Settings, run_id: str, pages: list[dict]) -> None:
    """The Ray run's database rows: the run finished, every page saved with its status, each
    report stored with the verdicts shown and a thumbnail per photo."""
    audits = AuditStore(settings.resolved_database_url())
    try:
        assert audits.run(run_id).finished
        assert [(p.url, p.status) for p in audits.pages(run_id)] == [(p["url"], p["status"]) for p in pages]
    finally:
        audits.close()
    with ReportStore(settings.resolved_database_url()) as reports:
        for report in (page["report"] for page in pages if page["status"] == "checked"):
            saved = reports.get(report["id"])
            assert [f["verdict"] for f in saved["figures"]] == [f["verdict"] for f in report["figures"]]
            assert all(reports.thumbnail(report["id"], f["index"]) for f in saved["figures"] if f["image"])


def test_ray_address_without_the_ray_engine_is_a_usage_error(tmp_path):
    result = run_cli("audit", "--ray-address", "auto", "page.html", env=env_for(tmp_path))
    assert result.returncode == 2 and "--ray-address needs --engine ray" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_cluster_beyond_this_machine_needs_a_shared_database_and_an_unreachable_one_is_named(tmp_path, ray_tmp):
    page = str(Path(__file__).resolve().parents[2] / "samples" / "pages" / "rocket-launch.html")
    env = ray_env(tmp_path, ray_tmp, "ray")
    remote = run_cli("audit", "--captions-only", "--engine", "ray", "--ray-address", "ray://127.0.0.1:9", page, env=env)
    assert remote.returncode == 2 and "set CAPTIONCHECK_DATABASE_URL to a PostgreSQL URL" in remote.stderr
    absent = run_cli("archive", "index", "--engine", "ray", "--ray-address", "auto", page, env=env)
    assert absent.returncode == 2 and "cannot start or reach the Ray cluster at auto" in absent.stderr
    assert "Traceback" not in remote.stderr + absent.stderr

