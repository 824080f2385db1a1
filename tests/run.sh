#!/usr/bin/env bash
# Install everything the tests need on a fresh machine, then run them.
# Usage: bash tests/run.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages and services some tests need: one script per concern in
# tests/setup.d/ (browser, triple stores).  Each is idempotent.
for step in tests/setup.d/*.sh; do
  [ -e "$step" ] || continue
  bash "$step"
done

python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e '.[test]'
exec .venv/bin/python -m pytest "$@"
