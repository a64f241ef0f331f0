"""Text embeddings remembered in memory: re-checking an unchanged article encodes nothing new."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

import numpy as np


class TextMemo:
    """A thread-safe LRU of text -> embedding row, filled by batches of the texts it lacks."""

    def __init__(self, max_items: int = 20_000) -> None:
        self._rows: OrderedDict[str, np.ndarray] = OrderedDict()
        self._max = max_items
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], compute: Callable[[list[str]], np.ndarray]) -> np.ndarray:
        with self._lock:
            known = {t: self._rows[t] for t in texts if t in self._rows}
            for text in known:
                self._rows.move_to_end(text)
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        if missing:
            fresh = compute(missing)
            known.update(zip(missing, fresh))
            self._remember(dict(zip(missing, fresh)))
        if not texts:
            return compute([])
        return np.stack([known[t] for t in texts])

    def _remember(self, rows: dict[str, np.ndarray]) -> None:
        with self._lock:
            self._rows.update(rows)
            while len(self._rows) > self._max:
                self._rows.popitem(last=False)


class MemoTextEncoder:
    """A TextEncoder (sentence model) whose answers are remembered."""

    def __init__(self, inner, max_items: int = 20_000) -> None:
        self.inner = inner
        self.name = inner.name
        self._memo = TextMemo(max_items)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self._memo.encode(texts, self.inner.encode)

    def __getattr__(self, item: str):
        return getattr(self.inner, item)
