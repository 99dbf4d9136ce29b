#!/usr/bin/env bash
# Regenerates the FFM bindings in java-bindings/src/main/java from native/include/quicksilver_native.h.
#
#   native/jextract.sh            run both jextract commands below (needs jextract 22+ on PATH and
#                                 the libnuma-dev + libc6-dev headers, see native/include/README.md)
#
# jextract CANNOT be downloaded on the machines Quicksilver is developed on, so the generated sources
# are committed and this script is the record of exactly how they were produced. Run it where
# jextract is installed (https://jdk.java.net/jextract/), then review the diff: only
#   java-bindings/src/main/java/io/quicksilver/bindings/libnuma/numa_h.java
#   java-bindings/src/main/java/io/quicksilver/bindings/libc/libc_h.java
#   java-bindings/src/main/java/io/quicksilver/bindings/libc/Dl_info.java
# should change. The package-info.java files in those two packages are hand-written (jextract does
# not emit them) and survive regeneration.
#
# How the generated code finds its symbols (read before adding --library)
# -----------------------------------------------------------------------
# Neither command passes --library or --use-system-load-library. jextract then emits, in the header
# class,
#     static final SymbolLookup SYMBOL_LOOKUP = SymbolLookup.loaderLookup()
#             .or(Linker.nativeLinker().defaultLookup());
# and resolves each function lazily, in a per-function holder class, the first time that function
# (or its $address/$descriptor/$handle accessor) is used. Initialising numa_h or libc_h therefore never
# fails, whether or not libnuma is installed.
#   - libc symbols come from defaultLookup() (the C library the JVM itself links).
#   - libnuma is loaded by hand-written code, io.quicksilver.bindings.LibNuma: it dlopen()s the
#     library by soname (SymbolLookup.libraryLookup("libnuma.so.1", ...); the name is injectable with
#     -Dquicksilver.libnuma.name=...), asks dladdr() which file the dynamic linker picked, and
#     System.load()s that file into the bindings' class loader, which is what loaderLookup() searches.
#     A missing library makes LibNuma.isAvailable() false, with a reason naming the library; nothing
#     throws, and the hand-written code never touches a numa_h function in that state.
# Why not --library numa / --library :libnuma.so.1: jextract would then put
# SymbolLookup.libraryLookup(...) in numa_h's static initialiser, which throws when libnuma is absent,
# so every class that touches numa_h (constants included) would fail with ExceptionInInitializerError.
# --use-system-load-library has the same problem, and System.loadLibrary("numa") looks for the
# unversioned libnuma.so that only the -dev package installs.
#
# errno: jextract cannot emit Linker.Option.captureCallState("errno"), so the generated invokers
# lose errno. The hand-written classes in io.quicksilver.bindings (LibNuma, LibC) build their own
# errno-capturing downcall handles from the generated <function>$address() and <function>$descriptor().
#
# The committed sources follow jextract 22's output shape. Newer jextract builds move the C_* layouts
# into a numa_h$shared superclass and call SymbolLookup.findOrThrow; the hand-written code only uses
# $address(), $descriptor(), the invokers and the constant accessors, which every shape provides.
#
# java-bindings/src/test/java/io/quicksilver/bindings/BoundSymbolsTest.java reads the two commands
# below and checks that every --include-function resolves and every --include-constant exists, so the
# include lists here and the generated code cannot drift apart.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HEADER="$ROOT/native/include/quicksilver_native.h"
OUTPUT="$ROOT/java-bindings/src/main/java"
JEXTRACT="${JEXTRACT:-jextract}"

if ! command -v "$JEXTRACT" >/dev/null 2>&1; then
  cat >&2 <<'MSG'
native/jextract.sh: jextract is not on PATH.
jextract cannot be downloaded on these machines; the generated bindings are committed in
java-bindings/src/main/java and build without it. To regenerate them, run this script on a machine
with jextract 22+ (https://jdk.java.net/jextract/) and the libnuma-dev and libc6-dev headers
installed, or point JEXTRACT=/path/to/jextract at it.
MSG
  exit 1
fi

if command -v cpp >/dev/null 2>&1 && ! printf '#include <numa.h>\n#include <numaif.h>\n' | cpp >/dev/null 2>&1; then
  echo "native/jextract.sh: <numa.h>/<numaif.h> not found; install libnuma-dev (Fedora: numactl-devel)" >&2
  exit 1
fi

# libnuma: numa.h + numaif.h, resolved at run time through the loader lookup (see above).
"$JEXTRACT" \
    --output "$OUTPUT" \
    --target-package io.quicksilver.bindings.libnuma \
    --header-class-name numa_h \
    -I "$ROOT/native/include" \
    --include-function numa_available \
    --include-function numa_max_node \
    --include-function numa_num_configured_nodes \
    --include-function numa_num_configured_cpus \
    --include-function numa_node_of_cpu \
    --include-function numa_alloc_onnode \
    --include-function numa_free \
    --include-function numa_tonode_memory \
    --include-function get_mempolicy \
    --include-function mbind \
    --include-function move_pages \
    --include-constant MPOL_DEFAULT \
    --include-constant MPOL_PREFERRED \
    --include-constant MPOL_BIND \
    --include-constant MPOL_INTERLEAVE \
    --include-constant MPOL_LOCAL \
    --include-constant MPOL_F_NODE \
    --include-constant MPOL_F_ADDR \
    --include-constant MPOL_MF_STRICT \
    --include-constant MPOL_MF_MOVE \
    "$HEADER"

# libc: scheduler affinity, errno text, dladdr, page size; resolved through the default lookup.
"$JEXTRACT" \
    --output "$OUTPUT" \
    --target-package io.quicksilver.bindings.libc \
    --header-class-name libc_h \
    -I "$ROOT/native/include" \
    --include-function dladdr \
    --include-function sched_setaffinity \
    --include-function sched_getaffinity \
    --include-function sched_getcpu \
    --include-function strerrordesc_np \
    --include-function strerrorname_np \
    --include-function getpagesize \
    --include-typedef Dl_info \
    --include-constant CPU_SETSIZE \
    --include-constant EPERM \
    --include-constant ENOENT \
    --include-constant EIO \
    --include-constant ENOMEM \
    --include-constant EFAULT \
    --include-constant EINVAL \
    --include-constant ENOSYS \
    "$HEADER"

echo "regenerated io.quicksilver.bindings.libnuma and io.quicksilver.bindings.libc under $OUTPUT"
