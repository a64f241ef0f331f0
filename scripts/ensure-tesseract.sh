#!/usr/bin/env bash
# The alternative OCR engine (CAPTIONCHECK_OCR_ENGINE=tesseract) runs Debian's tesseract-ocr;
# the default engine (RapidOCR) never needs it. Its test reads a page with the real program,
# so the test set-up installs it with apt-get when missing and we are root.
set -euo pipefail
if command -v tesseract >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "captioncheck: installing Debian's tesseract-ocr for the alternative OCR engine's test" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tesseract-ocr >&2
else
  echo "captioncheck: tesseract is missing; install Debian's tesseract-ocr" \
       "(sudo apt-get install tesseract-ocr) or the Tesseract engine's test will be skipped" >&2
fi
