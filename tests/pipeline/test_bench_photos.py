"""The benchmarks' photos are distinct files: the embedding cache is keyed by a file's SHA-256,
so a repeated photo would be a cache answer that a baseline never gets."""

import hashlib

from bench.audit_pipeline import build_site
from bench.common import jpeg_variants


def test_jpeg_variants_are_all_distinct_files():
    variants = jpeg_variants(700)  # past the height and width of every sample photo
    assert len({hashlib.sha256(v).digest() for v in variants}) == len(variants)


def test_audit_benchmark_rounds_and_warm_up_serve_no_photo_twice():
    pages, photos, rounds, warm = 3, 4, 2, 2
    images = [f"photo {n}".encode() for n in range(pages * photos * rounds + warm * photos)]
    sites = [build_site(pages, photos, images, first=r * pages) for r in range(rounds)]
    sites.append(build_site(warm, photos, images, first=pages * rounds))
    served = [body for site in sites for path, (_, body) in site.items() if path.startswith("/img/")]
    assert len(served) == len(images) and len(set(served)) == len(images)
