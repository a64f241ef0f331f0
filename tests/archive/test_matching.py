"""Near-duplicate matching: edited copies of archived photos are found; other photos are not."""

from __future__ import annotations

import random

import numpy as np
import pytest
from PIL import Image, ImageEnhance

from app.archive.fingerprint import MIN_DETAIL, crop_boxes, fingerprint, hamming
from app.archive.similarity import THUMB_BYTES, detail, similarity
from bench.archive_data import colour_shift, jpeg, scene
from tests.archive.conftest import Archive, loaded, photo

NAMES = ("rocket-launch", "astronaut-portrait", "coffee-cup", "cat-chelsea")


def _crop(image: Image.Image, left: float, top: float, right: float, bottom: float) -> Image.Image:
    w, h = image.size
    return image.crop((round(w * left), round(h * top), round(w * (1 - right)), round(h * (1 - bottom))))


EDITS = {
    "jpeg_q40": lambda im: jpeg(im, 40),
    "resized_50": lambda im: im.resize((im.width // 2, im.height // 2), Image.Resampling.LANCZOS),
    "cropped_5_centre": lambda im: _crop(im, 0.025, 0.025, 0.025, 0.025),
    "cropped_5_corner": lambda im: _crop(im, 0.05, 0.05, 0, 0),
    "cropped_10_corner": lambda im: _crop(im, 0, 0, 0.10, 0.10),
    "cropped_10_side": lambda im: _crop(im, 0.10, 0, 0, 0),
    "cropped_10_mixed": lambda im: _crop(im, 0.07, 0.02, 0.03, 0.08),
    "brighter_20": lambda im: ImageEnhance.Brightness(im).enhance(1.2),
    "darker_20": lambda im: ImageEnhance.Brightness(im).enhance(0.8),
    "colour_shift": lambda im: colour_shift(im, random.Random(4)),
    "all_together": lambda im: jpeg(_crop(ImageEnhance.Brightness(im).enhance(0.85), 0.04, 0.06, 0.02, 0.0)
                                    .resize((im.width * 2 // 3, im.height * 2 // 3)), 45),
}


@pytest.fixture
def filled(archive: Archive) -> tuple[Archive, dict[str, int]]:
    ids = {}
    for n, name in enumerate(NAMES):
        item = archive.add(photo(name), f"Story {n}", f"Caption {n}.", url=f"https://news.example/{n}")
        ids[name] = archive.store.exact(item.sha256)
    for seed in range(6):  # photos of the scene types the other tests query
        archive.add(scene(seed), f"Scene {seed}", f"Scene caption {seed}.", url=f"https://news.example/s{seed}")
    return archive, ids


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_edited_copies_of_archived_photos_are_found(filled, edit):
    archive, ids = filled
    for name in NAMES:
        found = archive.lookup.matches(loaded(EDITS[edit](photo(name))))
        assert list(found) == [ids[name]], (edit, name, found)
        kind, distance, score = found[ids[name]]
        assert kind == "near" and distance <= archive.lookup.max_distance and score >= archive.lookup.min_similarity


def test_the_same_file_is_an_exact_match(filled):
    archive, ids = filled
    found = archive.lookup.matches(loaded(photo("coffee-cup")))
    assert found == {ids["coffee-cup"]: ("exact", 0, 1.0)}


def test_unrelated_photos_are_not_found(archive):
    for n, name in enumerate(NAMES[:3]):
        archive.add(photo(name), "Story", "Caption.", url=f"https://news.example/{n}")
    assert archive.lookup.matches(loaded(photo("cat-chelsea"))) == {}
    for seed in range(40, 46):
        assert archive.lookup.matches(loaded(scene(seed))) == {}, seed


def test_different_photos_of_the_same_scene_type_are_not_found(archive):
    # Seeds with the same remainder by 3 are the same scene type (crowd, landscape, portrait).
    for seed in (0, 1, 2, 3, 4, 5):
        archive.add(scene(seed), "Story", "Caption.", url=f"https://news.example/{seed}")
    for seed in range(6, 30):
        assert archive.lookup.matches(loaded(scene(seed))) == {}, seed


def test_black_and_white_copies_are_found_on_grey_detail(filled):
    archive, ids = filled
    grey = photo("astronaut-portrait").convert("L").convert("RGB")
    assert list(archive.lookup.matches(loaded(grey))) == [ids["astronaut-portrait"]]


def test_a_flat_image_is_matched_by_its_bytes_only(archive):
    flat = Image.new("RGB", (300, 200), (200, 40, 40))
    item = archive.add(flat, "Red", "A red square.", url="https://news.example/red")
    assert not fingerprint(flat).distinctive and detail(fingerprint(flat).thumb) < MIN_DETAIL
    assert archive.lookup.matches(item)  # the same bytes
    assert archive.lookup.matches(loaded(jpeg(flat, 40))) == {}
    assert archive.lookup.matches(loaded(Image.new("RGB", (300, 200), (40, 40, 200)))) == {}


def test_an_empty_archive_answers_at_once(archive):
    assert archive.lookup.matches(loaded(photo("rocket-launch"))) == {}


def test_fingerprint_views_and_thumbnail():
    fp = fingerprint(photo("rocket-launch"))
    assert len(fp.hashes) == 1 + len(crop_boxes((256, 171))) and len(set(fp.hashes)) == len(fp.hashes)
    assert len(fp.thumb) == THUMB_BYTES and fp.distinctive
    assert fingerprint(photo("rocket-launch"), views=False).hashes == fp.hashes[:1]
    assert hamming(fp.phash, fingerprint(jpeg(photo("rocket-launch"), 40)).phash) <= 4


def test_similarity_is_symmetric_and_one_for_the_same_pixels():
    a = fingerprint(photo("cat-chelsea")).thumb
    b = fingerprint(_crop(photo("cat-chelsea"), 0.08, 0.0, 0.0, 0.05)).thumb
    assert similarity(a, a) == pytest.approx(1.0)
    assert similarity(a, b) == similarity(b, a) > 0.8
    assert similarity(a, fingerprint(photo("coffee-cup")).thumb) < 0.5
    with pytest.raises(ValueError):
        similarity(a, bytes(10))
    noise = np.random.default_rng(0).integers(0, 255, THUMB_BYTES, dtype=np.uint8).tobytes()
    assert -1.0 <= similarity(a, noise) <= 1.0
