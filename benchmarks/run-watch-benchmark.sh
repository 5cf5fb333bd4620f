#!/usr/bin/env bash
# Runs the watch benchmark: the federation as a process of its own, N informers listing and then
# watching at once, creates arriving at a fixed rate and one watcher of them; prints the time the
# watches took to open, write-to-event p50/p99 and the CPU-seconds per event of the service and of
# its PostgreSQL. Arguments go to the harness, e.g. --watches=1000 --rate=500 --duration=30.
#
# On a machine with two CPUs or more the service (and the PostgreSQL it starts) runs on CPU 0 and
# this load generator on the others, so that neither measures the other; --service-cpus=<list>
# chooses other CPUs for the service.
set -euo pipefail
cd "$(dirname "$0")/.."

cpus=$(nproc)
if [ "$cpus" -ge 2 ] && command -v taskset > /dev/null; then
  exec taskset -c "1-$((cpus - 1))" ./mvnw -B -q -pl benchmarks -am -DskipTests -Pwatch-benchmark \
    verify -Dbenchmark.args="$* --service-cpus=0"
fi
exec ./mvnw -B -q -pl benchmarks -am -DskipTests -Pwatch-benchmark verify -Dbenchmark.args="$*"
