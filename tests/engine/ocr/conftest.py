"""One real RapidOCR engine for the OCR tests (its models ship in the rapidocr wheel)."""

from __future__ import annotations

import pytest

from app.engine.ocr.rapid import RapidTextReader


@pytest.fixture(scope="session")
def rapid() -> RapidTextReader:
    return RapidTextReader()
