#!/usr/bin/env bash
# The photo-metadata tests write IPTC and XMP into the photos they make with ExifTool
# (Debian's libimage-exiftool-perl, driven through pyexiftool). The product itself reads
# metadata with Pillow and c2pa-python and never needs ExifTool. Installs it with apt-get
# when missing and we are root.
set -euo pipefail
if command -v exiftool >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "captioncheck: installing Debian's libimage-exiftool-perl for the photo-metadata tests" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libimage-exiftool-perl >&2
else
  echo "captioncheck: exiftool is missing; install Debian's libimage-exiftool-perl" \
       "(sudo apt-get install libimage-exiftool-perl) or the photo-metadata tests that write" \
       "IPTC/XMP will be skipped (and fail under CI=true)" >&2
fi
