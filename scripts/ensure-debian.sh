#!/usr/bin/env bash
# ensure-debian.sh PROGRAM PACKAGE PURPOSE: installs a Debian package a test needs with apt-get
# when PROGRAM is missing and we are root; otherwise says which tests will be skipped.
set -euo pipefail
program=$1 package=$2 purpose=$3
if command -v "$program" >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "captioncheck: installing Debian's $package for $purpose" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package" >&2
else
  echo "captioncheck: $program is missing; install Debian's $package" \
       "(sudo apt-get install $package) or $purpose will be skipped (and fail under CI=true)" >&2
fi
