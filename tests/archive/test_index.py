"""Multi-index hashing: band lookups in the database find what a full scan finds."""

from __future__ import annotations

import random
from datetime import datetime, timezone

from sqlalchemy import insert

from app.archive.index import (
    BAND_BITS,
    BANDS,
    bands,
    brute_force,
    guaranteed_radius,
    probes,
    to_signed,
    to_unsigned,
)
from app.storage.archive_tables import ArchiveHash, ArchiveImage
from app.storage.engine import write_connection


def test_bands_cover_the_hash_and_probes_stay_within_their_radius():
    value = 0x0123_4567_89AB_CDEF
    assert bands(value) == (0x0123, 0x4567, 0x89AB, 0xCDEF)
    assert len(probes(0x00FF, 1)) == 1 + BAND_BITS
    assert len(probes(0x00FF, 2)) == 1 + BAND_BITS + BAND_BITS * (BAND_BITS - 1) // 2
    assert all((p ^ 0x00FF).bit_count() <= 2 for p in probes(0x00FF, 2))
    assert guaranteed_radius(1) == 2 * BANDS - 1


def test_signed_storage_round_trips():
    for value in (0, 1, 2**63 - 1, 2**63, 2**64 - 1):
        assert to_unsigned(to_signed(value)) == value
        assert -(2**63) <= to_signed(value) < 2**63


def _flip(value: int, bits: int, rng: random.Random) -> int:
    for bit in rng.sample(range(64), bits):
        value ^= 1 << bit
    return value


def _fill(archive, hashes: list[int]) -> None:
    now = datetime.now(timezone.utc)
    with write_connection(archive.store.engine) as conn:
        conn.execute(insert(ArchiveImage), [
            {"id": i + 1, "sha256": f"{i:064x}", "phash": to_signed(h), "thumb": b"", "distinctive": True,
             "width": 1, "height": 1, "first_seen": now} for i, h in enumerate(hashes)])
        rows = []
        for i, h in enumerate(hashes):
            row = {"image_id": i + 1, "view": 0, "value": to_signed(h)}
            row.update({f"band{b}": v for b, v in enumerate(bands(h))})
            rows.append(row)
        conn.execute(insert(ArchiveHash), rows)


def test_band_lookup_equals_brute_force_on_random_hashes(archive):
    rng = random.Random(11)
    queries = [rng.getrandbits(64) for _ in range(40)]
    # Unrelated hashes, plus for every query some at every distance up to 14 bits.
    hashes = [rng.getrandbits(64) for _ in range(3000)]
    hashes += [_flip(q, d, rng) for q in queries for d in range(0, 15, 1)]
    _fill(archive, hashes)
    stored = [(i + 1, h) for i, h in enumerate(hashes)]
    radius = guaranteed_radius(1)
    for query in queries:
        # Within the guaranteed radius the index is exact: the same answer as a linear scan.
        assert archive.store.near(query, band_radius=1, max_distance=radius) == brute_force(query, stored, radius)
        assert archive.store.near(query, band_radius=2, max_distance=11) == brute_force(query, stored, 11)
        # Beyond it the index finds a subset, never anything farther than asked.
        wide = archive.store.near(query, band_radius=1, max_distance=14)
        assert wide.items() <= brute_force(query, stored, 14).items()
