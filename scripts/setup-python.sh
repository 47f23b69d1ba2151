#!/usr/bin/env bash
# Installs the independent PDF signature validator pyHanko (with its certificate validator and
# its command line) into a virtual environment at $RATEBOOK_CACHE/venv (idempotent).
# Called by `make setup`; the report tests look for `pyhanko` there and on PATH.
set -euo pipefail
cache="${RATEBOOK_CACHE:-$HOME/.cache/ratebook}"
venv="$cache/venv"
# Versions the signature tests were written against (pdf-signing.md: pyHanko 0.38).
packages=("pyHanko>=0.38,<0.40" "pyhanko-certvalidator>=0.29" "pyhanko-cli>=0.1")

if [ -x "$venv/bin/pyhanko" ] && "$venv/bin/pyhanko" --version >/dev/null 2>&1; then
  echo "setup-python: pyHanko present in $venv ($("$venv/bin/pyhanko" --version 2>/dev/null | head -n1))"
  exit 0
fi

python=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import venv, ensurepip' 2>/dev/null; then
    python="$candidate"
    break
  fi
done
if [ -z "$python" ]; then
  # Debian splits venv/ensurepip out of the interpreter package.
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup-python: installing python3-venv"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3 python3-venv >/dev/null
  python=/usr/bin/python3
fi

echo "setup-python: creating $venv with $("$python" --version)"
mkdir -p "$cache"
"$python" -m venv --clear "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${packages[@]}"
echo "setup-python: done ($("$venv/bin/pyhanko" --version 2>/dev/null | head -n1))"
