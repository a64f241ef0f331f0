"""Multi-index hashing: near 64-bit hashes found through exact lookups, never a scan.

A hash is cut into BANDS bands of BAND_BITS bits, each stored in its own indexed column.
Two hashes within Hamming distance r differ in at least one band by at most
floor(r / BANDS) bits (pigeonhole), so probing every band value within `band_radius` bits
of the query's finds every stored hash within BANDS * (band_radius + 1) - 1 bits, and many
farther ones; candidates are then verified by their full distance. With 16-bit bands and
a band radius of 1 a query costs 4 x 17 indexed lookups, whatever the archive's size; each
bucket holds about rows / 65,536 hashes.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

BANDS = 4
BAND_BITS = 16
# Guarantees every hash within 7 bits; finds nearly all within 12 (bench/archive_recall.py).
DEFAULT_BAND_RADIUS = 1
_BAND_MASK = (1 << BAND_BITS) - 1
_SIGN = 1 << 63


def bands(value: int) -> tuple[int, ...]:
    """The BANDS bands of an unsigned 64-bit hash, most significant first."""
    return tuple((value >> (BAND_BITS * (BANDS - 1 - i))) & _BAND_MASK for i in range(BANDS))


def probes(band: int, radius: int) -> list[int]:
    """Every BAND_BITS-bit value within `radius` bits of `band`, `band` first."""
    found = [band]
    for flips in range(1, radius + 1):
        for positions in combinations(range(BAND_BITS), flips):
            value = band
            for bit in positions:
                value ^= 1 << bit
            found.append(value)
    return found


def guaranteed_radius(band_radius: int) -> int:
    """The Hamming distance within which a probe of `band_radius` finds every stored hash."""
    return BANDS * (band_radius + 1) - 1


def to_signed(value: int) -> int:
    """An unsigned 64-bit hash as the signed integer a BIGINT column holds."""
    return value - (1 << 64) if value & _SIGN else value


def to_unsigned(value: int) -> int:
    return value + (1 << 64) if value < 0 else value


def brute_force(query: int, stored: Iterable[tuple[int, int]], radius: int) -> dict[int, int]:
    """{key: distance} of every (key, hash) within `radius`: the linear scan the index avoids."""
    found: dict[int, int] = {}
    for key, value in stored:
        distance = (query ^ value).bit_count()
        if distance <= radius and distance < found.get(key, radius + 1):
            found[key] = distance
    return found
