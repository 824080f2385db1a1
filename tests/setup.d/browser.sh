#!/usr/bin/env bash
# Headless Chromium and a CJK font for tests/test_browser.py and benchmarks/bench_html.py.
# Debian's chromium is driven by Playwright through executable_path; `playwright
# install` (which downloads a browser) is never needed.  Idempotent, no prompts.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "browser.sh: need root to install ${need[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${need[@]}"
fi
