"""The decode pool: work done in worker processes gives what it gives here; a refusal or a crash
in a worker is that image's error, never the others'."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.pipeline.decode import DecodeOptions, decode_and_hash
from app.pipeline.pool import CRASHED, DecodePool
from app.settings import Settings
from tests.pipeline.test_decode import jpeg
from tests.pipeline.workers import CRASH, decode_or_crash, worker_pid


@pytest.fixture(scope="module")
def pool():
    with DecodePool(2) as started:
        yield started


def test_images_decoded_in_workers_are_those_decoded_here(pool):
    options = DecodeOptions(Settings(), thumbnail_px=160, fingerprint="full")
    data = [jpeg((320, 200), seed) for seed in range(4)]
    decoded = pool.submit_many([(d, f"p{i}.jpg", f"figures[{i}].image") for i, d in enumerate(data)], options)
    here = [decode_and_hash(d, f"p{i}.jpg", f"figures[{i}].image", options) for i, d in enumerate(data)]
    assert [d.sha256 for d in decoded] == [h.sha256 for h in here]
    assert all(d.image.tobytes() == h.image.tobytes() and d.thumbnail == h.thumbnail
               and d.fingerprint == h.fingerprint for d, h in zip(decoded, here, strict=True))
    assert pool.call(worker_pid) != os.getpid()


def test_an_unreadable_image_is_its_own_error_and_the_others_decode(pool):
    options = DecodeOptions(Settings())
    outcomes = pool.submit_many([(jpeg((64, 64)), "a", "f0"), (b"GIF89a broken", "b", "f1"),
                                 (jpeg((64, 64), 1), "c", "f2")], options)
    assert not isinstance(outcomes[0], str) and not isinstance(outcomes[2], str)
    assert isinstance(outcomes[1], str) and outcomes[1].startswith("not a readable image")


def test_a_worker_crash_is_the_error_of_the_image_that_caused_it_only(pool):
    options = DecodeOptions(Settings())
    jobs = [jpeg((64, 64), n) for n in range(3)] + [CRASH] + [jpeg((64, 64), n) for n in range(3, 6)]
    outcomes = asyncio.run(_outcomes(pool, jobs, options))
    assert outcomes[3] == CRASHED
    assert all(not isinstance(o, str) for i, o in enumerate(outcomes) if i != 3)
    # The pool was replaced and goes on working.
    assert not isinstance(pool.decode(jpeg((32, 32)), "after", "f", options), str)


async def _outcomes(pool: DecodePool, jobs: list[bytes], options: DecodeOptions) -> list:
    from app.pipeline.pool import WorkerCrashed

    async def one(i: int, data: bytes):
        try:
            return await pool.run(decode_or_crash, data, f"p{i}", "f", options)
        except WorkerCrashed:
            return CRASHED

    return await asyncio.gather(*(one(i, d) for i, d in enumerate(jobs)))


def test_a_worker_reads_the_words_in_a_photo_that_the_check_would_read(pool):
    from app.engine.ocr.rapid import RapidTextReader
    from tests.engine.ocr.test_rapid import placard

    photo = placard("LAGOS SAYS NO TO FUEL HIKE", (1024, 683), 40, (80, 200))
    buffer = io.BytesIO()
    photo.save(buffer, "PNG")
    options = DecodeOptions(Settings(), ocr_engine="rapidocr")
    decoded = pool.decode(buffer.getvalue(), "placard.png", "f", options)
    here = RapidTextReader().read(decode_and_hash(buffer.getvalue(), "placard.png", "f", DecodeOptions(Settings())).image)
    assert decoded.words_engine == "rapidocr" and [w.text for w in decoded.words] == [w.text for w in here]
    assert [w.box for w in decoded.words] == [w.box for w in here]
    assert [w.text.upper() for w in decoded.words][:2] == ["LAGOS", "SAYS"]


def test_without_workers_the_calling_process_decodes():
    with DecodePool(0) as inline:
        outcome = inline.decode(jpeg((40, 30)), "p", "f", DecodeOptions(Settings()))
        assert outcome.width == 40 and inline.call(worker_pid) == os.getpid()


OWNER = """
import sys
sys.path[:0] = {path!r}
from app.pipeline.pool import DecodePool
from tests.pipeline.workers import worker_pid
pool = DecodePool(1)
print(pool.call(worker_pid), flush=True)
sys.stdin.read()
"""


def test_workers_end_when_the_process_that_owns_the_pool_is_killed_outright():
    owner = subprocess.Popen([sys.executable, "-c", OWNER.format(path=[str(Path(__file__).parents[2])])],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        worker = int(owner.stdout.readline())
        assert _running(worker)
    finally:
        owner.send_signal(signal.SIGKILL)
        owner.wait(10)
    deadline = time.monotonic() + 20
    while _running(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(worker)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


FORK_SERVER = """
import subprocess, sys, time
sys.path[:0] = {path!r}
import app.pipeline.forkserver_guard  # as the fork server imports it: watching its parent
stuck = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
print(stuck.pid, flush=True)
time.sleep(600)
"""

OWNER_OF_A_FORK_SERVER = """
import subprocess, sys
server = subprocess.Popen([sys.executable, "-c", {server!r}], stdout=subprocess.PIPE, text=True)
print(server.pid, server.stdout.readline().strip(), flush=True)
sys.stdin.read()
"""


def test_a_fork_server_whose_owner_is_killed_ends_its_children_even_those_that_never_started():
    server = FORK_SERVER.format(path=[str(Path(__file__).parents[2])])
    owner = subprocess.Popen([sys.executable, "-c", OWNER_OF_A_FORK_SERVER.format(server=server)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        fork_server, stuck = (int(pid) for pid in owner.stdout.readline().split())
        assert _running(fork_server) and _running(stuck)
    finally:
        owner.send_signal(signal.SIGKILL)
        owner.wait(10)
    deadline = time.monotonic() + 20
    while (_running(fork_server) or _running(stuck)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(fork_server) and not _running(stuck)
