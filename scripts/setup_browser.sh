#!/usr/bin/env bash
# Install what the dashboard's browser test needs: Debian's chromium and npm's playwright-core
# (the exact version pinned in package.json / package-lock.json). Safe to run repeatedly.
# The test (tests/web/test_dashboard_browser.py) skips with a reason only when this fails.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" = "0" ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "setup_browser: need root to run: $*" >&2; return 1; fi
}

apt_install() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" \
    || { as_root apt-get update -q && \
         as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"; }
}

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "setup_browser: installing nodejs and npm"
  apt_install nodejs npm
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "setup_browser: installing chromium"
  apt_install chromium fonts-dejavu-core
fi

if [ ! -d node_modules/playwright-core ]; then
  echo "setup_browser: installing playwright-core (no browser download: we use /usr/bin/chromium)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error \
    || PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error
fi

/usr/bin/chromium --version
node -e "require('playwright-core'); console.log('playwright-core', require('playwright-core/package.json').version)"
