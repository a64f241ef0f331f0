#!/usr/bin/env bash
# Creates .venv/ on first use and reinstalls only when pyproject.toml changes.
# Usage: scripts/bootstrap.sh [extra]   (extra: "test" adds the test dependencies)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
extra=${1:-}
venv="$root/.venv"
python=${PYTHON:-python3}
stamp="$venv/.captioncheck-installed${extra:+-$extra}"
want=$(sha256sum "$root/pyproject.toml" | cut -d' ' -f1)

if [ ! -x "$venv/bin/python" ]; then
  echo "captioncheck: creating virtual environment in .venv/ (first run takes a few minutes)" >&2
  "$python" -m venv "$venv"
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "captioncheck: installing dependencies into .venv/" >&2
  "$venv/bin/python" -m pip install --quiet --upgrade pip >&2 || true
  "$venv/bin/python" -m pip install --quiet -e "$root${extra:+[$extra]}" >&2
  echo "$want" > "$stamp"
fi
if [ "$extra" = "test" ]; then
  "$root/scripts/ensure-exiftool.sh"
  "$root/scripts/ensure-tesseract.sh"
fi
