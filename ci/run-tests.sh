#!/usr/bin/env bash
# What .ci/run calls: prepare the machine (tools the build needs), then the README's test command.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "== machine: $(nproc) cpus, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//')"
bash ci/ensure-tools.sh

echo "== ./quicksilver test"
./quicksilver test
# The README, tried in a separate project against what the test command just installed (offline, about 20 s).
bash ci/consumer-check.sh
bash ci/bench-smoke.sh
