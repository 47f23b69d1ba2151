#!/usr/bin/env bash
# Installs the UI's and the end-to-end tests' npm packages from their lockfiles.
# `npm ci` is not usable here: the registry serves only the linux builds of
# @tauri-apps/cli, so lockfiles written on this machine lack other platforms;
# `npm install` keeps the lockfile as it is.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
for dir in ui e2e; do
  cd "$root/$dir"
  if [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] \
     && [ node_modules/.package-lock.json -nt package.json ]; then
    echo "setup-node: $dir/node_modules up to date"
  else
    echo "setup-node: npm install in $dir"
    npm install --no-audit --no-fund --loglevel=error
    touch node_modules/.package-lock.json
  fi
done
