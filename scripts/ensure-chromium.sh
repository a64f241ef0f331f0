#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through Playwright (never Playwright's own
# browser download). Installs it with apt-get when missing and we are root.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "run-tests: installing Debian's chromium for the browser tests" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
else
  echo "run-tests: /usr/bin/chromium is missing; install Debian's chromium package" \
       "(sudo apt-get install chromium) or the browser tests will be skipped" >&2
fi
