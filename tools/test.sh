#!/usr/bin/env bash
# The test command (README, "The two commands"): on a fresh Debian or Ubuntu machine with the .NET SDK, it installs
# what the suite needs, then runs every test. Arguments are passed to `dotnet test` (e.g. --filter).
#   redis-server   the cache most server tests start (Garnet, the fallback, is the .NET tool restored below)
#   npm            Node peers of the parity tests (onnxruntime-node, @huggingface/tokenizers), installed on first use
#   prometheus     promtool checks and unit-tests deploy/prometheus; a real Prometheus scrapes both services
#   chromium       the browser test drives Debian's Chromium through Playwright (no browser download)
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v redis-server >/dev/null || need+=(redis-server)
command -v npm >/dev/null || need+=(npm)
command -v promtool >/dev/null || need+=(prometheus)
[ -x /usr/lib/chromium/chromium ] || need+=(chromium)

if [ ${#need[@]} -gt 0 ]; then
  # Say what is missing in one line and stop before building when this machine cannot install it itself.
  if ! command -v apt-get >/dev/null; then
    echo "tools/test.sh: install these first (no apt-get here): ${need[*]}" >&2
    exit 2
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "tools/test.sh: run as root, or install these first: sudo apt-get install -y ${need[*]}" >&2
    exit 2
  fi
  echo "tools/test.sh: installing ${need[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

dotnet tool restore
exec dotnet test InferenceService.slnx "$@"
