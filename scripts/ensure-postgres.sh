#!/usr/bin/env bash
# The storage and webhook tests run every PostgreSQL variant against a throw-away server
# (started and stopped by the tests themselves, see tests/postgres_server.py). This only
# makes sure Debian's server binaries are there: installs `postgresql` with apt-get when
# missing and we are root. The package's own cluster is not used (and not started by us).
set -euo pipefail
if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "run-tests: installing Debian's postgresql for the PostgreSQL test variants" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
else
  echo "run-tests: PostgreSQL server binaries are missing; install Debian's postgresql package" \
       "(sudo apt-get install postgresql) or the PostgreSQL test variants will be skipped" \
       "(and fail under CI=true)" >&2
fi
