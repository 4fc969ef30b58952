#!/usr/bin/env bash
# Installs what building, running and testing Outpost needs on Debian 12, idempotently:
# system packages (WebKitGTK 4.1 for the window, Xvfb + ImageMagick for the desktop test,
# Chromium for end-to-end tests, PostgreSQL for the sync server's store tests), the Wails CLI,
# and the frontend's npm packages. Safe to run again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=(build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev xvfb xauth imagemagick chromium postgresql fonts-dejavu-core dbus-x11 dbus-daemon)
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

gobin="$(go env GOPATH)/bin"
if ! "$gobin/wails" version 2>/dev/null | grep -q 'v2.16.0'; then
  echo "setup: installing the Wails CLI v2.16.0"
  go install github.com/wailsapp/wails/v2/cmd/wails@v2.16.0
fi

go mod download

# npm ci only when the lock file changed since the last install.
stamp=frontend/node_modules/.outpost-lock
if [ ! -f "$stamp" ] || ! cmp -s frontend/package-lock.json "$stamp"; then
  echo "setup: installing frontend packages"
  (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
  cp frontend/package-lock.json "$stamp"
fi
