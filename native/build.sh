#!/usr/bin/env bash
# Builds the C reference benchmark (the physical floor) with the machine's gcc into native/build/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v gcc >/dev/null 2>&1 || { echo "native/build.sh: gcc not found; install it (Debian/Ubuntu: apt-get install gcc)" >&2; exit 1; }
mkdir -p "$here/build"
gcc -O2 -std=c11 -Wall -Wextra -Werror -pthread -o "$here/build/floor" "$here/floor/floor.c"
echo "$here/build/floor"
