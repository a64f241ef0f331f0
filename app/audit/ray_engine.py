"""`--engine ray`: `audit` and `archive index` as a Ray Data pipeline, on one machine or a cluster.

    fetch (CPU actors) -> decode (CPU tasks)             app.audit.ray_stages
    -> check and store (actors holding the models, on GPUs when the cluster has them),
       or archive writes (actors)                         app.audit.ray_actors
    -> this process: the progress bar and the report.

The runners here have the local engine's interface (AuditRunner.run, ArchiveIndexer.run), so
planning, `--resume`, the progress bar and the reports are the command's own. The workers store
reports, audit rows and archive entries in the one database every node reaches (PostgreSQL when
the cluster is more than this machine). Ray is imported only when this engine runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from app.archive.outcomes import INDEXED, KNOWN, IndexSummary, PageOutcome
from app.audit.fetch import FetchOptions
from app.audit.records import PageRecord
from app.audit.targets import PageTarget
from app.errors import InputError, short_error
from app.settings import Settings

if TYPE_CHECKING:
    from ray.data import Dataset

    from app.audit.ray_stages import DecodePlan, PageWork
    from app.engine.encoders.pixels import PixelSpec

INSTALL_HINT = "--engine ray needs Ray: pip install 'captioncheck[ray]'"


class EngineName(str, Enum):
    local = "local"
    ray = "ray"


@dataclass(frozen=True)
class RayChoice:
    address: str | None  # auto, ray://host:port; None: start a local Ray


def ray_choice(engine: EngineName, flag: str | None, settings: Settings) -> RayChoice | None:
    """Where `--engine ray` runs, None for the local engine; InputError for --ray-address without Ray."""
    if engine is not EngineName.ray:
        if flag is not None:
            raise InputError("--ray-address needs --engine ray")
        return None
    return RayChoice(flag or settings.ray_address)


@dataclass(frozen=True)
class Cluster:
    gpus: int
    nodes: int


@contextmanager
def ray_session(settings: Settings, address: str | None) -> Iterator[Cluster]:
    """Ray connected (or started locally) for one run, and shut down after it. A Ray this process
    already runs (started by a caller) is used as it is and left running."""
    try:
        import ray
    except ImportError as exc:
        raise InputError(INSTALL_HINT) from exc
    started = not ray.is_initialized()
    _check_database(settings, remote=(address or "").startswith("ray://"))
    if started:
        _connect(ray, settings, address)
    try:
        _quiet_ray_data()
        resources = ray.cluster_resources()
        cluster = Cluster(gpus=int(resources.get("GPU", 0)), nodes=sum(1 for n in ray.nodes() if n.get("Alive")))
        _check_database(settings, remote=cluster.nodes > 1)
        yield cluster
    finally:
        if started:
            ray.shutdown()


def _connect(ray: Any, settings: Settings, address: str | None) -> None:
    # Workers' output and Ray's warnings stay in Ray's session logs: the command's output is the report.
    common: dict[str, Any] = {"logging_level": logging.ERROR, "log_to_driver": False}
    try:
        if address:
            ray.init(address=address, **common)
            return
        store = settings.ray_object_store_mb * 1024 * 1024 if settings.ray_object_store_mb else None
        ray.init(num_cpus=settings.ray_num_cpus, object_store_memory=store, include_dashboard=False, **common)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = f"the Ray cluster at {address}" if address else "a local Ray"
        raise InputError(f"cannot start or reach {where}: {short_error(exc)}") from exc


def _quiet_ray_data() -> None:
    from ray.data import DataContext

    DataContext.get_current().enable_progress_bars = False  # the command draws its own
    logging.getLogger("ray.data").setLevel(logging.ERROR)


def _check_database(settings: Settings, *, remote: bool) -> None:
    """Workers on other machines write to the database too: a SQLite file here is out of their reach."""
    if remote and settings.resolved_database_url().startswith("sqlite"):
        raise InputError(
            "a Ray cluster beyond this machine needs a database every node reaches: set "
            "CAPTIONCHECK_DATABASE_URL to a PostgreSQL URL (SQLite is a file on this machine)"
        )


def _stream(dataset: Dataset) -> Iterator[tuple[int, PageWork]]:
    """The pipeline's pages as they finish, in no particular order."""
    from app.audit.ray_stages import unpack

    with _worker_errors():
        for batch in dataset.iter_batches(batch_size=None, batch_format="pyarrow"):
            yield from unpack(batch)


@contextmanager
def _worker_errors() -> Iterator[None]:
    """A worker's failure as the command's own answers: "database: ..." for the database, else
    an InputError naming the worker's error (never Ray's stack trace)."""
    from ray.exceptions import RayError

    from app.storage import StorageError

    try:
        yield
    except RayError as exc:
        cause = _first_cause(exc)
        if isinstance(cause, StorageError):
            raise StorageError(str(cause)) from exc
        raise InputError(f"the Ray engine stopped: {short_error(cause)} "
                         "(worker logs: Ray's session logs, /tmp/ray/session_latest/logs)") from exc


def _first_cause(exc: BaseException) -> BaseException:
    """What went wrong in the worker, under Ray's wrappers."""
    while exc.__cause__ is not None:
        exc = exc.__cause__
    return exc


def _pages(targets: Sequence[tuple[int, PageTarget]], settings: Settings) -> Dataset:
    import ray.data

    from app.audit.ray_stages import PageWork, pack

    works = [(position, PageWork(target, PageRecord(target.url, "pending"))) for position, target in targets]
    # Blocks of at most a batch, and at least one per fetcher, so that every fetcher has work at once.
    size = max(1, min(settings.ray_batch_pages, -(-len(works) // settings.ray_fetchers)))
    return ray.data.from_arrow([pack(works[start:start + size]) for start in range(0, len(works), size)])


def _stage(dataset: Dataset, stage: Any, settings: Settings, *, actors: int = 0, **options: Any) -> Dataset:
    """`stage` over batches of pages: a CPU task per batch, or (actors > 0) a pool of actors."""
    from ray.data import ActorPoolStrategy

    pool = {"compute": ActorPoolStrategy(size=actors)} if actors else {}
    return dataset.map_batches(stage, batch_size=settings.ray_batch_pages, batch_format="pyarrow",
                               **pool, **options)


def _fetched_and_decoded(targets: Sequence[tuple[int, PageTarget]], settings: Settings, options: FetchOptions,
                         plan: DecodePlan, **fetch: bool) -> Dataset:
    from app.audit.ray_stages import PageFetcher, decode_pages

    # Fetchers wait on the network: they reserve no CPU, so the CPUs go to decoding and encoding.
    fetchers = min(settings.ray_fetchers, len(targets))
    fetched = _stage(_pages(targets, settings), PageFetcher, settings, actors=fetchers, num_cpus=0,
                     fn_constructor_args=(settings, options), fn_constructor_kwargs=fetch)
    return _stage(fetched, decode_pages, settings, num_cpus=1, fn_kwargs={"plan": plan})


def _actors(wanted: int, pages: int, settings: Settings) -> int:
    """`wanted`, or fewer when there are fewer batches: an idle actor still loads its models."""
    return max(1, min(wanted, -(-pages // settings.ray_batch_pages)))


def clip_pixel_spec(settings: Settings) -> PixelSpec | None:
    """CLIP's resize and crop, so that decode tasks prepare the encoders' pixels (None: no CLIP
    weights, or a transform the encoders must run themselves). Run once per run as a Ray task,
    where the weights are: the cluster's nodes, not necessarily this machine."""
    from app.engine.encoders.clip import load_clip_encoder
    from app.errors import ModelUnavailable
    from app.pipeline.encode import innermost

    try:
        encoder = load_clip_encoder(settings.model_copy(update={"device": "cpu"}))
    except ModelUnavailable:
        return None
    return getattr(innermost(encoder), "pixel_spec", None)


class RayAuditRunner:
    """AuditRunner's interface on Ray: `run` audits pages and calls `on_done` for each in this
    process; the workers write the pages' rows with their reports, one transaction per batch."""

    logs_pages = True  # app.audit.session.run_plan passes the run's id and writes no page rows itself

    def __init__(self, settings: Settings, options: FetchOptions, ray: RayChoice, *,
                 captions_only: bool = False, record_archive: bool = True) -> None:
        self.settings = settings
        self.options = options
        self.address = ray.address
        self.captions_only = captions_only
        self.record_archive = record_archive

    async def run(self, targets: Sequence[tuple[int, PageTarget]], on_done: Callable[[int, PageRecord], None],
                  *, run_id: str | None = None) -> dict[int, PageRecord]:
        # Blocking on purpose: the event loop has nothing else to do meanwhile, and Ctrl-C must
        # reach this thread to stop the run (the pages stored so far are kept for --resume).
        records: dict[int, PageRecord] = {}
        if not targets:
            return records
        with ray_session(self.settings, self.address) as cluster:
            for position, work in _stream(self._pipeline(targets, cluster, run_id)):
                records[position] = work.record
                on_done(position, work.record)
        return records

    def _pipeline(self, targets: Sequence[tuple[int, PageTarget]], cluster: Cluster, run_id: str | None) -> Dataset:
        from app.audit.ray_actors import PageChecker

        images = not self.captions_only
        decoded = _fetched_and_decoded(targets, self.settings, self.options, self._decode_plan(images), images=images)
        per_gpu = self.settings.ray_encoders_per_gpu
        encoders = _actors(self.settings.ray_encoders or max(1, cluster.gpus * per_gpu), len(targets), self.settings)
        return _stage(decoded, PageChecker, self.settings, actors=encoders, num_cpus=1,
                      num_gpus=1 / per_gpu if cluster.gpus else 0, fn_constructor_args=(self.settings,),
                      fn_constructor_kwargs={"run_id": run_id, "images": images,
                                             "record_archive": self.record_archive})

    def _decode_plan(self, images: bool) -> DecodePlan:
        """As AuditRunner.run decides: full fingerprints for pages the archive records, the whole
        frame's when pages are looked up in an archive that has (or will have) images."""
        import ray

        from app.archive.provenance import RecordPolicy
        from app.archive.store import ArchiveStore
        from app.audit.ray_stages import DecodePlan
        from app.storage import ReportStore

        policy = RecordPolicy.from_settings(self.settings)
        may_record = self.record_archive and bool(policy.trusted_sites.hosts or policy.record_untrusted)
        lookups = self.settings.archive_lookup
        if lookups and not may_record:
            with ReportStore(self.settings.resolved_database_url()) as reports:
                lookups = not ArchiveStore(reports.engine).empty()
        spec = None
        if images:
            with _worker_errors():
                spec = ray.get(ray.remote(num_cpus=1)(clip_pixel_spec).remote(self.settings))
        return DecodePlan(self.settings, spec=spec, recorded_by=policy if self.record_archive else None,
                          lookups=lookups)


class RayArchiveIndexer:
    """ArchiveIndexer's interface on Ray: `run` archives pages and calls `on_done` for each here."""

    def __init__(self, settings: Settings, options: FetchOptions, ray: RayChoice, *,
                 refresh: bool = False) -> None:
        self.settings = settings
        self.options = options
        self.address = ray.address
        self.refresh = refresh

    async def run(self, pages: Sequence[PageTarget], on_done: Callable[[PageOutcome], None]) -> IndexSummary:
        # Blocking on purpose, as RayAuditRunner.run.
        summary = IndexSummary()
        if not pages:
            return summary
        with ray_session(self.settings, self.address):
            for _, work in _stream(self._pipeline(list(enumerate(pages)))):
                outcome = _outcome(work)
                summary.outcomes.append(outcome)
                on_done(outcome)
        return summary

    def _pipeline(self, targets: Sequence[tuple[int, PageTarget]]) -> Dataset:
        from app.audit.ray_actors import ArchiveWriter
        from app.audit.ray_stages import DecodePlan

        plan = DecodePlan(self.settings, checks=False)
        decoded = _fetched_and_decoded(targets, self.settings, self.options, plan, skip_archived=not self.refresh)
        writers = _actors(self.settings.ray_archive_writers, len(targets), self.settings)
        return _stage(decoded, ArchiveWriter, self.settings, actors=writers, num_cpus=1,
                      fn_constructor_args=(self.settings,))


def _outcome(work: PageWork) -> PageOutcome:
    url = work.target.url
    if work.archived_before:
        return PageOutcome(url, KNOWN)
    if work.page is None:
        return PageOutcome(url, work.record.status, error=work.record.error)
    return PageOutcome(url, INDEXED, work.stored, image_errors=len(work.record.image_errors))
