"""Fixtures for tests of photo metadata (here and in tests/engine/signals): ExifTool, a C2PA chain.

The photos themselves are made by bench/metadata.py (ExifTool, Pillow and c2pa-python).
"""

from __future__ import annotations

import os

import pytest

from bench.metadata import CertChain, exiftool_available, make_chain


@pytest.fixture(scope="session")
def exiftool() -> None:
    """ExifTool writes the IPTC and XMP fixtures; skipped without it, except under CI."""
    if exiftool_available():
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("CI=true but exiftool is missing (scripts/ensure-exiftool.sh)", pytrace=False)
    pytest.skip("exiftool is missing: install libimage-exiftool-perl (scripts/ensure-exiftool.sh)")


@pytest.fixture(scope="session")
def chain() -> CertChain:
    return make_chain(signer="Photo Desk", organisation="Example News")
