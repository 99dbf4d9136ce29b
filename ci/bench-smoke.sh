#!/usr/bin/env bash
# CI smoke of the benchmarks, so they never rot: every JMH benchmark once, briefly, then
# `./quicksilver bench --smoke`. It fails when a benchmark throws (its own correctness checks included)
# or the study reports a failed check; it never compares a timing with anything.
# Needs benchmarks/target/quicksilver-benchmarks.jar, which `./quicksilver test` (mvn install) packages.
#   ci/bench-smoke.sh [DIR]     results in DIR under the project root (default target/ci-bench):
#                               jmh.json, jmh.log and the study's report
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

out="${1:-target/ci-bench}"
jar="benchmarks/target/quicksilver-benchmarks.jar"
if [ ! -f "$jar" ]; then
  echo "bench-smoke: $jar is missing; run ./quicksilver test (or ./quicksilver build) first" >&2
  exit 1
fi
java_home="$(./quicksilver java-home)" || exit 1
mkdir -p "$out"

# One fork, no warm-up, one 200 ms iteration per benchmark and parameter combination: enough to run every
# @Setup, @Benchmark and @TearDown (where the benchmarks check what they delivered), far too little to mean
# anything as a figure. -foe makes a benchmark's exception fail the run (exit 1) instead of a line in the log.
# jmh.ignoreLock: other JMH runs on a shared CI machine must not block or fail this one.
echo "== JMH smoke: every benchmark, 1 fork, 0 warm-up, 1 x 200 ms"
jmh_start=$SECONDS
"$java_home/bin/java" -Djmh.ignoreLock=true --enable-native-access=ALL-UNNAMED \
  --add-modules jdk.incubator.vector --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
  -jar "$jar" -f 1 -wi 0 -i 1 -r 200ms -foe true -rf json -rff "$out/jmh.json" 2>&1 | tee "$out/jmh.log"
jmh_status=${PIPESTATUS[0]}
jmh_seconds=$((SECONDS - jmh_start))
# JMH exits 0 when it found no benchmark at all; a jar that lost its benchmarks has rotted too.
jmh_runs=$(grep -c '^# Benchmark: ' "$out/jmh.log" || true)
if [ "$jmh_status" -eq 0 ] && [ "$jmh_runs" -eq 0 ]; then
  echo "bench-smoke: JMH ran no benchmark (see $out/jmh.log)" >&2
  jmh_status=1
fi

echo "== ./quicksilver bench --smoke --out $out"
bench_start=$SECONDS
./quicksilver bench --smoke --out "$out"
bench_status=$?
bench_seconds=$((SECONDS - bench_start))

verdict() { [ "$1" -eq 0 ] && echo ok || echo "FAILED (exit $1)"; }
echo "bench-smoke: jmh $(verdict "$jmh_status"), $jmh_runs runs, ${jmh_seconds}s;" \
  "quicksilver bench --smoke $(verdict "$bench_status"), ${bench_seconds}s;" \
  "total $((jmh_seconds + bench_seconds))s; results in $out"
[ "$jmh_status" -eq 0 ] && [ "$bench_status" -eq 0 ]
