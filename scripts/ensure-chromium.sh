#!/usr/bin/env bash
# Browser-facing pages are tested in a real headless Chromium: Debian's package, driven by Playwright.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
else
  echo "Chromium is missing: install Debian's 'chromium' package (or set LOONBRUG_CHROMIUM to a binary)" >&2
  exit 1
fi
