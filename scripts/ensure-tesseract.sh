#!/usr/bin/env bash
# The alternative OCR engine (CAPTIONCHECK_OCR_ENGINE=tesseract) runs Debian's tesseract-ocr;
# the default engine (RapidOCR) never needs it. Its test reads a page with the real program.
exec "$(dirname "$0")/ensure-debian.sh" tesseract tesseract-ocr "the Tesseract engine's test"
