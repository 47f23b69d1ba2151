#!/usr/bin/env bash
# Ratebook's window against a blank Tauri window built the same way: time to interactive and
# memory on the demo workbook, and time to first issuer rows at 100 and at 100,000 issuers.
# Installs what it needs through the project's own setup, builds both windows, makes the
# workbooks (fictional issuers, fixed seed), and writes target/e2e/bench-startup.json.
#   bash bench/app/run.sh [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/ratebook/target}
runs=${1:-5}

make -s setup app
cargo build -q -p ratebook-cli
# The blank window resolves the same dependency versions as the app.
cp Cargo.lock bench/app/blank/Cargo.lock
(cd bench/app/blank && "$root/ui/node_modules/.bin/tauri" build --debug --no-bundle)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cli="$CARGO_TARGET_DIR/debug/ratebook"
"$cli" workbook demo --out "$work/demo.ratebook" --fixtures fixtures >/dev/null
demo_issuers=$("$cli" workbook export "$work/demo.ratebook" --kind issuers --to "$work/demo-issuers.csv" >/dev/null && tail -n +2 "$work/demo-issuers.csv" | wc -l)
for n in 100 100000; do
  python3 bench/app/make-issuers.py "$work/extra-$n.csv" $((n - demo_issuers))
  cp "$work/demo.ratebook" "$work/issuers-$n.ratebook"
  "$cli" workbook import "$work/issuers-$n.ratebook" --kind issuers --from "$work/extra-$n.csv" >/dev/null
done

RATEBOOK_APP="$CARGO_TARGET_DIR/debug/ratebook-app" xvfb-run -a -s "-screen 0 1280x800x24" \
  node bench/app/startup.mjs "$CARGO_TARGET_DIR/debug/ratebook-blank-window" \
  "$work/demo.ratebook" "$work/issuers-100.ratebook" "$work/issuers-100000.ratebook" "$runs"
