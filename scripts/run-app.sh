#!/usr/bin/env bash
# Opens the Ratebook window. Without a display it runs under Xvfb and says so.
set -euo pipefail
app="${CARGO_TARGET_DIR:-target}/debug/ratebook-app"
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec "$app" --demo "$@"
fi
echo "run-app: no display found; running Ratebook under Xvfb (virtual screen 1280x800)."
echo "run-app: take a screenshot with:"
echo "  DISPLAY=\$(cat /tmp/ratebook-xvfb-display) XAUTHORITY=/tmp/ratebook-xvfb.auth import -window root shot.png"
exec xvfb-run -a -f /tmp/ratebook-xvfb.auth -s "-screen 0 1280x800x24" bash -c 'echo "$DISPLAY" > /tmp/ratebook-xvfb-display; exec "$0" "$@"' "$app" --demo "$@"
