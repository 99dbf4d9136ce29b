#!/usr/bin/env bash
# Installs what the build needs and a fresh machine of this kind might lack (Maven, gcc, libnuma, tmux for
# StatTest's terminal check, graphviz for ./quicksilver inspect and InspectTest).
# Uses the system package manager only when something is missing; never fails the build for a
# package that is merely optional (libnuma: Quicksilver falls back to libc pinning without it).
set -uo pipefail
need=()
command -v mvn >/dev/null 2>&1 || need+=(maven)
command -v gcc >/dev/null 2>&1 || need+=(gcc)
ldconfig -p 2>/dev/null | grep -q 'libnuma.so.1' || need+=(libnuma1)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
command -v dot >/dev/null 2>&1 || need+=(graphviz)
if [ ${#need[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "== installing: ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
  else
    echo "== missing: ${need[*]} (install them with your package manager)" >&2
  fi
fi
command -v mvn >/dev/null 2>&1 || { echo "Maven is required" >&2; exit 1; }
exit 0
