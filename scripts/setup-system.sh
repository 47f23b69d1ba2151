#!/usr/bin/env bash
# Installs the Debian packages Ratebook needs to build, run and test (idempotent).
# Called by `make run` and `make test`; does nothing when everything is present.
set -euo pipefail

packages=(
  # Tauri 2 build dependencies (see ARCHITECTURE.md, "Building")
  libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libssl-dev libxdo-dev
  build-essential pkg-config file
  # headless display, screenshots and the WebKit WebDriver used by tauri-driver
  xvfb xauth webkit2gtk-driver imagemagick x11-utils
  # independent PDF validators and renderers used by the report tests
  qpdf poppler-utils libnss3-tools openssl
  # network-namespace test of the offline guarantee
  util-linux
  # the window's font (ui/src/app.css), the one the reports embed
  fonts-dejavu-core
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-system: all ${#packages[@]} Debian packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "setup-system: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup-system: done"
