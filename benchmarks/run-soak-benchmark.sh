#!/usr/bin/env bash
# Runs the soak benchmark: builds everything, then starts the federation service and a sandbox of
# simulated member clusters with real agents as processes of their own, and keeps changing
# workloads, failing and recovering clusters and restarting agents for an hour. Prints every
# minute the service's and the sandbox's resident memory, threads and open files, the database's
# connections and the API's p50/p99, then how each moved. Arguments go to the harness, e.g.
# --minutes=10 --clusters=6 --population=40 --rate=2 --fail-every=5 --restart-every=7.
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./mvnw -B -q -pl benchmarks -am -DskipTests -Psoak-benchmark verify -Dbenchmark.args="$*"
