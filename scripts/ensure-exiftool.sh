#!/usr/bin/env bash
# The photo-metadata tests write IPTC and XMP into the photos they make with ExifTool
# (Debian's libimage-exiftool-perl, driven through pyexiftool). The product itself reads
# metadata with Pillow and c2pa-python and never needs ExifTool.
exec "$(dirname "$0")/ensure-debian.sh" exiftool libimage-exiftool-perl \
  "the photo-metadata tests that write IPTC/XMP"
