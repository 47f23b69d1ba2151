#!/usr/bin/env bash
# Every check and test of Ratebook, in order of cost; stops at the first failure and ends
# with one summary line counting every test that ran. `scripts/test.sh e2e` runs only the
# end-to-end journeys (the app must be built).
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
log_dir="$root/target/test-logs"
mkdir -p "$log_dir"
passed=0
failed=0

# Runs a step, shows its output, and adds the tests it reports to the totals.
step() {
  local name="$1"
  shift
  echo "==> $name"
  local log="$log_dir/$name.log"
  "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  local p f
  # cargo test: "test result: ok. 12 passed; 0 failed; ..."
  p=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
  f=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed; [0-9]+ failed' "$log" | grep -Eo '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')
  # vitest: "Tests  7 passed (7)"; node --test (TAP): "# pass 5" / "# fail 0"
  p=$((p + $(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^\s*Tests\s+[0-9]+ passed' | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')))
  f=$((f + $(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^\s*Tests\s+.*[0-9]+ failed' | grep -Eo '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')))
  p=$((p + $(grep -E '^# pass [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')))
  f=$((f + $(grep -E '^# fail [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')))
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$status" -ne 0 ]; then
    echo "==> FAILED: $name (exit $status; log: $log)"
    [ "$f" -gt 0 ] || failed=$((failed + 1))
    echo "total: $passed passed, $failed failed"
    exit 1
  fi
}

e2e() {
  step app-build make -s app
  # WebDriver session creation hangs without a display instead of failing: bound it.
  step e2e timeout 900 xvfb-run -a -s "-screen 0 1280x800x24" \
    node --test --test-concurrency=1 --test-reporter=tap e2e/tests/
}

if [ "${1:-}" = "e2e" ]; then
  e2e
  echo "total: $passed passed, $failed failed"
  exit 0
fi

step rustfmt cargo fmt --all --check
step bindings-fresh cargo run -q -p ratebook-bindings -- --check
step ui-typecheck bash -c 'cd ui && npm run -s typecheck'
step ui-lint bash -c 'cd ui && npm run -s lint'
step ui-unit bash -c 'cd ui && npm run -s test'
step ui-build bash -c 'cd ui && npm run -s build'
step clippy cargo clippy --workspace --all-targets -- -D warnings
step cargo-test cargo test --workspace --exclude ratebook-app
e2e
echo "total: $passed passed, $failed failed"
