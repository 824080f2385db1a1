#!/usr/bin/env bash
# Triple stores for tests/test_stores.py: Debian's Virtuoso Open-Source binaries.
# Only installs: the tests start their own servers on free loopback ports and stop them.
# The Oxigraph server comes from the `oxigraph` PyPI package in the test extras.
set -euo pipefail
if command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# the -bin package: server and isql only, no system service listening on fixed ports
apt-get install -y -q --no-install-recommends virtuoso-opensource-7-bin
