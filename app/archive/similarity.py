"""Verifying a candidate match: do two small colour thumbnails show the same photo, allowing a crop?

Each thumbnail is high-passed (its blurred self subtracted), so two photos of one kind of
scene (sky above, crowd below) do not correlate through their layout alone. The grey
detail of one is viewed whole and the other's through crops of up to 14 % on each axis at
three anchors; the best Pearson correlation over those views, in either direction, finds
the alignment. At that alignment the three colour channels' detail is correlated too:
a copy keeps its colour edges even when its colours are shifted (each channel's gain and
offset drop out), while two studio portraits with heads in the same place do not. The
similarity is the lower of the two (1.0 for the same pixels); when either image is black
and white, the grey correlation alone. bench/archive_recall.py measures both populations.
"""

from __future__ import annotations

import numpy as np

THUMB_PX = 32
THUMB_BYTES = THUMB_PX * THUMB_PX * 3  # RGB, row by row
VIEW_PX = 16
_SIGMA = 2.0
_GREY = np.array([0.299, 0.587, 0.114])
_ACHROMATIC = 2.0  # mean distance of a pixel's channels from their mean, in grey levels
# (start, end) of a view along one axis, as fractions of the thumbnail; the whole first
_SPANS = ((0.0, 1.0),) + tuple(
    (offset, offset + width) for width in (0.95, 0.9, 0.86) for offset in (0.0, (1 - width) / 2, 1 - width)
)


def _area_weights(start: float, end: float) -> np.ndarray:
    """VIEW_PX x THUMB_PX: each view pixel the area-weighted mean of the thumbnail pixels it covers."""
    edges = np.linspace(start, end, VIEW_PX + 1) * THUMB_PX
    weights = np.zeros((VIEW_PX, THUMB_PX))
    for k in range(VIEW_PX):
        low, high = edges[k], edges[k + 1]
        for i in range(int(np.floor(low)), min(THUMB_PX, int(np.ceil(high)))):
            weights[k, i] = max(0.0, min(high, i + 1) - max(low, i))
    return weights / weights.sum(axis=1, keepdims=True)


def _blur_weights(sigma: float) -> np.ndarray:
    """THUMB_PX square: a Gaussian blur along one axis, edges repeated."""
    radius = int(4 * sigma + 0.5)
    offsets = np.arange(-radius, radius + 1)
    kernel = np.exp(-0.5 * (offsets / sigma) ** 2)
    kernel /= kernel.sum()
    weights = np.zeros((THUMB_PX, THUMB_PX))
    for row in range(THUMB_PX):
        np.add.at(weights[row], np.clip(row + offsets, 0, THUMB_PX - 1), kernel)
    return weights


_BLUR = _blur_weights(_SIGMA)
_WEIGHTS = np.concatenate([_area_weights(*span) for span in _SPANS])  # (spans * VIEW_PX, THUMB_PX)
# einsum, not @, throughout: products this small run slower through a multi-threaded BLAS on a busy machine


def similarity(a: bytes, b: bytes) -> float:
    """How surely the two thumbnails show the same photo, one possibly a crop of the other (-1..1)."""
    rgb_a, rgb_b = _rgb(a), _rgb(b)
    views_a, views_b = _views(_detail(rgb_a @ _GREY)), _views(_detail(rgb_b @ _GREY))
    b_in_a = np.einsum("ij,j->i", views_a, views_b[0])
    a_in_b = np.einsum("ij,j->i", views_b, views_a[0])
    if b_in_a.max() >= a_in_b.max():
        grey, cropped, whole, view = float(b_in_a.max()), rgb_a, rgb_b, int(b_in_a.argmax())
    else:
        grey, cropped, whole, view = float(a_in_b.max()), rgb_b, rgb_a, int(a_in_b.argmax())
    if _achromatic(rgb_a) or _achromatic(rgb_b):
        return round(grey, 4)
    return round(min(grey, _colour_correlation(cropped, whole, view)), 4)


def detail(thumb: bytes) -> float:
    """How much fine detail a thumbnail has (std of its high-passed grey levels)."""
    return float(_detail(_rgb(thumb) @ _GREY).std())


def _rgb(thumb: bytes) -> np.ndarray:
    if len(thumb) != THUMB_BYTES:
        raise ValueError(f"a thumbnail is {THUMB_BYTES} bytes ({THUMB_PX}x{THUMB_PX} RGB), got {len(thumb)}")
    return np.frombuffer(thumb, dtype=np.uint8).reshape(THUMB_PX, THUMB_PX, 3).astype(np.float64)


def _detail(channel: np.ndarray) -> np.ndarray:
    blurred = np.einsum("ik,lk->il", np.einsum("ij,jk->ik", _BLUR, channel), _BLUR)
    return channel - blurred


def _views(detail_image: np.ndarray) -> np.ndarray:
    """Every (y span, x span) view, resampled to VIEW_PX square, centred and unit length; whole first."""
    n = len(_SPANS)
    grid = np.einsum("ik,lk->il", np.einsum("ij,jk->ik", _WEIGHTS, detail_image), _WEIGHTS)
    views = grid.reshape(n, VIEW_PX, n, VIEW_PX).transpose(0, 2, 1, 3).reshape(n * n, VIEW_PX * VIEW_PX)
    return _unit_rows(views - views.mean(axis=1, keepdims=True))


def _view(detail_image: np.ndarray, index: int) -> np.ndarray:
    """One view of `_views` (by its index), centred but not scaled."""
    ys, xs = divmod(index, len(_SPANS))
    rows = _WEIGHTS[ys * VIEW_PX : (ys + 1) * VIEW_PX]
    cols = _WEIGHTS[xs * VIEW_PX : (xs + 1) * VIEW_PX]
    view = np.einsum("ik,lk->il", np.einsum("ij,jk->ik", rows, detail_image), cols).ravel()
    return view - view.mean()


def _colour_correlation(cropped: np.ndarray, whole: np.ndarray, view: int) -> float:
    """Correlation of the three channels' detail, `cropped` seen through `view`, `whole` whole."""
    seen = np.concatenate([_view(_detail(cropped[..., c]), view) for c in range(3)])
    full = np.concatenate([_view(_detail(whole[..., c]), 0) for c in range(3)])
    return float(np.einsum("i,i->", _unit_rows(seen[None])[0], _unit_rows(full[None])[0]))


def _achromatic(rgb: np.ndarray) -> bool:
    return float(np.abs(rgb - rgb.mean(axis=2, keepdims=True)).mean()) < _ACHROMATIC


def _unit_rows(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms > 1e-9, norms, 1.0)
