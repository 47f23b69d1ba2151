#!/usr/bin/env bash
# Installs tauri-driver (the WebDriver bridge to WebKitWebDriver) when missing.
# Pinned to major 2: 3.0 alphas exist and target Tauri 3.
set -euo pipefail
export PATH="$HOME/.cargo/bin:$PATH"
if command -v tauri-driver >/dev/null 2>&1; then
  echo "setup-tauri-driver: $(command -v tauri-driver) present"
  exit 0
fi
echo "setup-tauri-driver: cargo install tauri-driver ^2"
# Its own target directory, so the install does not lock the project's build cache.
CARGO_TARGET_DIR="${RATEBOOK_CACHE:-$HOME/.cache/ratebook}/target-tools" \
  cargo install tauri-driver --version '^2' --locked --quiet
