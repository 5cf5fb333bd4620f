#!/usr/bin/env bash
# Runs the watch benchmark: the federation as a process of its own, N idle watches open, creates
# arriving at a fixed rate and one watcher of them; prints write-to-event p50/p99 and the service's
# CPU-seconds per event. Arguments go to the harness, e.g. --watches=1000 --rate=500 --duration=30.
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./mvnw -B -q -pl benchmarks -am -DskipTests -Pwatch-benchmark verify -Dbenchmark.args="$*"
